"""What a profile needs but lacks: live gateways (and channels) without their credentials.

`serve` refuses to start while a live gateway misses a required setting; `config check` lists
everything missing. A gateway set to `mode: sandbox` (STRIPE_MODE=sandbox, ...), `mode: disabled` or
`enabled: false` needs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from entrypoints.settings import Provider, Settings, SettingsError, raw_config

# Each entry is one setting, or alternatives of which one is enough ("a|b").
GATEWAY_NEEDS = {
    "stripe": ["credentials.secret_key"],
    "paypal": ["credentials.client_id", "credentials.client_secret"],
    "razorpay": ["credentials.key_id", "credentials.key_secret"],
    "bank_transfer": ["options.beneficiary", "options.iban|options.account_number"],
    "digital_wallet": ["base_url", "credentials.api_key"],
}
GATEWAY_WEBHOOK_SECRETS = {
    "stripe": "credentials.webhook_secrets",
    "paypal": "credentials.webhook_id",
    "razorpay": "credentials.webhook_secret",
    "bank_transfer": "credentials.webhook_secret",
    "digital_wallet": "credentials.webhook_secret",
}
CHANNEL_NEEDS = {
    "email": ["credentials.host"],
    "sms": ["credentials.account_sid", "credentials.auth_token", "credentials.from_number"],
    "push": ["credentials.service_account_file|credentials.service_account_json"],
    "whatsapp": ["credentials.access_token", "credentials.phone_number_id"],
    "slack": ["credentials.webhook_url"],
}
_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class Missing:
    """One setting a live member needs: `error` stops `serve`, `warning` is only reported."""

    key: str  # e.g. payment_gateways.stripe.credentials.secret_key
    env: str  # the variable that sets it, when the YAML reads one
    severity: str
    why: str

    def __str__(self) -> str:
        env = f" (set {self.env})" if self.env else ""
        return f"{self.key}{env}: {self.why}"


def _value(provider: Provider, dotted: str) -> Any:
    head, _, rest = dotted.partition(".")
    if not rest:
        return getattr(provider, head)
    return getattr(provider, head).get(rest)


def _env_of(raw: dict, key: str) -> str:
    node: Any = raw
    for part in key.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return " or ".join(_ENV.findall(node)) if isinstance(node, str) else ""


def _live(members: dict[str, Provider]) -> Iterator[tuple[str, Provider]]:
    for name, provider in members.items():
        if provider.enabled and provider.mode == "live":
            yield name, provider


def _absent(
    section: str, name: str, provider: Provider, needs: list[str], raw: dict, severity: str, why: str
) -> Iterator[Missing]:
    for need in needs:
        options = need.split("|")
        if any(_value(provider, option) not in ("", None) for option in options):
            continue
        keys = [f"{section}.{name}.{option}" for option in options]
        env = " or ".join(filter(None, (_env_of(raw, key) for key in keys)))
        yield Missing(" or ".join(keys), env, severity, why)


def missing_settings(settings: Settings, config_dir: Path | None = None) -> list[Missing]:
    """Every setting a live gateway or channel of `settings` needs and does not have."""
    raw = raw_config(settings.profile, config_dir)
    found: list[Missing] = []
    security = settings.security
    if security.require_api_key and not (security.key_list() or security.hash_list()):
        why = "security.require_api_key is true: every /api/v1 request needs a key"
        found.append(
            Missing("security.api_keys or security.api_key_hashes", "API_KEYS or API_KEY_HASHES", "error", why)
        )
    for name, gateway in _live(settings.payment_gateways):
        why = f"live gateway {name} cannot charge without it (or set its mode to sandbox)"
        found += _absent("payment_gateways", name, gateway, GATEWAY_NEEDS.get(name, []), raw, "error", why)
        webhook = GATEWAY_WEBHOOK_SECRETS.get(name)
        if webhook:
            why = f"{name} webhooks are refused without it"
            found += _absent("payment_gateways", name, gateway, [webhook], raw, "warning", why)
    for name, channel in _live(settings.notification_channels):
        why = f"live channel {name} fails every delivery without it"
        found += _absent("notification_channels", name, channel, CHANNEL_NEEDS.get(name, []), raw, "warning", why)
    return found


def require_credentials(settings: Settings, config_dir: Path | None = None) -> None:
    """Refuse to serve a profile that misses a required setting (a live gateway's credentials,
    the API keys it requires), naming each one."""
    errors = [m for m in missing_settings(settings, config_dir) if m.severity == "error"]
    if errors:
        names = "; ".join(str(m) for m in errors)
        raise SettingsError(f"profile '{settings.profile}' misses required settings: {names}")
