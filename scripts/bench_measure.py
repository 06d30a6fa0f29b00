"""Measure one running service (scripts/bench.sh starts it): per route, hey's req/s, p50, p99 and
status codes beside the service's CPU per request (utime+stime of its process in /proc); idle
CPU before and after the load; outbox lag and commit-to-WebSocket latency during the POST load.

Usage: bench_measure.py BASE_URL PID DATABASE_URL OUT.json
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
JSON = "Content-Type: application/json"
PAYMENT = '{"user_id":"user123","amount":100.50,"currency":"USD","payment_method":"stripe"}'
NOTIFICATION = '{"recipient":"user@example.com","subject":"Test","message":"Test message","channel":"email"}'
# (key, route, requests, hey arguments after -n/-c)
ROUTES = [
    ("floor", "GET /api/v1/payment-gateways", 2000, ["/api/v1/payment-gateways"]),
    ("payments", "POST /api/v1/payments", 1000, ["-m", "POST", "-H", JSON, "-d", PAYMENT, "/api/v1/payments"]),
    (
        "notifications",
        "POST /api/v1/notifications",
        1000,
        ["-m", "POST", "-H", JSON, "-d", NOTIFICATION, "/api/v1/notifications"],
    ),
    ("health", "GET /health", 2000, ["/health"]),
    ("live", "GET /health/live", 2000, ["/health/live"]),
]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def cpu_ns(pid: int) -> int:
    """CPU time of every thread of `pid` in nanoseconds (schedstat): /proc/<pid>/stat counts in
    ticks of 10 ms, too coarse for a second of idling."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):  # a thread that just ended
            continue
    return total


def idle_ms_per_s(pid: int, seconds: float = 1.0) -> float:
    before = cpu_ns(pid)
    time.sleep(seconds)
    return (cpu_ns(pid) - before) / 1e6 / seconds


def parse_hey(text: str) -> dict:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    latency = dict(re.findall(r"(\d+)%+ in ([\d.]+) secs", text))
    statuses = {code: int(count) for code, count in re.findall(r"\[(\d{3})\]\s+(\d+) responses", text)}
    errors = text.split("Error distribution:")[1] if "Error distribution:" in text else ""
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50_ms": float(latency.get("50", "nan")) * 1000,
        "p99_ms": float(latency.get("99", "nan")) * 1000,
        "statuses": statuses,
        "non_2xx": sum(n for code, n in statuses.items() if not code.startswith("2"))
        + sum(int(n) for n in re.findall(r"\[(\d+)\]", errors)),
    }


def hey(base: str, pid: int, requests: int, args: list[str]) -> dict:
    *options, path = args
    before = cpu_seconds(pid)
    out = subprocess.run(
        ["hey", "-n", str(requests), "-c", "10", *options, base + path], capture_output=True, text=True, check=True
    ).stdout
    result = parse_hey(out)
    result["cpu_us"] = (cpu_seconds(pid) - before) * 1e6 / requests
    return result


def scrape(base: str) -> str:
    out = subprocess.run(["curl", "-fsS", base + "/metrics"], capture_output=True, text=True)
    return out.stdout


def histogram_quantiles(text: str, name: str, quantiles=(0.5, 0.99)) -> dict:
    """p50/p99 (ms) of a Prometheus histogram, linearly interpolated inside the bucket."""
    buckets = sorted(
        (float("inf") if le == "+Inf" else float(le), float(n))
        for le, n in re.findall(rf'^{name}_bucket\{{le="([^"]+)"\}} ([\d.e+]+)$', text, re.M)
    )
    if not buckets or buckets[-1][1] == 0:
        return {f"p{int(q * 100)}_ms": None for q in quantiles} | {"count": 0}
    total = buckets[-1][1]
    found = {"count": int(total)}
    for q in quantiles:
        rank, lower, below = q * total, 0.0, 0.0
        for upper, count in buckets:
            if count >= rank:
                upper = lower * 2 if upper == float("inf") else upper
                share = (rank - below) / (count - below) if count > below else 1.0
                found[f"p{int(q * 100)}_ms"] = round((lower + (upper - lower) * share) * 1000, 2)
                break
            lower, below = upper, count
    return found


def unsent(database_url: str) -> tuple[int, float]:
    """Unsent outbox rows and the oldest one's age, read from outside the service."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    async def query() -> tuple[int, float]:
        engine = create_async_engine(database_url)
        try:
            async with engine.connect() as conn:
                row = (
                    await conn.execute(text("SELECT count(*), min(occurred_at) FROM outbox WHERE sent_at IS NULL"))
                ).first()
        finally:
            await engine.dispose()
        return int(row[0]), row[1]

    count, oldest = asyncio.run(query())
    return count, oldest


class WebSocketClient(threading.Thread):
    """The user's browser tab: connected during the POST load, so events are pushed somewhere."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.received, self._halt = url, 0, threading.Event()

    def run(self) -> None:
        from websockets.sync.client import connect

        with connect(self.url) as ws:
            while not self._halt.is_set():
                try:
                    ws.recv(timeout=0.2)
                    self.received += 1
                except TimeoutError:
                    continue

    def stop(self) -> None:
        self._halt.set()
        self.join(5)


class LagSampler(threading.Thread):
    """The service's own factory_outbox_lag_seconds gauge, every 0.5 s (a scrape costs little)."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base, self.samples, self._halt = base, [], threading.Event()

    def run(self) -> None:
        while not self._halt.wait(0.5):
            found = re.search(r"^factory_outbox_lag_seconds ([\d.e+-]+)$", scrape(self.base), re.M)
            if found:
                self.samples.append(float(found.group(1)))

    def stop(self) -> None:
        self._halt.set()
        self.join(5)


def main(base: str, pid: int, database_url: str, out: Path) -> None:
    subprocess.run(["hey", "-n", "300", "-c", "10", base + "/api/v1/payment-gateways"], capture_output=True)
    result: dict = {"idle_before_ms_per_s": idle_ms_per_s(pid), "routes": {}}
    live = subprocess.run(
        ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", base + "/health/live"], text=True, capture_output=True
    )
    for key, route, requests, args in ROUTES:
        if key == "live" and live.stdout != "200":
            continue
        print(f"bench: {route}", file=sys.stderr)
        if key != "payments":
            result["routes"][key] = {"route": route, "requests": requests, **hey(base, pid, requests, args)}
            continue
        ws = WebSocketClient(base.replace("http", "ws", 1) + "/ws?user_id=user123&client_id=bench")
        ws.start()
        time.sleep(0.5)
        sampler = LagSampler(base)
        sampler.start()
        result["routes"][key] = {"route": route, "requests": requests, **hey(base, pid, requests, args)}
        sampler.stop()
        result["idle_after_ms_per_s"] = idle_ms_per_s(pid)  # the first second after the load
        count, _ = unsent(database_url)
        result["unsent_1s_after_load"] = count
        time.sleep(0.5)
        ws.stop()
        result["outbox_lag_max_s"] = max(sampler.samples, default=None)
        result["push_latency"] = histogram_quantiles(scrape(base), "factory_event_push_seconds")
        result["ws_events_received"] = ws.received
    out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], Path(sys.argv[4]))
