"""A user's notification preferences: channels and categories they opted out of."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True, kw_only=True)
class Preferences:
    """`channels` / `categories` map a name to enabled (True) or opted out (False); a name
    not listed is enabled."""

    user_id: str
    channels: dict[str, bool] = field(default_factory=dict)
    categories: dict[str, bool] = field(default_factory=dict)
    updated_at: datetime | None = None

    def opt_out_reason(self, channel: str, category: str) -> str | None:
        """Why a message of `category` on `channel` must not reach this user, or None."""
        if self.channels.get(channel) is False:
            return f"the user opted out of the {channel} channel"
        if self.categories.get(category) is False:
            return f"the user opted out of {category} messages"
        return None
