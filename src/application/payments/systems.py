"""The abstract factory: a payment-system family's gateways, channel and database as one unit."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from application.factories import KeyedFactory
from application.payments.gateway_routing import GatewayRouter, ObservedGateway
from domain.errors import InvalidFactoryKey, UnknownFactoryKey
from domain.ports import NotificationChannel, PaymentGateway


class FamilySpec(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    description: str
    gateways: list[str]
    channel: str
    database: str
    default: bool = False


@dataclass(frozen=True, slots=True)
class PaymentSystem:
    """Related parts created together: gateways in routing order, receipt channel, database."""

    name: str
    gateways: list[PaymentGateway]
    channel: NotificationChannel
    database: str


class PaymentSystemFactory:
    def __init__(
        self,
        families: list[FamilySpec],
        gateways: KeyedFactory[PaymentGateway],
        channels: KeyedFactory[NotificationChannel],
        router: GatewayRouter | None = None,
    ) -> None:
        self.families = families
        self.router = router
        self._by_name = {family.name: family for family in families}
        self._gateways = gateways
        self._channels = channels
        self.default = next((f.name for f in families if f.default), None)

    @property
    def names(self) -> list[str]:
        return list(self._by_name)

    def spec(
        self, name: str, *, field: str | None = None, error: type[UnknownFactoryKey] = UnknownFactoryKey
    ) -> FamilySpec:
        try:
            return self._by_name[name]
        except KeyError:
            raise error("payment system", name, list(self._by_name), field=field) from None

    def create(self, name: str | None = None, *, field: str | None = None) -> PaymentSystem:
        spec = self.spec(name or self.default or "", field=field, error=InvalidFactoryKey)
        return PaymentSystem(
            name=spec.name,
            gateways=self.gateways(spec, field=field),
            channel=self._channels.create(spec.channel, field=field),
            database=spec.database,
        )

    def gateways(self, spec: FamilySpec, *, field: str | None = None) -> list[PaymentGateway]:
        """The family's gateways to try: in configured order, or with a router the best
        authorizing first, each reporting its outcomes to the router."""
        if self.router is None:
            return [self._gateways.create(g, field=field) for g in spec.gateways]
        return [
            ObservedGateway(self._gateways.create(g, field=field), self.router, spec.gateways)
            for g in self.router.order(spec.gateways)
        ]
