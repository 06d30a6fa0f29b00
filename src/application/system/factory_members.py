"""Start-up: create every enabled factory member once, one log line each, so
`grep Factory logs/app.log` shows what this instance is wired to."""

from __future__ import annotations

import structlog

from application.factories import KeyedFactory
from application.payments.systems import PaymentSystemFactory
from domain.errors import DomainError

log = structlog.get_logger("factory")
LABELS = {
    "payment-gateways": "payment gateway",
    "notification-channels": "notification channel",
    "databases": "database",
}


def create_factory_members(systems: PaymentSystemFactory, *factories: KeyedFactory) -> list[str]:
    """Create each enabled member of `factories`, then each payment-system family.

    Returns:
        The lines logged, e.g. `Factory created payment gateway stripe (sandbox)`.
    """
    lines: list[str] = []
    for factory in factories:
        label = LABELS.get(factory.kind, factory.kind)
        for entry in factory.entries:
            if not entry.enabled:
                continue
            factory.create(entry.name)
            lines.append(f"Factory created {label} {entry.name} ({entry.mode or entry.role or 'on demand'})")
            log.info(lines[-1], factory=factory.kind, member=entry.name, adapter=entry.adapter, mode=entry.mode)
    for family in systems.families:
        try:
            systems.create(family.name)
        except DomainError as exc:  # a family naming a disabled member: its payments are refused
            log.warning("factory_family_unavailable", family=family.name, reason=exc.detail)
            continue
        parts = f"{' > '.join(family.gateways)}, receipts by {family.channel}"
        lines.append(f"Factory created payment system {family.name} ({parts})")
        log.info(lines[-1], factory="payment-systems", member=family.name)
    return lines
