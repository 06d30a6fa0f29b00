"""The factory listings: /api/v1/factories, the per-type views and the three family lists."""

from __future__ import annotations

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from application.factories import FactoryEntry, KeyedFactory
from application.payments.systems import FamilySpec, PaymentSystemFactory
from domain.errors import UnknownFactoryKey

Factory = NamedDependency[KeyedFactory]
Systems = NamedDependency[PaymentSystemFactory]


class FactoryView(msgspec.Struct, frozen=True):
    type: str
    description: str
    members: list[FactoryEntry]


class AbstractFactoryView(msgspec.Struct, frozen=True):
    type: str
    description: str
    default: str | None
    families: list[FamilySpec]


class FactoriesOverview(msgspec.Struct, frozen=True):
    factories: list[FactoryView]
    abstract: AbstractFactoryView


class MemberList(msgspec.Struct, frozen=True):
    items: list[FactoryEntry]
    count: int


def _view(factory: Factory) -> FactoryView:
    return FactoryView(factory.kind, factory.description, factory.entries)


def _abstract(systems: NamedDependency[PaymentSystemFactory]) -> AbstractFactoryView:
    return AbstractFactoryView(
        "abstract", "Creates payment-system families as one unit", systems.default, systems.families
    )


class FactoriesController(Controller):
    path = "/api/v1"
    tags = ["factories"]

    @get("/factories", summary="Every factory with its members, and the abstract factory")
    async def list_factories(
        self, gateway_factory: Factory, channel_factory: Factory, database_factory: Factory, payment_systems: Systems
    ) -> FactoriesOverview:
        views = [_view(f) for f in (gateway_factory, channel_factory, database_factory)]
        return FactoriesOverview(views, _abstract(payment_systems))

    @get(
        "/factories/{factory_type:str}",
        summary="One factory: payment-gateways, notification-channels, databases or abstract",
    )
    async def get_factory(
        self,
        factory_type: FromPath[str],
        gateway_factory: Factory,
        channel_factory: Factory,
        database_factory: Factory,
        payment_systems: Systems,
    ) -> FactoryView | AbstractFactoryView:
        if factory_type == "abstract":
            return _abstract(payment_systems)
        by_type = {f.kind: f for f in (gateway_factory, channel_factory, database_factory)}
        if factory_type not in by_type:
            raise UnknownFactoryKey("factory type", factory_type, [*by_type, "abstract"], field="type")
        return _view(by_type[factory_type])

    @get("/payment-gateways", summary="Available payment gateways")
    async def payment_gateways(self, gateway_factory: Factory) -> MemberList:
        return MemberList(gateway_factory.entries, len(gateway_factory.entries))

    @get("/notification-channels", summary="Available notification channels")
    async def notification_channels(self, channel_factory: Factory) -> MemberList:
        return MemberList(channel_factory.entries, len(channel_factory.entries))
