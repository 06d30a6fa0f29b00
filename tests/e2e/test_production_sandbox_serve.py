"""The README's production commands with sandbox gateways: `config check`, `migrate` and `serve`
on MariaDB, Kafka, MongoDB and Redis answer /health 200, take a payment, and log what happened
to it; with a live gateway and no credentials, `serve` refuses to start and names the setting."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pymongo
import pymysql
import pytest

pytestmark = pytest.mark.e2e
CLI = str(Path(sys.executable).with_name("factory-service"))
SANDBOX = {f"{name}_MODE": "sandbox" for name in ("STRIPE", "PAYPAL", "RAZORPAY", "BANK_TRANSFER", "WALLET")}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _mariadb(statement: str) -> None:
    connection = pymysql.connect(host="127.0.0.1", port=3306, user="root", password="", connect_timeout=10)
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


@pytest.fixture
def production_env(tmp_path):
    name = f"daytwo_{uuid.uuid4().hex[:10]}"
    _mariadb(f"CREATE DATABASE {name}")
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_MODE", "_SECRET_KEY"))}
    env.update(
        SANDBOX,
        APP_PROFILE="production",
        API_KEYS="dev-key",
        DATABASE_URL=f"mysql+aiomysql://root:@127.0.0.1:3306/{name}",
        KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:19092",
        KAFKA_TOPIC=f"{name}-events",
        MONGODB_URL="mongodb://127.0.0.1:27018/?directConnection=true",
        MONGODB_DATABASE=f"{name}_analytics",
    )
    yield env
    _mariadb(f"DROP DATABASE IF EXISTS {name}")
    mongo = pymongo.MongoClient(env["MONGODB_URL"], serverSelectionTimeoutMS=5000)
    try:
        mongo.drop_database(env["MONGODB_DATABASE"])
    finally:
        mongo.close()


def _call(port: int, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"X-API-Key": "dev-key", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())


def _run(args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_production_with_sandbox_gateways_serves_and_logs_the_payment(production_env, tmp_path):
    """Bounded: each command 120 s, /health within 60 s, SIGTERM exit within 30 s."""
    assert _run(["config", "check", "--profile", "production"], production_env, tmp_path).returncode == 0
    migrated = _run(["migrate", "--profile", "production"], production_env, tmp_path)
    assert migrated.returncode == 0, migrated.stderr
    port = _free_port()
    server = subprocess.Popen(
        [CLI, "serve", "--profile", "production", "--port", str(port)],
        env=production_env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        health, deadline = None, time.monotonic() + 60
        while health is None and time.monotonic() < deadline and server.poll() is None:
            try:
                health = _call(port, "GET", "/health")
            except OSError:
                time.sleep(0.2)
        assert health is not None and health[0] == 200 and health[1]["status"] == "ok"
        status, payment = _call(
            port, "POST", "/api/v1/payments", {"user_id": "u1", "amount": 10.02, "currency": "USD", "gateway": "stripe"}
        )
        assert status == 201 and payment["status"] == "failed" and payment["failure_code"] == "card_declined"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    log = (tmp_path / "logs" / "app.log").read_text()
    assert "Factory created payment gateway stripe (sandbox)" in log
    about = [json.loads(line) for line in log.splitlines() if f'"payment_id": "{payment["id"]}"' in line]
    assert {"payment_declined", "request"} <= {line["event"] for line in about}
    assert next(line for line in about if line["event"] == "payment_declined")["level"] == "WARNING"


def test_serve_refuses_a_live_gateway_without_credentials(production_env, tmp_path):
    env = {**production_env, "STRIPE_MODE": "live", "STRIPE_SECRET_KEY": ""}
    refused = _run(["serve", "--profile", "production", "--port", str(_free_port())], env, tmp_path)
    assert refused.returncode == 2
    assert "payment_gateways.stripe.credentials.secret_key (set STRIPE_SECRET_KEY)" in refused.stderr
