from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DatabaseStatus")


@_attrs_define
class DatabaseStatus:
    """
    Attributes:
        name (str):
        description (str):
        configured (bool):
        role (None | str):
        adapter (str):
        reachable (bool | None):
        latency_ms (float | None):
        error (None | str | Unset):
        shard (None | str | Unset):
    """

    name: str
    description: str
    configured: bool
    role: None | str
    adapter: str
    reachable: bool | None
    latency_ms: float | None
    error: None | str | Unset = UNSET
    shard: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        configured = self.configured

        role: None | str
        role = self.role

        adapter = self.adapter

        reachable: bool | None
        reachable = self.reachable

        latency_ms: float | None
        latency_ms = self.latency_ms

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        shard: None | str | Unset
        if isinstance(self.shard, Unset):
            shard = UNSET
        else:
            shard = self.shard

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "description": description,
                "configured": configured,
                "role": role,
                "adapter": adapter,
                "reachable": reachable,
                "latency_ms": latency_ms,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error
        if shard is not UNSET:
            field_dict["shard"] = shard

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description")

        configured = d.pop("configured")

        def _parse_role(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        role = _parse_role(d.pop("role"))

        adapter = d.pop("adapter")

        def _parse_reachable(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        reachable = _parse_reachable(d.pop("reachable"))

        def _parse_latency_ms(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        latency_ms = _parse_latency_ms(d.pop("latency_ms"))

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_shard(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        shard = _parse_shard(d.pop("shard", UNSET))

        database_status = cls(
            name=name,
            description=description,
            configured=configured,
            role=role,
            adapter=adapter,
            reachable=reachable,
            latency_ms=latency_ms,
            error=error,
            shard=shard,
        )

        database_status.additional_properties = d
        return database_status

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
