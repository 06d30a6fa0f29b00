"""Turn the hey outputs of scripts/bench.sh into docs/benchmarks.md (stdout)."""

from __future__ import annotations

import datetime
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

ROUTES = {
    "1-post-payments": "POST /api/v1/payments",
    "2-post-notifications": "POST /api/v1/notifications",
    "3-get-payment": "GET /api/v1/payments/{id}",
    "4-get-health": "GET /health",
}


def parse(text: str) -> dict:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    latency = dict(re.findall(r"(\d+)%+ in ([\d.]+) secs", text))
    statuses = re.findall(r"\[(\d{3})\]\s+(\d+) responses", text)
    errors = (
        re.findall(r"\[(\d+)\]\s+(.+)", text.split("Error distribution:")[1]) if "Error distribution:" in text else []
    )
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50": float(latency.get("50", "nan")) * 1000,
        "p99": float(latency.get("99", "nan")) * 1000,
        "statuses": ", ".join(f"{code}: {count}" for code, count in statuses) or "none",
        "errors": sum(int(count) for count, _ in errors),
    }


def main(work: Path, payment_id: str) -> None:
    results = {name: parse((work / f"{name}.txt").read_text()) for name in ROUTES}
    health = results["4-get-health"]["rps"] or 1.0
    commit = (
        subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        or "unknown"
    )
    print("# Benchmarks\n")
    print(
        "`make bench` (scripts/bench.sh): the service on the local profile (SQLite WAL, in-process "
        "bus, sandbox gateways, file channels, rate limiter on with an unreachable budget), "
        "one uvicorn worker, `hey` on the same machine.\n"
    )
    print(f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M UTC}")
    print(f"- commit: {commit}")
    print(f"- cores (`nproc`): {len(os.sched_getaffinity(0))}; Python {platform.python_version()}")
    print(f"- payment fetched: `{payment_id}`\n")
    print("| route | requests | req/s | p50 ms | p99 ms | status codes | errors | req/s vs /health |")
    print("|---|---|---|---|---|---|---|---|")
    for name, route in ROUTES.items():
        r = results[name]
        total = "1000 -c 10" if name.startswith(("1", "2")) else "2000 -c 10"
        print(
            f"| {route} | {total} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
            f"{r['statuses']} | {r['errors']} | {r['rps'] / health:.2f} |"
        )
    print(
        "\nNon-2xx rows mean the route answered with an error (for example 404 before the "
        "route existed); their numbers measure that answer, not the happy path."
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
