"""Soft and hard declines: may another gateway of the family try the same charge?

A soft decline says "not now" (try again, processing error, issuer unavailable): nothing was
taken and another route may well succeed. A hard decline is the card's or the customer's answer
(insufficient funds, stolen or lost card, fraud, invalid details): asking elsewhere would only
repeat it, and retrying such declines across processors is what card networks fine as card
testing. A code a gateway does not list as soft is hard.
"""

from __future__ import annotations

SOFT, HARD = "soft", "hard"


def classify(code: str | None, soft_codes: frozenset[str]) -> str:
    """SOFT when `code` (case-insensitive) is one of the gateway's soft codes, else HARD."""
    return SOFT if code and code.strip().lower() in soft_codes else HARD
