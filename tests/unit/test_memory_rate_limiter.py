"""The in-memory fixed-window limiter: counts per key and window, resets, stays bounded."""

from adapters.memory.ratelimit import InMemoryRateLimiter
from domain.ports import RateLimiter
from tests.fakes.clock import FakeClock


async def test_counts_per_key_within_a_window_and_resets_at_its_end():
    clock = FakeClock(now=100.0)
    limiter = InMemoryRateLimiter(clock=clock)
    results = [await limiter.hit("a", 2, 10) for _ in range(3)]
    assert [r.allowed for r in results] == [True, True, False]
    assert [r.remaining for r in results] == [1, 0, 0]
    assert results[0].reset_seconds == 10.0
    assert (await limiter.hit("b", 2, 10)).allowed
    clock.advance(10)
    assert (await limiter.hit("a", 2, 10)).remaining == 1


async def test_reset_counts_down_to_the_window_boundary():
    clock = FakeClock(now=107.5)
    result = await InMemoryRateLimiter(clock=clock).hit("a", 5, 10)
    assert result.reset_seconds == 2.5


async def test_expired_windows_are_dropped_when_the_table_is_full():
    clock = FakeClock(now=0.0)
    limiter = InMemoryRateLimiter(clock=clock, max_keys=2)
    await limiter.hit("a", 5, 10)
    await limiter.hit("b", 5, 10)
    clock.advance(10)
    await limiter.hit("c", 5, 10)
    assert set(limiter._windows) == {"c"}


def test_implements_the_port():
    assert isinstance(InMemoryRateLimiter(), RateLimiter)
