"""A real `factory-service serve` process with its own profile (written to a config directory
of the test's own), its own database and ephemeral port; killed or stopped by the test."""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
RUNNING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+)")


@dataclass
class RealServer:
    process: subprocess.Popen
    port: int
    seen: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        """SIGKILL: no shutdown hook runs, nothing is flushed or released."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)


class ServerProfile:
    """configs/config.yaml copied into `directory` beside a profile file of the test's own."""

    def __init__(self, directory: Path, name: str, profile: dict) -> None:
        self.directory, self.name = directory, name
        directory.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "configs" / "config.yaml", directory / "config.yaml")
        (directory / f"{name}.yaml").write_text(yaml.safe_dump(profile))
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join((str(ROOT), str(ROOT / "src"))),
            "APP_CONFIG_DIR": str(directory),
            "APP_PROFILE": name,
        }

    def _cli(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "entrypoints.cli", *args, "--profile", self.name]

    def migrate(self) -> None:
        done = subprocess.run(
            self._cli("migrate"), cwd=self.directory, env=self.env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stdout + done.stderr

    def start(self, timeout: float = 60) -> RealServer:
        process = subprocess.Popen(
            [*self._cli("serve"), "--host", "127.0.0.1", "--port", "0"],
            cwd=self.directory,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.2)
            except queue.Empty:
                if process.poll() is not None:
                    break
                continue
            seen.append(line)
            if match := RUNNING.search(line):
                return RealServer(process, int(match.group(1)), seen)
        process.kill()
        process.wait()
        raise AssertionError(f"server did not start: {''.join(seen)}")
