from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ClientTokenRequest")


@_attrs_define
class ClientTokenRequest:
    """
    Attributes:
        user_id (str):
        ttl_seconds (int | Unset):  Default: 900.
    """

    user_id: str
    ttl_seconds: int | Unset = 900

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        ttl_seconds = self.ttl_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "user_id": user_id,
            }
        )
        if ttl_seconds is not UNSET:
            field_dict["ttl_seconds"] = ttl_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        user_id = d.pop("user_id")

        ttl_seconds = d.pop("ttl_seconds", UNSET)

        client_token_request = cls(
            user_id=user_id,
            ttl_seconds=ttl_seconds,
        )

        return client_token_request
