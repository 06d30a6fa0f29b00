from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="PaymentsByUser")


@_attrs_define
class PaymentsByUser:
    """
    Attributes:
        user_id (str):
        limit (int | Unset): rows to return, 1 to 100 Default: 20.
    """

    user_id: str
    limit: int | Unset = 20

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        limit = self.limit

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "user_id": user_id,
            }
        )
        if limit is not UNSET:
            field_dict["limit"] = limit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        user_id = d.pop("user_id")

        limit = d.pop("limit", UNSET)

        payments_by_user = cls(
            user_id=user_id,
            limit=limit,
        )

        return payments_by_user
