"""Local-profile channel: writes what it would send under var/outbox/<channel>/."""

from __future__ import annotations

import asyncio
from pathlib import Path

import msgspec

from domain.ports import DeliveryResult, NotificationChannel, OutgoingMessage


class FileChannel(NotificationChannel):
    def __init__(self, name: str, directory: str = "var/outbox") -> None:
        self.name = name
        self._dir = Path(directory) / name

    def validate_recipient(self, recipient: str, *, field: str = "recipient") -> None:
        return None

    def _write(self, message: OutgoingMessage) -> Path:
        self._dir.mkdir(parents=True, exist_ok=True)
        path = self._dir / f"{message.notification_id}.json"
        path.write_bytes(msgspec.json.encode(message))
        return path

    async def send(self, message: OutgoingMessage) -> DeliveryResult:
        path = await asyncio.to_thread(self._write, message)
        return DeliveryResult(provider_message_id=f"file:{path.name}", detail=str(path))
