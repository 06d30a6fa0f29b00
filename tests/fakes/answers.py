"""A use case's Answer as the API would send it (the entrypoint's encoding)."""

from __future__ import annotations

from typing import Any

import msgspec

from application.idempotency import Answer
from entrypoints.answers import created


def answer_bytes(answer: Answer[Any]) -> bytes:
    return (answer.replay or created(answer.result)).body


def answer_json(answer: Answer[Any]) -> Any:
    return msgspec.json.decode(answer_bytes(answer))
