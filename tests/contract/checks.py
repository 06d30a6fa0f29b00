"""Small request checks shared by the provider contracts; each returns the problems it found."""

from __future__ import annotations

import base64

from tests.contract.server import Recorded


def bearer(request: Recorded, token: str) -> list[str]:
    got = request.headers.get("authorization")
    return [] if got == f"Bearer {token}" else [f"Authorization must be 'Bearer {token}', got {got!r}"]


def basic(request: Recorded, user: str, password: str) -> list[str]:
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    got = request.headers.get("authorization")
    return [] if got == expected else [f"Authorization must be HTTP Basic {user}:***, got {got!r}"]


def content_type(request: Recorded, expected: str) -> list[str]:
    got = request.headers.get("content-type", "")
    return [] if got.split(";")[0].strip() == expected else [f"Content-Type must be {expected}, got {got!r}"]


def header(request: Recorded, name: str, value: str | None = None) -> list[str]:
    got = request.headers.get(name.lower())
    if not got:
        return [f"header {name} is required"]
    if value is not None and got != value:
        return [f"header {name} must be {value!r}, got {got!r}"]
    return []


def fields(data: dict, *names: str) -> list[str]:
    return [f"field {name} is required" for name in names if data.get(name) in (None, "")]


def minor_units(value: object, name: str = "amount") -> list[str]:
    """An amount in the smallest currency unit: a positive integer, never a decimal or a float."""
    text = str(value)
    ok = (isinstance(value, int) and not isinstance(value, bool) and value > 0) or (
        isinstance(value, str) and text.isdigit() and int(text) > 0
    )
    return [] if ok else [f"{name} must be a positive integer in minor units, got {value!r}"]
