from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReceiptResult")


@_attrs_define
class ReceiptResult:
    """
    Attributes:
        received (int):
        applied (int):
        duplicates (int | Unset):  Default: 0.
        notifications (list[str] | Unset):
    """

    received: int
    applied: int
    duplicates: int | Unset = 0
    notifications: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        received = self.received

        applied = self.applied

        duplicates = self.duplicates

        notifications: list[str] | Unset = UNSET
        if not isinstance(self.notifications, Unset):
            notifications = self.notifications

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "received": received,
                "applied": applied,
            }
        )
        if duplicates is not UNSET:
            field_dict["duplicates"] = duplicates
        if notifications is not UNSET:
            field_dict["notifications"] = notifications

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        received = d.pop("received")

        applied = d.pop("applied")

        duplicates = d.pop("duplicates", UNSET)

        notifications = cast(list[str], d.pop("notifications", UNSET))

        receipt_result = cls(
            received=received,
            applied=applied,
            duplicates=duplicates,
            notifications=notifications,
        )

        receipt_result.additional_properties = d
        return receipt_result

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
