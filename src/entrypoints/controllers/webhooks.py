"""Provider webhooks: the raw body goes to the use case untouched (signatures cover its bytes)."""

from __future__ import annotations

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from application.payments.handle_webhook import HandleWebhook, WebhookCommand, WebhookResult


class WebhooksController(Controller):
    path = "/api/v1/webhooks"
    tags = ["webhooks"]

    @post(
        "/{gateway:str}",
        status_code=200,
        summary="A provider's signed notification (public; the signature authenticates it)",
    )
    async def receive(
        self, gateway: FromPath[str], request: Request, handle_webhook: NamedDependency[HandleWebhook]
    ) -> WebhookResult:
        body = await request.body()
        return await handle_webhook(WebhookCommand(gateway, dict(request.headers), body))
