"""Fixtures for the provider contract tests: the local provider server and a client aimed at it."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from adapters.http import create_http_client
from tests.contract.server import ContractServer


@pytest.fixture(scope="session")
def running_server() -> Iterator[ContractServer]:
    srv = ContractServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def server(running_server: ContractServer) -> Iterator[ContractServer]:
    """A provider stand-in on an ephemeral port; any request breaking the contract fails the test."""
    running_server.reset()
    yield running_server
    violations = list(running_server.violations)
    running_server.reset()
    assert not violations, violations


@pytest.fixture
async def http(server: ContractServer) -> AsyncIterator[httpx.AsyncClient]:
    client = create_http_client(server.url, timeout=2.0)
    yield client
    await client.aclose()


class Sleeps(list):
    """Records the backoff delays instead of waiting them out."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on (bound, then released), for connection-refused cases."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
