"""Settings sections of the business: security and rate limits, providers and the sandbox,
notifications and receipts, merchant webhooks, payment systems and routing, payments."""

from __future__ import annotations

from typing import Any

import msgspec


class RateLimit(msgspec.Struct, forbid_unknown_fields=True):
    """Fixed window per API key (or client address when no key is presented)."""

    enabled: bool = True
    requests: int = 600
    window_seconds: int = 60


class Security(msgspec.Struct, forbid_unknown_fields=True):
    """API keys (comma-separated, from the environment), rate limits and public paths."""

    require_api_key: bool = False
    api_keys: str = ""
    api_key_hashes: str = ""
    public_paths: list[str] = msgspec.field(
        default_factory=lambda: ["/health", "/metrics", "/schema", "/static", "/favicon.ico"]
    )
    json_exempt_paths: list[str] = []
    # Need a server key whenever any key is configured, even where keys are not required: they
    # mint client tokens and webhook secrets.
    key_required_paths: list[str] = msgspec.field(
        default_factory=lambda: ["/api/v1/client-tokens", "/api/v1/webhook-endpoints"]
    )
    rate_limit: RateLimit = msgspec.field(default_factory=RateLimit)
    # HMAC secrets of browser client tokens, comma-separated, the first signs (shared by instances).
    client_token_secrets: str = ""
    client_token_max_ttl_seconds: int = 3600

    def key_list(self) -> list[str]:
        return [k.strip() for k in self.api_keys.split(",") if k.strip()]

    def client_token_secret_list(self) -> list[str]:
        return [s.strip() for s in self.client_token_secrets.split(",") if s.strip()]

    def hash_list(self) -> list[str]:
        return [h.strip().lower() for h in self.api_key_hashes.split(",") if h.strip()]


class Provider(msgspec.Struct, forbid_unknown_fields=True):
    """One payment gateway or notification channel; `mode` picks sandbox/file or live."""

    enabled: bool = True
    mode: str = "sandbox"
    description: str = ""
    base_url: str = ""
    timeout_seconds: float = 10.0
    max_retries: int = 2
    credentials: dict[str, Any] = {}
    options: dict[str, Any] = {}


class Sandbox(msgspec.Struct, forbid_unknown_fields=True):
    """The sandbox gateways: a directory makes their memory of charges outlive the process."""

    ledger_dir: str = ""
    latency_seconds: float = 0.0


class Notifications(msgspec.Struct, forbid_unknown_fields=True):
    """Delivery settings shared by every channel; each channel's `max_retries` caps its retries."""

    outbox_dir: str = "var/outbox"
    retry_base_seconds: float = 0.2
    retry_max_seconds: float = 5.0
    recipient_hourly_cap: int = 0  # per recipient and channel, shared through the RateLimiter; 0: off
    dedupe_window_seconds: int = 3600  # a second send with the same dedupe_key in it is suppressed
    max_schedule_days: int = 30
    scheduler_interval_seconds: float = 1.0  # how often each instance looks for due sends
    scheduler_batch_size: int = 100


class Receipts(msgspec.Struct, forbid_unknown_fields=True):
    """Receipts to the payment's customer on payment_processed / payment_failed / refund_processed.

    `channels` maps a channel to the customer field that is its recipient (email or phone). A
    payment made through a payment system gets its family's channel; any other payment gets every
    channel listed here whose customer field it carries.
    """

    enabled: bool = False
    channels: dict[str, str] = msgspec.field(default_factory=lambda: {"email": "email", "sms": "phone"})
    group: str = "receipts"  # the EventBus consumer group (one receipt per event across instances)


class MerchantWebhooks(msgspec.Struct, forbid_unknown_fields=True):
    """Webhooks to the merchant: the bus group that stores deliveries, and the delivery worker."""

    enabled: bool = True
    group: str = "merchant-webhooks"  # shared by every instance: each event stored once
    poll_interval_seconds: float = 1.0
    batch_size: int = 50
    timeout_seconds: float = 10.0
    retry_base_seconds: float = 30.0
    retry_max_seconds: float = 21_600.0
    give_up_after_seconds: float = 259_200.0  # 3 days
    disable_after_seconds: float = 259_200.0  # an endpoint with no success for 3 days


class Family(msgspec.Struct, forbid_unknown_fields=True):
    """A payment-system family: gateways in failover order, the receipt channel, the database."""

    gateways: list[str]
    channel: str
    description: str = ""


class Routing(msgspec.Struct, forbid_unknown_fields=True):
    """Adaptive order inside a family: each gateway's last `window_size` authorization outcomes
    (in Redis with `adapters.auth_rates: redis`), trusted from `min_samples` on; `exploration` is
    the share of payments that try a random other gateway first."""

    adaptive: bool = True
    window_size: int = 200
    min_samples: int = 20
    exploration: float = 0.1


class PaymentSystems(msgspec.Struct, forbid_unknown_fields=True):
    default: str
    families: dict[str, Family]
    routing: Routing = msgspec.field(default_factory=Routing)


class Payments(msgspec.Struct, forbid_unknown_fields=True):
    """The payment write path's background work and operator access."""

    relay_interval_seconds: float = 1.0  # the fallback poll: commits wake the relay
    relay_batch_size: int = 500
    relay_lease_seconds: float = 10.0  # one instance relays at a time; a dead one's lease expires
    reconcile_interval_seconds: float = 30.0
    reconcile_after_seconds: float = 60.0
    reconcile_batch_size: int = 100
    idempotency_ttl_seconds: int = 86_400
    # A key whose holder's lock is older than this was held by a request that died: the next
    # retry takes it over and resumes. Longer than any gateway call can take (checked at load).
    idempotency_lock_seconds: float = 120.0
    operator_token: str = ""  # X-Operator-Token for the bank-transfer confirm; empty: disabled
    # A manual payment not captured within this is canceled by the reconciler (Stripe's holds last 7 days).
    authorization_ttl_hours: float = 168.0
