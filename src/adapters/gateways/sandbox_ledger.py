"""The sandbox gateways' memory of their charges, in a file, so it survives a restart as a
provider's does: a charge repeated with its idempotency key after a crash is the same charge."""

from __future__ import annotations

import os
from pathlib import Path

import msgspec

from domain.money import Money
from domain.ports import ChargeRequest


class LedgerLine(msgspec.Struct, frozen=True):
    """One charge the sandbox made: what it was asked and which outcome it chose."""

    key: str
    trigger: str
    payment_id: str
    user_id: str
    amount_minor: int
    currency: str
    description: str | None = None

    def request(self) -> ChargeRequest:
        return ChargeRequest(
            payment_id=self.payment_id,
            user_id=self.user_id,
            amount=Money(self.amount_minor, self.currency),
            idempotency_key=self.key,
            description=self.description,
        )


class SandboxLedger:
    """Appends one JSON line per charge to `<directory>/<gateway>.jsonl` before the sandbox
    answers. Each line is one write() on an O_APPEND descriptor: a killed process leaves whole
    lines (the page cache keeps them; only a power cut could lose the last ones)."""

    def __init__(self, directory: str, gateway: str) -> None:
        self.path = Path(directory) / f"{gateway}.jsonl"
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def lines(self) -> list[LedgerLine]:
        if not self.path.exists():
            return []
        decoder = msgspec.json.Decoder(LedgerLine)
        return [decoder.decode(raw) for raw in self.path.read_bytes().splitlines() if raw.strip()]

    def append(self, request: ChargeRequest, trigger: str) -> None:
        line = LedgerLine(
            key=request.idempotency_key,
            trigger=trigger,
            payment_id=request.payment_id,
            user_id=request.user_id,
            amount_minor=request.amount.minor,
            currency=request.amount.currency,
            description=request.description,
        )
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, msgspec.json.encode(line) + b"\n")
        finally:
            os.close(fd)
