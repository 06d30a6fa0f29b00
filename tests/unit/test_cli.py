"""The `factory-service` command: help everywhere, --version, config check, api-keys, openapi,
and serve's refusal to start live gateways without credentials."""

from __future__ import annotations

import hashlib
import json

import click
import pytest
from click.testing import CliRunner

from entrypoints.cli import cli, main
from entrypoints.security import ApiKeys
from entrypoints.settings import Security

SANDBOX = {f"{name}_MODE": "sandbox" for name in ("STRIPE", "PAYPAL", "RAZORPAY", "BANK_TRANSFER", "WALLET")}
NO_CREDENTIALS = {
    name: ""
    for name in (
        "STRIPE_SECRET_KEY",
        "PAYPAL_CLIENT_ID",
        "PAYPAL_CLIENT_SECRET",
        "RAZORPAY_KEY_ID",
        "RAZORPAY_KEY_SECRET",
        "BANK_BENEFICIARY",
        "BANK_IBAN",
        "BANK_ACCOUNT_NUMBER",
        "WALLET_BASE_URL",
        "WALLET_API_KEY",
        "API_KEYS",
        "API_KEY_HASHES",
    )
}


def _run(*args: str, env: dict[str, str | None] | None = None):
    return CliRunner().invoke(
        cli, list(args), env={"APP_PROFILE": None, **dict.fromkeys(SANDBOX), **NO_CREDENTIALS, **(env or {})}
    )


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
    return found


def test_a_bare_command_prints_help_and_succeeds():
    """`factory-service` alone lists the commands instead of failing."""
    assert main([]) == 0
    result = _run()
    assert result.exit_code == 0
    for name in ("serve", "migrate", "config", "api-keys", "openapi", "reconcile"):
        assert name in result.output


def test_version_prints_the_package_version():
    result = _run("--version")
    assert result.exit_code == 0 and result.output.startswith("factory-service, version ")


def test_every_command_and_option_has_help():
    """No command or option is left for the operator to guess."""
    commands = _commands(cli)
    assert {"serve", "migrate", "config check", "api-keys new", "openapi export", "reconcile"} <= {
        n for n, _ in commands
    }
    for name, command in commands:
        assert command.help, name
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert param.help, f"{name} {param.opts}"
        assert _run(*name.split(), "--help").exit_code == 0


def test_config_check_names_what_live_gateways_miss():
    """The production profile without credentials: exit 1, each missing setting and its variable."""
    result = _run("config", "check", "--profile", "production")
    assert result.exit_code == 1
    assert "payment_gateways.stripe.credentials.secret_key (set STRIPE_SECRET_KEY)" in result.output
    assert "PAYPAL_CLIENT_SECRET" in result.output and "WALLET_API_KEY" in result.output
    assert "security.api_keys or security.api_key_hashes (set API_KEYS or API_KEY_HASHES)" in result.output


def test_config_check_passes_with_sandbox_or_disabled_gateways():
    env = {**SANDBOX, "WALLET_MODE": "disabled", "API_KEY_HASHES": "ab" * 32}
    result = _run("config", "check", "--profile", "production", env=env)
    assert result.exit_code == 0, result.output
    assert "digital_wallet=disabled" in result.output and "ok: this profile can serve" in result.output


def test_config_check_reports_an_invalid_file_in_one_line():
    result = _run("config", "check", "--profile", "no-such-profile")
    assert result.exit_code == 2 and "configuration error:" in result.output
    assert "no-such-profile.yaml: file not found" in result.output


def test_serve_refuses_live_gateways_without_credentials(monkeypatch):
    """No server starts; the message names the settings, and only the gateways still live."""
    started = []
    monkeypatch.setattr("entrypoints.server.serve", lambda *a, **k: started.append(a) or 0)
    result = _run("serve", "--profile", "production", env={**SANDBOX, "STRIPE_MODE": "live", "API_KEYS": "k"})
    assert result.exit_code == 2 and not started
    assert "STRIPE_SECRET_KEY" in result.output and "PAYPAL" not in result.output


def test_serve_starts_the_production_profile_with_sandbox_gateways(monkeypatch):
    started = []
    monkeypatch.setattr("entrypoints.server.serve", lambda app, **kw: started.append((app, kw)) or 0)
    result = _run("serve", "--profile", "production", "--port", "0", env={**SANDBOX, "API_KEYS": "k"})
    assert result.exit_code == 0, result.output
    assert started == [
        ("entrypoints.asgi:app", {"host": "127.0.0.1", "port": 0, "workers": 1, "shutdown_timeout": 20.0})
    ]


def test_api_keys_new_prints_a_key_and_the_digest_the_service_accepts():
    result = _run("api-keys", "new")
    assert result.exit_code == 0
    values = dict(line.split(":", 1) for line in result.stdout.splitlines() if ":" in line)
    key, digest = values["key"].strip(), values["sha256"].strip()
    assert len(key) > 40 and hashlib.sha256(key.encode()).hexdigest() == digest
    keys = ApiKeys.from_settings(Security(require_api_key=True, api_key_hashes=digest))
    assert keys.identify(key.encode()) is not None and keys.identify(b"other") is None
    assert _run("api-keys", "new").stdout != result.stdout


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_openapi_export_writes_the_document(tmp_path, fmt):
    out = tmp_path / f"openapi.{fmt}"
    result = _run("openapi", "export", "--profile", "test", "--format", fmt, "--output", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text()
    if fmt == "json":
        document = json.loads(text)
        assert document["openapi"].startswith("3.") and "/api/v1/payments" in document["paths"]
    else:
        assert "/api/v1/payments:" in text


def test_reconcile_without_now_only_says_how_it_is_scheduled():
    result = _run("reconcile", "--profile", "test")
    assert result.exit_code == 0 and "--now" in result.output and "checked" not in result.output
