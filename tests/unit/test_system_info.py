"""System info's uptime counts from the process start, not from the first call."""

import os
import subprocess

from application.system.system_info import DescribeSystem
from containers.system import process_started


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_uptime_counts_from_the_given_start():
    clock = Clock(1000.0)
    describe = DescribeSystem("1", "test", "i", {}, started=900.0, clock=clock)
    assert describe().uptime_seconds == 100.0
    clock.now = 1010.5
    assert describe().uptime_seconds == 110.5


def test_the_process_start_agrees_with_ps():
    """The process's age as ps(1) tells it (whole seconds) matches the uptime the service reports."""
    uptime = DescribeSystem("1", "test", "i", {}, started=process_started())().uptime_seconds
    elapsed = int(
        subprocess.run(["ps", "-o", "etimes=", "-p", str(os.getpid())], capture_output=True, text=True).stdout
    )
    assert elapsed - 2 <= uptime <= elapsed + 2
    assert uptime > 0.2  # pytest ran a while before this test; counting from the call would say ~0
