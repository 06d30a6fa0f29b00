"""The built wheel works on its own: installed in a fresh virtualenv, run from an empty folder,
`factory-service migrate` then `serve` answer /health with 200, configs read as package data."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed (no dependencies); the dependencies come from the
    dev venv's site-packages through a .pth line. Its .pth files are not processed from there,
    so the editable install's source-tree paths stay out: only the wheel's code can run."""
    base = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(base / "dist"), str(ROOT)],
        check=True,
        timeout=300,
    )
    (wheel,) = (base / "dist").glob("factory_service-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
        check=True,
        timeout=300,
    )
    (Path(purelib) / "_dev_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def _env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "APP_CONFIG_DIR", "APP_PROFILE")}
    return {**env, "DATABASE_URL": f"sqlite+aiosqlite:///{workdir}/var/factory.db"}


def test_the_installed_wheel_finds_its_configs_and_not_the_source_tree(installed, tmp_path):
    python = installed / "bin" / "python"
    code = "import entrypoints.settings as s, containers; print(s.CONFIG_DIR); print(containers.__file__)"
    out = subprocess.run(
        [str(python), "-c", code], cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    config_dir, containers_file = out.stdout.split()
    assert str(installed) in config_dir and str(installed) in containers_file
    assert (Path(config_dir) / "config.yaml").is_file() and (Path(config_dir) / "production.yaml").is_file()


def test_migrate_and_serve_from_an_empty_folder_answer_health(installed, tmp_path):
    """Bounded: migrate within 120 s, /health within 60 s, then SIGTERM and exit within 30 s."""
    cli = str(installed / "bin" / "factory-service")
    env = _env(tmp_path)
    migrated = subprocess.run([cli, "migrate"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert migrated.returncode == 0, migrated.stderr
    assert (tmp_path / "var" / "factory.db").is_file()
    port = _free_port()
    server = subprocess.Popen(
        [cli, "serve", "--port", str(port)], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        status, deadline = None, time.monotonic() + 60
        while status is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as response:
                    status = response.status
            except OSError:
                time.sleep(0.2)
        assert status == 200, server.stdout.read().decode() if server.poll() is not None else "no answer in 60 s"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert server.returncode == 0
    assert "Factory created payment gateway stripe (sandbox)" in (tmp_path / "logs" / "app.log").read_text()
