"""A user's notification preferences: GET / PUT /api/v1/users/{user_id}/preferences."""

from __future__ import annotations

from litestar import Controller, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from application.notifications.preferences import (
    GetPreferences,
    PreferencesBody,
    PreferencesView,
    PutPreferences,
)


class PreferencesController(Controller):
    path = "/api/v1/users/{user_id:str}/preferences"
    tags = ["notifications"]

    @get("/", summary="A user's channel and category opt-outs (all enabled when never set)")
    async def get_one(
        self, user_id: FromPath[str], get_preferences: NamedDependency[GetPreferences]
    ) -> PreferencesView:
        return await get_preferences(user_id)

    @put("/", summary="Replace a user's opt-outs: {channels: {sms: false}, categories: {marketing: false}}")
    async def put_one(
        self,
        user_id: FromPath[str],
        data: JSONBody[PreferencesBody],
        put_preferences: NamedDependency[PutPreferences],
    ) -> PreferencesView:
        return await put_preferences(user_id, data)
