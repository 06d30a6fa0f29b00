"""Dead letters in a list: for buses built without a database (unit and broker tests)."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec

from domain.ports import DeadLetter, DeadLetterStore
from domain.ports.dead_letters import REPLAYED, WAITING


class InMemoryDeadLetterStore(DeadLetterStore):
    def __init__(self) -> None:
        self.letters: list[DeadLetter] = []

    async def add(self, letter: DeadLetter) -> DeadLetter:
        for index, known in enumerate(self.letters):
            if (known.consumer_group, known.event_id) == (letter.consumer_group, letter.event_id):
                self.letters[index] = msgspec.structs.replace(
                    known,
                    error=letter.error,
                    attempts=known.attempts + letter.attempts,
                    status=WAITING,
                    dead_lettered_at=letter.dead_lettered_at,
                )
                return self.letters[index]
        stored = msgspec.structs.replace(letter, id=len(self.letters) + 1, status=WAITING)
        self.letters.append(stored)
        return stored

    async def list(self, *, waiting_only: bool = True, limit: int = 100) -> list[DeadLetter]:
        return [letter for letter in self.letters if not waiting_only or letter.status == WAITING][:limit]

    async def get(self, letter_id: int) -> DeadLetter | None:
        return next((letter for letter in self.letters if letter.id == letter_id), None)

    async def mark_replayed(self, letter_id: int) -> None:
        self._change(letter_id, status=REPLAYED, replayed_at=datetime.now(UTC))

    async def record_failure(self, letter_id: int, error: str) -> None:
        letter = await self.get(letter_id)
        if letter is not None:
            self._change(letter_id, status=WAITING, error=error, attempts=letter.attempts + 1)

    async def count_waiting(self) -> int:
        return sum(letter.status == WAITING for letter in self.letters)

    def _change(self, letter_id: int, **changes: object) -> None:
        for index, letter in enumerate(self.letters):
            if letter.id == letter_id:
                self.letters[index] = msgspec.structs.replace(letter, **changes)
