from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payment_attempt_view_gateway import PaymentAttemptViewGateway
from ..types import UNSET, Unset

T = TypeVar("T", bound="PaymentAttemptView")


@_attrs_define
class PaymentAttemptView:
    """
    Attributes:
        gateway (PaymentAttemptViewGateway):
        outcome (str):
        at (datetime.datetime):
        detail (None | str | Unset):
        decline_code (None | str | Unset):
        decline (None | str | Unset):
    """

    gateway: PaymentAttemptViewGateway
    outcome: str
    at: datetime.datetime
    detail: None | str | Unset = UNSET
    decline_code: None | str | Unset = UNSET
    decline: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        gateway = self.gateway.value

        outcome = self.outcome

        at = self.at.isoformat()

        detail: None | str | Unset
        if isinstance(self.detail, Unset):
            detail = UNSET
        else:
            detail = self.detail

        decline_code: None | str | Unset
        if isinstance(self.decline_code, Unset):
            decline_code = UNSET
        else:
            decline_code = self.decline_code

        decline: None | str | Unset
        if isinstance(self.decline, Unset):
            decline = UNSET
        else:
            decline = self.decline

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "gateway": gateway,
                "outcome": outcome,
                "at": at,
            }
        )
        if detail is not UNSET:
            field_dict["detail"] = detail
        if decline_code is not UNSET:
            field_dict["decline_code"] = decline_code
        if decline is not UNSET:
            field_dict["decline"] = decline

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        gateway = PaymentAttemptViewGateway(d.pop("gateway"))

        outcome = d.pop("outcome")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        def _parse_detail(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detail = _parse_detail(d.pop("detail", UNSET))

        def _parse_decline_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        decline_code = _parse_decline_code(d.pop("decline_code", UNSET))

        def _parse_decline(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        decline = _parse_decline(d.pop("decline", UNSET))

        payment_attempt_view = cls(
            gateway=gateway,
            outcome=outcome,
            at=at,
            detail=detail,
            decline_code=decline_code,
            decline=decline,
        )

        payment_attempt_view.additional_properties = d
        return payment_attempt_view

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
