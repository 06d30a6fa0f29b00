"""POST /api/v1/client-tokens: a merchant backend mints a browser's short-lived, one-user token."""

from __future__ import annotations

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from application.system.client_tokens import ClientToken, ClientTokenRequest, IssueClientToken


class ClientTokensController(Controller):
    path = "/api/v1/client-tokens"
    tags = ["client tokens"]

    @post(
        "/",
        summary="A token for one user's browser: opens /ws?token=... for that user only",
        description='Needs X-API-Key whenever keys are configured; see README "Client tokens".',
        status_code=201,
    )
    async def create(
        self, data: JSONBody[ClientTokenRequest], issue_client_token: NamedDependency[IssueClientToken]
    ) -> ClientToken:
        return await issue_client_token(data)
