"""The production profile, made runnable here: SQLite, in-memory bus and cache, and the live
Stripe adapter aimed at the local contract server (which checks every request it gets)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager

from containers import Container, build_container, migrate_database
from entrypoints.app import create_app
from entrypoints.settings import Settings, load_settings
from tests.contract import paypal_api, razorpay_api, stripe_api
from tests.contract.server import ContractServer

API_KEY = "e2e-gateways-key"
STRIPE_WEBHOOK_SECRET = "whsec_e2e_current"
RAZORPAY_WEBHOOK_SECRET = "rzp_e2e_webhook_secret"
BANK_WEBHOOK_SECRET = "bank_e2e_notice_secret"
OPERATOR_TOKEN = "e2e-operator"


def production_settings(database: Path, provider_url: str) -> Settings:
    url = f"sqlite+aiosqlite:///{database}"
    overrides = {
        "database": {"kind": "sqlite", "url": url},
        "databases": {
            "sqlite": {"enabled": True, "url": url},
            "mysql": {"enabled": False},
            "mongodb": {"enabled": False},
        },
        "redis": {"enabled": False},
        "kafka": {"enabled": False},
        "mongodb": {"enabled": False},
        "adapters": {
            "event_bus": "memory",
            "cache": "memory",
            "analytics": "sql",
            "rate_limiter": "memory",
        },
        "server": {"log_file": None},
        "payments": {"reconcile_interval_seconds": 3600, "reconcile_after_seconds": 0},
    }
    env = {
        "API_KEYS": API_KEY,
        "STRIPE_BASE_URL": provider_url,
        "STRIPE_SECRET_KEY": stripe_api.SECRET_KEY,
        "STRIPE_WEBHOOK_SECRETS": f"whsec_e2e_old,{STRIPE_WEBHOOK_SECRET}",
        "STRIPE_RETURN_URL": "https://shop.example/return",
        "RAZORPAY_BASE_URL": provider_url,
        "RAZORPAY_KEY_ID": razorpay_api.KEY_ID,
        "RAZORPAY_KEY_SECRET": razorpay_api.KEY_SECRET,
        "RAZORPAY_WEBHOOK_SECRET": RAZORPAY_WEBHOOK_SECRET,
        "PAYPAL_BASE_URL": provider_url,
        "PAYPAL_CLIENT_ID": paypal_api.CLIENT_ID,
        "PAYPAL_CLIENT_SECRET": paypal_api.CLIENT_SECRET,
        "PAYPAL_WEBHOOK_ID": paypal_api.WEBHOOK_ID,
        "PAYPAL_RETURN_URL": "https://shop.example/paypal/return",
        "PAYPAL_CANCEL_URL": "https://shop.example/paypal/cancel",
        "OPERATOR_TOKEN": OPERATOR_TOKEN,
        "BANK_WEBHOOK_SECRET": BANK_WEBHOOK_SECRET,
        "BANK_BENEFICIARY": "Factory Ltd",
        "BANK_IBAN": "DE89370400440532013000",
        "BANK_BIC": "COBADEFFXXX",
    }
    return load_settings("production", env=env, overrides=overrides)


@pytest.fixture(scope="session")
def provider() -> Iterator[ContractServer]:
    server = ContractServer().start()
    yield server
    server.stop()


@pytest.fixture
def stripe(provider: ContractServer) -> Iterator[ContractServer]:
    """The provider stand-in, reset per test; any request breaking the contract fails the test."""
    provider.reset()
    yield provider
    violations = list(provider.violations)
    provider.reset()
    assert not violations, violations


@pytest.fixture(scope="session")
def production_schema(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Alembic migrations run once on the production settings; each test copies the file."""
    path = tmp_path_factory.mktemp("production") / "schema.db"
    migrate_database(production_settings(path, "http://127.0.0.1:9"))
    return path


@pytest.fixture
def production(tmp_path: Path, production_schema: Path, stripe: ContractServer) -> Container:
    shutil.copyfile(production_schema, tmp_path / "production.db")
    return build_container(settings=production_settings(tmp_path / "production.db", stripe.url))


@pytest.fixture
async def api(production: Container) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(production)
    async with (
        LifespanManager(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver", headers={"X-API-Key": API_KEY}
        ) as client,
    ):
        yield client
