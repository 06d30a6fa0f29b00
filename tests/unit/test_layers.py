"""The import-linter contracts hold, and break when a domain module imports a framework or adapter."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tree / "src"), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_contracts_are_kept(tree):
    result = _lint(tree)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("line", ["import litestar", "import adapters.gateways.sandbox"])
def test_domain_importing_a_framework_or_adapter_breaks_the_contract(tree, line):
    money = tree / "src" / "domain" / "money.py"
    money.write_text(f"{line}\n{money.read_text()}")
    result = _lint(tree)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
