"""Entity ids bound to the current request's log lines (structlog context variables)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import structlog


def bind_ids(**ids: str | None) -> None:
    """Bind ids to every later log line of this request or task; None values are skipped.

    Use cases call it as soon as the id exists: `bind_ids(payment_id=payment.id)`,
    `bind_ids(notification_id=n.id)`. The edge middleware clears the context per request.
    """
    structlog.contextvars.bind_contextvars(**{k: v for k, v in ids.items() if v is not None})


@contextlib.contextmanager
def bound_ids(**ids: str | None) -> Iterator[None]:
    """Like bind_ids for one block: a background loop's lines for one payment, then the next."""
    with structlog.contextvars.bound_contextvars(**{k: v for k, v in ids.items() if v is not None}):
        yield
