"""Use cases wired to fakes: an in-memory unit of work, recording gateways, a dict key store."""

from __future__ import annotations

import pytest

from adapters.memory.cache import InMemoryCache
from application.factories import FactoryEntry, KeyedFactory
from application.idempotency import Idempotency
from application.payments.cache import PaymentCache
from application.payments.process_payment import CreatePayment
from application.payments.refund_payment import RefundPayment
from application.payments.systems import FamilySpec, PaymentSystemFactory
from entrypoints.answers import created
from tests.fakes.payment_store import FakeDatabase, FakeIdempotencyStore, FakeUnitOfWork
from tests.fakes.payments import FakeGateway

NAMES = ("stripe", "paypal", "razorpay", "bank_transfer", "digital_wallet")


@pytest.fixture
def db() -> FakeDatabase:
    return FakeDatabase()


@pytest.fixture
def uow(db):
    return lambda: FakeUnitOfWork(db)


@pytest.fixture
def fakes() -> dict[str, FakeGateway]:
    return {name: FakeGateway(name) for name in NAMES}


@pytest.fixture
def gateways(fakes) -> KeyedFactory:
    entries = [FactoryEntry(name=n, description=n, enabled=True, adapter="FakeGateway") for n in NAMES]
    return KeyedFactory("payment-gateways", "fakes", fakes.__getitem__, entries)


@pytest.fixture
def systems(gateways) -> PaymentSystemFactory:
    families = [
        FamilySpec(
            name="global",
            description="",
            gateways=["stripe", "paypal"],
            channel="email",
            database="sqlite",
            default=True,
        ),
        FamilySpec(name="india", description="", gateways=["razorpay"], channel="sms", database="sqlite"),
    ]
    channels = KeyedFactory("notification-channels", "", lambda n: n, [])
    return PaymentSystemFactory(families, gateways, channels)


@pytest.fixture
def keys(db) -> FakeIdempotencyStore:
    return FakeIdempotencyStore(db)


@pytest.fixture
def payment_cache() -> PaymentCache:
    return PaymentCache(InMemoryCache(), ttl_seconds=60)


@pytest.fixture
def create_payment(uow, gateways, systems, keys, payment_cache) -> CreatePayment:
    return CreatePayment(uow, gateways, systems, Idempotency(keys, encode=created), payment_cache)


@pytest.fixture
def refund_payment(uow, gateways, keys, payment_cache) -> RefundPayment:
    return RefundPayment(uow, gateways, Idempotency(keys, encode=created), payment_cache)
