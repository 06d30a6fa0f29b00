"""Per-key rate limiting at the edge: 429 with RateLimit headers beyond the limit, then recovery."""

import pytest

from adapters.memory.ratelimit import InMemoryRateLimiter
from containers import build_container
from entrypoints.app import create_app
from entrypoints.settings import SettingsError, load_settings
from tests.e2e.hardening.conftest import KEY
from tests.fakes.clock import FakeClock
from tests.fakes.ratelimit import UnreachableRateLimiter

LIMITED = {"security": {"rate_limit": {"enabled": True, "requests": 3, "window_seconds": 60}}}


def _clocked(clock):
    return lambda container: container.infrastructure.rate_limiter.override(InMemoryRateLimiter(clock=clock))


async def test_burst_beyond_the_limit_gets_429_and_recovers_after_the_window(make_client):
    clock = FakeClock(now=6_000.0)  # a window boundary, so the window is a full 60 s
    async with make_client(LIMITED, configure=_clocked(clock)) as client:
        allowed = [await client.get("/api/v1/system-info") for _ in range(3)]
        clock.advance(15)
        refused = await client.get("/api/v1/system-info")
        clock.advance(45)
        recovered = await client.get("/api/v1/system-info")
    assert [r.status_code for r in allowed] == [200, 200, 200]
    assert [r.headers["ratelimit-remaining"] for r in allowed] == ["2", "1", "0"]
    assert allowed[0].headers["ratelimit-limit"] == "3"
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "rate_limited"
    assert refused.headers["retry-after"] == refused.headers["ratelimit-reset"] == "45"
    assert (refused.headers["ratelimit-limit"], refused.headers["ratelimit-remaining"]) == ("3", "0")
    assert recovered.status_code == 200
    assert recovered.headers["ratelimit-remaining"] == "2"


async def test_each_api_key_has_its_own_budget_apart_from_anonymous_callers(make_client):
    async with make_client(LIMITED, env={"API_KEYS": f"{KEY},second-key"}) as client:
        keyed = [(await client.get("/api/v1/system-info", headers={"X-API-Key": KEY})).status_code for _ in range(4)]
        other = await client.get("/api/v1/system-info", headers={"X-API-Key": "second-key"})
        anonymous = await client.get("/api/v1/system-info")
    assert keyed == [200, 200, 200, 429]
    assert (other.status_code, anonymous.status_code) == (200, 200)


async def test_open_paths_are_not_limited(make_client):
    async with make_client(LIMITED) as client:
        statuses = {(await client.get("/health")).status_code for _ in range(5)}
        response = await client.get("/health")
    assert statuses == {200}
    assert "ratelimit-limit" not in response.headers


async def test_an_unreachable_limiter_store_lets_requests_through(make_client):
    def configure(container):
        container.infrastructure.rate_limiter.override(UnreachableRateLimiter())

    async with make_client(LIMITED, configure=configure) as client:
        statuses = [(await client.get("/api/v1/system-info")).status_code for _ in range(5)]
    assert statuses == [200] * 5


async def test_the_limiter_is_off_when_disabled(make_client):
    async with make_client() as client:
        response = await client.get("/api/v1/system-info")
    assert response.status_code == 200
    assert "ratelimit-limit" not in response.headers


def test_a_profile_naming_an_unwired_limiter_fails_at_startup(tmp_path):
    settings = load_settings(
        "test",
        env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db"},
        overrides={**LIMITED, "adapters": {"rate_limiter": "carrier-pigeon"}},
    )
    with pytest.raises(SettingsError, match=r"adapters\.rate_limiter: no adapter 'carrier-pigeon'"):
        create_app(build_container(settings=settings))
