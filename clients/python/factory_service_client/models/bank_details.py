from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="BankDetails")


@_attrs_define
class BankDetails:
    """Optional for bank_transfer: the payer's account, checked when present.

    Attributes:
        account_number (str):
        account_holder (str):
        routing_code (None | str | Unset):
    """

    account_number: str
    account_holder: str
    routing_code: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        account_number = self.account_number

        account_holder = self.account_holder

        routing_code: None | str | Unset
        if isinstance(self.routing_code, Unset):
            routing_code = UNSET
        else:
            routing_code = self.routing_code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "account_number": account_number,
                "account_holder": account_holder,
            }
        )
        if routing_code is not UNSET:
            field_dict["routing_code"] = routing_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_number = d.pop("account_number")

        account_holder = d.pop("account_holder")

        def _parse_routing_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        routing_code = _parse_routing_code(d.pop("routing_code", UNSET))

        bank_details = cls(
            account_number=account_number,
            account_holder=account_holder,
            routing_code=routing_code,
        )

        return bank_details
