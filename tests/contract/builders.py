"""Charge and refund requests as the payments use case will hand them to a gateway."""

from __future__ import annotations

from typing import Any

from domain.money import Money
from domain.ports import ChargeRequest, RefundRequest


def charge(amount: str = "100.50", currency: str = "USD", **kwargs: Any) -> ChargeRequest:
    values: dict[str, Any] = {
        "payment_id": "pay_01JCONTRACT0000000000000000",
        "user_id": "user123",
        "amount": Money.parse(amount, currency),
        "idempotency_key": "idem-7f3a9c1e-charge",
        "description": "Order 42",
    }
    values.update(kwargs)
    return ChargeRequest(**values)


def refund(transaction_id: str, amount: str = "25.00", currency: str = "USD", **kwargs: Any) -> RefundRequest:
    values: dict[str, Any] = {
        "refund_id": "re_01JCONTRACTREFUND000000000",
        "payment_id": "pay_01JCONTRACT0000000000000000",
        "transaction_id": transaction_id,
        "amount": Money.parse(amount, currency),
        "idempotency_key": "idem-7f3a9c1e-refund",
        "reason": "requested_by_customer",
    }
    values.update(kwargs)
    return RefundRequest(**values)
