from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.refund_view_status import RefundViewStatus

T = TypeVar("T", bound="RefundView")


@_attrs_define
class RefundView:
    """
    Attributes:
        id (str):
        payment_id (str):
        amount (str):
        amount_minor (int):
        currency (str):
        reason (None | str):
        status (RefundViewStatus):
        gateway_refund_id (None | str):
        created_at (datetime.datetime):
    """

    id: str
    payment_id: str
    amount: str
    amount_minor: int
    currency: str
    reason: None | str
    status: RefundViewStatus
    gateway_refund_id: None | str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        payment_id = self.payment_id

        amount = self.amount

        amount_minor = self.amount_minor

        currency = self.currency

        reason: None | str
        reason = self.reason

        status = self.status.value

        gateway_refund_id: None | str
        gateway_refund_id = self.gateway_refund_id

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "payment_id": payment_id,
                "amount": amount,
                "amount_minor": amount_minor,
                "currency": currency,
                "reason": reason,
                "status": status,
                "gateway_refund_id": gateway_refund_id,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        payment_id = d.pop("payment_id")

        amount = d.pop("amount")

        amount_minor = d.pop("amount_minor")

        currency = d.pop("currency")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))

        status = RefundViewStatus(d.pop("status"))

        def _parse_gateway_refund_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        gateway_refund_id = _parse_gateway_refund_id(d.pop("gateway_refund_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        refund_view = cls(
            id=id,
            payment_id=payment_id,
            amount=amount,
            amount_minor=amount_minor,
            currency=currency,
            reason=reason,
            status=status,
            gateway_refund_id=gateway_refund_id,
            created_at=created_at,
        )

        refund_view.additional_properties = d
        return refund_view

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
