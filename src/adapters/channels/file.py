"""Local-profile channel: writes what it would send under var/outbox/<channel>/.

Email becomes a real RFC 5322 `.eml` file (the very message the SMTP channel would send); the
provider channels write the JSON (or form) body their live adapter would POST. One thread renders
and writes the files of every channel, a batch at a time: a send is written before it returns,
as with a thread per call, but the event loop is woken once per batch, not once per file.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from adapters.channels.email_message import build_email
from adapters.channels.fcm import fcm_payload
from adapters.channels.slack import slack_payload
from adapters.channels.twilio import twilio_form
from adapters.channels.whatsapp import whatsapp_payload
from domain import recipients
from domain.ports import DeliveryResult, NotificationChannel, OutgoingMessage

Render = Callable[[OutgoingMessage, str], tuple[str, bytes]]


def _json(body: Callable[[OutgoingMessage], Any]) -> Render:
    return lambda message, _sender: (".json", msgspec.json.encode(body(message)))


_RENDERERS: dict[str, Render] = {
    "email": lambda message, sender: (".eml", build_email(message, sender).as_bytes()),
    "sms": lambda message, sender: (".json", msgspec.json.encode(twilio_form(message, sender))),
    "push": _json(fcm_payload),
    "whatsapp": _json(whatsapp_payload),
    "slack": _json(slack_payload),
}


class FileChannel(NotificationChannel):
    """`sender` is what the live adapter sends from: the email From address or the SMS number."""

    def __init__(self, name: str, directory: str = "var/outbox", sender: str = "") -> None:
        self.name = name
        self._dir = Path(directory) / name
        self._sender = sender or {"email": "no-reply@factory.local", "sms": "+15005550006"}.get(name, "")
        self._render = _RENDERERS.get(name, _json(_as_dict))
        self._ready = False

    def validate_recipient(self, recipient: str, *, field: str = "recipient") -> None:
        recipients.validate_recipient(self.name, recipient, field)

    def _write(self, message: OutgoingMessage) -> Path:
        if not self._ready:
            self._dir.mkdir(parents=True, exist_ok=True)
            self._ready = True
        suffix, content = self._render(message, self._sender)
        path = self._dir / f"{message.notification_id}{suffix}"
        path.write_bytes(content)
        return path

    async def send(self, message: OutgoingMessage) -> DeliveryResult:
        path = await _SPOOLER.run(self._write, message)
        return DeliveryResult(provider_message_id=f"file:{path.name}", detail=str(path))


class _Spooler:
    """The file writer thread: runs queued writes in order, then settles each event loop's
    futures of the batch in one call (one wake-up of the loop for the whole batch)."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._starting = threading.Lock()

    def run(self, write: Callable[[OutgoingMessage], Path], message: OutgoingMessage) -> asyncio.Future:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        if self._thread is None:
            with self._starting:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._serve, name="file-channel", daemon=True)
                    self._thread.start()
        self._jobs.put((write, message, future, loop))
        return future

    def _serve(self) -> None:
        while True:
            batch = [self._jobs.get()]
            while True:
                try:
                    batch.append(self._jobs.get_nowait())
                except queue.Empty:
                    break
            done: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future, Path | None, BaseException | None]]] = {}
            for write, message, future, loop in batch:
                try:
                    outcome: tuple = (future, write(message), None)
                except Exception as exc:  # the caller's send raises it, as a write of its own would
                    outcome = (future, None, exc)
                done.setdefault(loop, []).append(outcome)
            for loop, outcomes in done.items():
                try:
                    loop.call_soon_threadsafe(_settle, outcomes)
                except RuntimeError:  # that loop is closed: nobody waits any more
                    pass


def _settle(outcomes: list[tuple[asyncio.Future, Path | None, BaseException | None]]) -> None:
    for future, path, error in outcomes:
        if future.done():  # its caller was cancelled
            continue
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(path)


_SPOOLER = _Spooler()


def _as_dict(message: OutgoingMessage) -> dict[str, Any]:
    return {"recipient": message.recipient, "subject": message.subject, "message": message.message}
