"""The container stack: compose services, healthchecks and env names match the production config."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from entrypoints.security import ApiKeys
from entrypoints.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
CONFIG_VARS = set(
    re.findall(
        r"\$\{([A-Z_][A-Z0-9_]*)",
        "".join((ROOT / "configs" / name).read_text() for name in ("config.yaml", "production.yaml")),
    )
)
COMPOSE_VAR = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)(?::?[-?][^}]*)?\}")


def _app_env(values: dict[str, str]) -> dict[str, str]:
    """The app's environment as compose would pass it, with ${VAR...} filled from `values`."""
    return {
        name: COMPOSE_VAR.sub(lambda m: values.get(m.group(1), ""), str(value))
        for name, value in SERVICES["app"]["environment"].items()
    }


def test_the_stack_has_the_service_and_its_four_servers_at_the_right_versions():
    images = {name: service.get("image", "") for name, service in SERVICES.items()}
    assert {"app", "mysql", "mongodb", "redis", "kafka"} <= set(SERVICES)
    assert images["mysql"].startswith("mysql:8")
    assert images["mongodb"].startswith("mongo:7")
    assert images["redis"].startswith("redis:7")
    assert images["kafka"].startswith(("apache/kafka:", "bitnami/kafka:"))
    assert SERVICES["app"]["build"] == "."


def test_kafka_runs_in_kraft_mode_without_zookeeper():
    env = SERVICES["kafka"]["environment"]
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert "KAFKA_CONTROLLER_QUORUM_VOTERS" in env
    assert not any("zookeeper" in name for name in SERVICES)


def test_every_server_has_a_healthcheck_and_the_app_waits_for_them():
    for name in ("app", "mysql", "mongodb", "redis", "kafka"):
        assert SERVICES[name]["healthcheck"]["test"], name
    depends = SERVICES["app"]["depends_on"]
    assert {n: depends[n]["condition"] for n in ("mysql", "mongodb", "redis", "kafka")} == dict.fromkeys(
        ("mysql", "mongodb", "redis", "kafka"), "service_healthy"
    )


def test_every_app_variable_is_one_the_configs_read():
    unknown = set(SERVICES["app"]["environment"]) - CONFIG_VARS - {"APP_PROFILE"}
    assert not unknown, f"compose sets variables no config reads: {sorted(unknown)}"
    needed = {"DATABASE_URL", "MONGODB_URL", "REDIS_URL", "KAFKA_BOOTSTRAP_SERVERS", "API_KEYS"}
    assert needed <= set(SERVICES["app"]["environment"])


def test_the_production_profile_loads_from_the_compose_environment_and_points_at_the_services():
    env = _app_env({"API_KEYS": "key-one,key-two", "MYSQL_PASSWORD": "pw"})
    settings = load_settings(env["APP_PROFILE"], env=env)
    assert settings.profile == "production" and settings.security.require_api_key
    assert urlsplit(settings.database.url).hostname == "mysql"
    assert urlsplit(settings.databases["mongodb"].url).hostname == "mongodb"
    assert urlsplit(settings.redis.url).hostname == "redis"
    assert settings.kafka.bootstrap_servers.split(":")[0] == "kafka"
    assert ApiKeys.from_settings(settings.security).configured
    grace = int(SERVICES["app"]["stop_grace_period"].rstrip("s"))
    assert grace > settings.server.shutdown_timeout_seconds


def test_the_image_runs_the_production_server_as_a_non_root_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "ARG PYTHON_IMAGE=python:3.11." in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    assert '"serve", "--profile", "production", "--host", "0.0.0.0"' in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", ".git", "var", "logs"} <= set(ignored)


def test_the_app_starts_only_after_a_one_shot_migration_of_mysql():
    migrate = SERVICES["migrate"]
    assert migrate["command"][:2] == ["factory-service", "migrate"]
    assert migrate["environment"]["DATABASE_URL"] == SERVICES["app"]["environment"]["DATABASE_URL"]
    assert migrate["depends_on"]["mysql"]["condition"] == "service_healthy"
    assert SERVICES["app"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
