"""Settings: profile overlay, ${ENV:default} interpolation and one-line errors naming key and file."""

from pathlib import Path

import pytest

from entrypoints.settings import SettingsError, load_settings


def _write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(text)


def test_profile_overlays_base_and_env_fills_placeholders(tmp_path):
    _write(tmp_path, "config.yaml", "server:\n  port: ${PORT:8080}\n  host: ${HOST:0.0.0.0}\n")
    _write(tmp_path, "dev.yaml", "server:\n  host: 10.0.0.1\n")
    settings = load_settings("dev", config_dir=tmp_path, env={"PORT": "9090"})
    assert (settings.server.port, settings.server.host, settings.profile) == (9090, "10.0.0.1", "dev")


def test_app_profile_env_selects_the_profile():
    settings = load_settings(env={"APP_PROFILE": "production"})
    assert settings.profile == "production"
    assert settings.database.kind == "mysql"


def test_bad_value_names_key_and_file(tmp_path):
    _write(tmp_path, "config.yaml", "server:\n  port: 8080\n")
    _write(tmp_path, "p.yaml", "server:\n  port: not-a-number\n")
    with pytest.raises(SettingsError) as info:
        load_settings("p", config_dir=tmp_path, env={})
    message = str(info.value)
    assert "server.port" in message and "p.yaml" in message and "\n" not in message


def test_unknown_key_is_named(tmp_path):
    _write(tmp_path, "config.yaml", "server:\n  prot: 1\n")
    _write(tmp_path, "p.yaml", "{}\n")
    with pytest.raises(SettingsError, match=r"config.yaml: server.prot"):
        load_settings("p", config_dir=tmp_path, env={})


def test_missing_profile_file_is_named(tmp_path):
    _write(tmp_path, "config.yaml", "{}\n")
    with pytest.raises(SettingsError, match=r"nope\.yaml: file not found"):
        load_settings("nope", config_dir=tmp_path, env={})


def test_family_naming_an_unknown_gateway_is_refused(tmp_path):
    _write(
        tmp_path,
        "config.yaml",
        "payment_systems:\n  default: a\n  families:\n    a: {gateways: [nope], channel: email}\n",
    )
    _write(tmp_path, "p.yaml", "{}\n")
    with pytest.raises(SettingsError, match=r"payment_systems\.families\.a\.gateways"):
        load_settings("p", config_dir=tmp_path, env={})


def test_the_idempotency_lock_must_outlast_the_slowest_live_charge():
    """Production: stripe then paypal, each 10 s x 3 tries; a lock of 60 s could be taken over
    from a request still charging, so loading fails naming the key; 61 s loads."""
    with pytest.raises(SettingsError, match=r"payments.idempotency_lock_seconds: must exceed .* \(60 s\)"):
        load_settings("production", env={}, overrides={"payments": {"idempotency_lock_seconds": 60}})
    settings = load_settings("production", env={}, overrides={"payments": {"idempotency_lock_seconds": 61}})
    assert settings.payments.idempotency_lock_seconds == 61
