"""The generated Python client (clients/python) matches the served document and works against
a running server."""

from __future__ import annotations

import filecmp
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "clients" / "python"
CLI = str(Path(sys.executable).with_name("factory-service"))
sys.path.insert(0, str(CLIENT))  # the committed client, as a user of it would install it

from factory_service_client import AuthenticatedClient  # noqa: E402
from factory_service_client.api.payments import create_payment, get_payment, refund_payment  # noqa: E402
from factory_service_client.models import PaymentRequest, PaymentView, RefundBody, RefundResult  # noqa: E402

pytestmark = pytest.mark.e2e


def _differences(left: Path, right: Path) -> list[str]:
    compared = filecmp.dircmp(left, right, ignore=["__pycache__", ".ruff_cache"])
    found = [str(left / name) for name in compared.left_only + compared.right_only + compared.diff_files]
    found += [str(left / name) for name in compared.funny_files]
    for name in compared.common_dirs:
        found += _differences(left / name, right / name)
    return found


def test_the_committed_client_is_generated_from_the_current_document(tmp_path):
    """Regenerating (scripts/generate-client.sh, what `make client` runs) changes nothing."""
    fresh = tmp_path / "python"
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "generate-client.sh"), str(fresh)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert _differences(CLIENT, fresh) == [], "clients/python is out of date: run `make client`"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """`factory-service serve` on the local profile, its database and files under tmp_path."""
    env = {**os.environ, "APP_PROFILE": "local", "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/client.db"}
    env["SQLITE_URL"] = env["DATABASE_URL"]
    migrated = subprocess.run(
        [CLI, "migrate", "--profile", "local"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert migrated.returncode == 0, migrated.stderr
    port = _free_port()
    process = subprocess.Popen(
        [CLI, "serve", "--profile", "local", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"{base}/health/live", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        assert process.poll() is None, "the server exited"
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_the_client_creates_refunds_in_part_and_reads_back_a_payment(server):
    """Bounded: server start within 60 s, stop within 30 s."""
    client = AuthenticatedClient(base_url=server, token="unused-locally", auth_header_name="X-API-Key", prefix="")
    with client:
        created = create_payment.sync(
            client=client,
            body=PaymentRequest(user_id="user123", amount="100.50", currency="USD", payment_method="stripe"),
            idempotency_key="client-e2e-1",
        )
        assert isinstance(created, PaymentView), created
        assert (created.status, created.amount, created.currency) == ("succeeded", "100.50", "USD")

        refunded = refund_payment.sync(created.id, client=client, body=RefundBody(amount="25.00", reason="partial"))
        assert isinstance(refunded, RefundResult), refunded
        assert (refunded.refund.amount, refunded.payment.refunded, refunded.payment.refundable) == (
            "25.00",
            "25.00",
            "75.50",
        )

        read = get_payment.sync(created.id, client=client)
        assert isinstance(read, PaymentView), read
        assert read.status == "partially_refunded"
        assert [(r.amount, r.status) for r in read.refunds] == [("25.00", "succeeded")]
