"""Turn scripts/bench_measure.py's results (docs/bench/<label>-<engine>.json) into docs/benchmarks.md
(stdout) and a PNG chart of req/s and CPU per request by route, before and after.

Usage: bench_report.py RESULTS_DIR CHART.png
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ENGINES = {"sqlite": "local profile (SQLite, WAL, synchronous=FULL)", "postgresql": "PostgreSQL", "mysql": "MariaDB"}
LABELS = ("before", "after")
GOALS = {"floor": 250, "payments": 1000, "notifications": 1000, "live": 250}


def load(directory: Path) -> dict[tuple[str, str], dict]:
    found = {}
    for label in LABELS:
        for engine in ENGINES:
            path = directory / f"{label}-{engine}.json"
            if path.exists():
                found[label, engine] = json.loads(path.read_text())
    return found


def fmt(value: float | None, digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def table(label: str, engine: str, run: dict) -> None:
    routes = run["routes"]
    floor = routes["floor"]["rps"] or 1.0
    print(f"\n### {ENGINES[engine]}: {label}\n")
    print("| route | requests (-c 10) | CPU us/request | req/s | x floor req/s | p50 ms | p99 ms | non-2xx |")
    print("|---|---|---|---|---|---|---|---|")
    for key, r in routes.items():
        goal = GOALS.get(key)
        mark = "" if goal is None or label == "before" else (" ok" if r["cpu_us"] <= goal else " over goal")
        print(
            f"| {r['route']} | {r['requests']} | {fmt(r['cpu_us'])}{mark} | {fmt(r['rps'])} | "
            f"{r['rps'] / floor:.2f} | {fmt(r['p50_ms'], 1)} | {fmt(r['p99_ms'], 1)} | {r['non_2xx']} |"
        )
    push = run.get("push_latency") or {}
    idle_note = " (10 ms ticks of /proc/<pid>/stat: the measure before schedstat)" if label == "before" else ""
    print(
        f"\n- idle CPU: {fmt(run['idle_before_ms_per_s'], 1)} ms/s before the load, "
        f"{fmt(run.get('idle_after_ms_per_s'), 1)} ms/s in the first second after the POST load{idle_note}"
    )
    print(
        f"- outbox during the POST load: largest `factory_outbox_lag_seconds` seen "
        f"{fmt(run.get('outbox_lag_max_s'), 3)} s; unsent events 1 s after the load: "
        f"{run.get('unsent_1s_after_load', 'n/a')}"
    )
    if not push.get("count"):
        print("- commit to WebSocket push: not measured (no histogram before this change)")
        return
    print(
        f"- commit to WebSocket push (`factory_event_push_seconds`): p50 {fmt(push.get('p50_ms'), 1)} ms, "
        f"p99 {fmt(push.get('p99_ms'), 1)} ms over {push.get('count', 0)} events "
        f"({run.get('ws_events_received', 0)} received by the bench's WebSocket client; the hub drops a "
        "client whose queue fills, so a starved client counts fewer)"
    )


def chart(results: dict, path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # the bench extra is optional: the tables are the record
        return False
    engines = [e for e in ENGINES if any((label, e) in results for label in LABELS)]
    fig, axes = plt.subplots(len(engines), 2, figsize=(12, 3.6 * len(engines)), squeeze=False)
    for row, engine in enumerate(engines):
        keys = [k for run in (results.get((lb, engine)) for lb in LABELS) if run for k in run["routes"]]
        keys = list(dict.fromkeys(keys))
        names = [k for k in keys]
        for col, (metric, title) in enumerate((("rps", "requests/s"), ("cpu_us", "CPU us per request"))):
            ax = axes[row][col]
            width = 0.38
            for i, label in enumerate(LABELS):
                run = results.get((label, engine))
                if run is None:
                    continue
                values = [run["routes"].get(k, {}).get(metric, 0) for k in keys]
                ax.bar([x + (i - 0.5) * width for x in range(len(keys))], values, width, label=label)
            ax.set_xticks(range(len(keys)), names, fontsize=8)
            ax.set_title(f"{ENGINES[engine].split(' (')[0]}: {title}", fontsize=10)
            if metric == "cpu_us":
                ax.set_yscale("log")
            ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    return True


def main(directory: Path, png: Path) -> None:
    results = load(directory)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print("# Benchmarks\n")
    print(
        "`make bench` (scripts/bench.sh, scripts/bench_measure.py): the service on the local profile "
        "(in-process bus, sandbox gateways, file channels, rate limiter on with an unreachable budget), "
        "one uvicorn worker, `hey -c 10` on the same machine; the transactional store is SQLite, then "
        "PostgreSQL, then MariaDB. CPU per request is the service process's utime+stime from "
        "/proc/<pid>/stat before and after each run, divided by the requests: it is steadier than req/s "
        "on a shared machine. Idle CPU is summed over the process's threads from "
        "/proc/<pid>/task/*/schedstat (nanoseconds; stat's 10 ms ticks are too coarse for a second). "
        "Routes: floor = GET /api/v1/payment-gateways (the web stack plus our "
        "middleware), payments, notifications, health (the combined view), live (liveness, no I/O).\n"
    )
    print(f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M UTC}; commit: {commit or 'unknown'}")
    print(f"- cores: {len(os.sched_getaffinity(0))}; Python {platform.python_version()}")
    print(
        "- goals (issue 14): payment <= 1,000 us (PostgreSQL <= 1,500 us) and >= 0.25x the floor's req/s; "
        "notification <= 1,000 us; floor and liveness <= 250 us; idle <= 5 ms/s; zero non-2xx"
    )
    if chart(results, png):
        print(f"\n![req/s and CPU per request by route, before and after]({png.name})")
    for engine in ENGINES:
        for label in reversed(LABELS):
            if (label, engine) in results:
                table(label, engine, results[label, engine])


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
