"""GET and PUT a user's notification preferences (channel and category opt-outs)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

import msgspec

from application.factories import KeyedFactory
from domain.errors import InvalidFactoryKey, InvalidInput
from domain.ports import NotificationChannel, PreferenceStore
from domain.preferences import Preferences

CategoryName = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
UserId = Annotated[str, msgspec.Meta(min_length=1, max_length=128)]


class PreferencesBody(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Name -> enabled; `false` opts out. Categories include `transactional` and `marketing`."""

    channels: dict[str, bool] = {}
    categories: dict[CategoryName, bool] = {}


class PreferencesView(msgspec.Struct, frozen=True):
    user_id: str
    channels: dict[str, bool]
    categories: dict[str, bool]
    updated_at: datetime | None = None


def _view(preferences: Preferences) -> PreferencesView:
    return PreferencesView(preferences.user_id, preferences.channels, preferences.categories, preferences.updated_at)


USER_ID = r"^[^\x00-\x1f\x7f]+$"  # as every user_id of the API: no control characters
_USER_ID = re.compile(USER_ID)


def _check_user(user_id: str) -> str:
    if not user_id or len(user_id) > 128 or not _USER_ID.fullmatch(user_id):
        raise InvalidInput("user_id must be 1 to 128 printable characters", field="user_id")
    return user_id


class GetPreferences:
    def __init__(self, store: PreferenceStore) -> None:
        self._store = store

    async def __call__(self, user_id: str) -> PreferencesView:
        """The stored preferences, or the default (everything enabled) for a user without any."""
        stored = await self._store.get(_check_user(user_id))
        return _view(stored or Preferences(user_id=user_id))


class PutPreferences:
    def __init__(self, store: PreferenceStore, channels: KeyedFactory[NotificationChannel]) -> None:
        self._store = store
        self._channels = channels

    async def __call__(self, user_id: str, body: PreferencesBody) -> PreferencesView:
        """Replace the user's preferences; an unknown channel is a 422 listing the known ones."""
        for channel in body.channels:
            self._channels.entry(channel, field=f"channels.{channel}", error=InvalidFactoryKey)
        preferences = Preferences(
            user_id=_check_user(user_id),
            channels=dict(body.channels),
            categories=dict(body.categories),
            updated_at=datetime.now(UTC),
        )
        await self._store.put(preferences)
        return _view(preferences)
