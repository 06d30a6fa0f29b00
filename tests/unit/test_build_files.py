"""A reproducible build: hashed locks that cover pyproject's dependencies, a multi-stage image on a
pinned base installing from the lock, pinned compose images, Mongo and Redis behind passwords."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
SERVICES = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+) \\$", re.MULTILINE)


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text()
    return {name.lower().replace("_", "-"): version for name, version in PIN.findall(text)}


def test_the_locks_pin_every_dependency_with_hashes():
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    for requirement in PYPROJECT["project"]["dependencies"]:
        assert _name(requirement) in runtime, requirement
    for requirement in PYPROJECT["project"]["optional-dependencies"]["dev"]:
        assert _name(requirement) in dev, requirement
    for lock in ("requirements.lock", "requirements-dev.lock"):
        lines = (ROOT / lock).read_text().splitlines()
        pinned = [i for i, line in enumerate(lines) if line[:1].isalnum()]
        assert len(pinned) == len(_pins(lock)) > 20, lock  # every entry is `name==version \`
        assert all(lines[i + 1].strip().startswith("--hash=sha256:") for i in pinned), lock
    assert {name: runtime[name] for name in runtime if name in dev} == {n: dev[n] for n in runtime if n in dev}


def test_make_installs_from_the_locks():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install -q --require-hashes -r requirements.lock" in makefile
    assert "pip install -q --require-hashes -r requirements-dev.lock" in makefile
    assert "unit: install-dev\n\t$(BIN)/pytest tests/unit" in makefile


def test_the_image_builds_in_two_stages_on_a_pinned_base_from_the_lock():
    dockerfile = (ROOT / "Dockerfile").read_text()
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", dockerfile, re.MULTILINE)
    assert base and re.fullmatch(r"python:3\.11\.\d+-slim-\w+(@sha256:[0-9a-f]{64})?", base.group(1))
    stages = re.findall(r"^FROM (\S+)", dockerfile, re.MULTILINE)
    assert stages == ["${PYTHON_IMAGE}", "${PYTHON_IMAGE}"]
    assert "--require-hashes -r requirements.lock" in dockerfile
    assert dockerfile.index("COPY requirements.lock") < dockerfile.index("COPY src")
    assert "COPY --from=build /opt/venv /opt/venv" in dockerfile


def test_compose_images_are_pinned_to_exact_releases():
    for name, service in SERVICES.items():
        image = service.get("image", "")
        if image.startswith("factory-service:"):
            continue  # built here
        assert re.fullmatch(r"[\w./-]+:\d+\.\d+\.\d+(@sha256:[0-9a-f]{64})?", image), f"{name}: {image}"


def test_mongo_and_redis_take_credentials_from_the_environment():
    mongo, redis, app = SERVICES["mongodb"], SERVICES["redis"], SERVICES["app"]["environment"]
    assert mongo["environment"]["MONGO_INITDB_ROOT_PASSWORD"] == "${MONGO_PASSWORD:?set MONGO_PASSWORD}"
    assert "${MONGO_PASSWORD:?set MONGO_PASSWORD}@mongodb:27017" in app["MONGODB_URL"]
    assert redis["environment"]["REDIS_PASSWORD"] == "${REDIS_PASSWORD:?set REDIS_PASSWORD}"
    assert "requirepass" in " ".join(redis["command"]) and "$$REDIS_PASSWORD" in " ".join(redis["command"])
    assert app["REDIS_URL"] == "redis://:${REDIS_PASSWORD:?set REDIS_PASSWORD}@redis:6379/0"


def test_the_license_file_is_mit_as_pyproject_says():
    assert PYPROJECT["project"]["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
