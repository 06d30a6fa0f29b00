"""The abstract factory: a payment-system family's gateways, channel and database as one unit."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from application.factories import KeyedFactory
from domain.errors import UnknownFactoryKey
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
    """Related parts created together: gateways in failover order, receipt channel, database."""

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
    ) -> None:
        self.families = families
        self._by_name = {family.name: family for family in families}
        self._gateways = gateways
        self._channels = channels
        self.default = next((f.name for f in families if f.default), None)

    def spec(self, name: str, *, field: str | None = None, status: int = 404) -> FamilySpec:
        try:
            return self._by_name[name]
        except KeyError:
            raise UnknownFactoryKey("payment system", name, list(self._by_name), field=field, status=status) from None

    def create(self, name: str | None = None, *, field: str | None = None) -> PaymentSystem:
        spec = self.spec(name or self.default or "", field=field, status=422)
        return PaymentSystem(
            name=spec.name,
            gateways=[self._gateways.create(g, field=field) for g in spec.gateways],
            channel=self._channels.create(spec.channel, field=field),
            database=spec.database,
        )
