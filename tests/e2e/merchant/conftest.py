"""Merchant features over HTTP and WebSocket: the edge tests' app factory (settings overrides)."""

from tests.e2e.hardening.conftest import make_client

__all__ = ["make_client"]
