from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.system_info_adapters import SystemInfoAdapters


T = TypeVar("T", bound="SystemInfo")


@_attrs_define
class SystemInfo:
    """
    Attributes:
        service (str):
        version (str):
        profile (str):
        python (str):
        instance_id (str):
        uptime_seconds (float):
        adapters (SystemInfoAdapters):
    """

    service: str
    version: str
    profile: str
    python: str
    instance_id: str
    uptime_seconds: float
    adapters: SystemInfoAdapters
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        service = self.service

        version = self.version

        profile = self.profile

        python = self.python

        instance_id = self.instance_id

        uptime_seconds = self.uptime_seconds

        adapters = self.adapters.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "service": service,
                "version": version,
                "profile": profile,
                "python": python,
                "instance_id": instance_id,
                "uptime_seconds": uptime_seconds,
                "adapters": adapters,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.system_info_adapters import SystemInfoAdapters  # noqa: PLC0415

        d = dict(src_dict)
        service = d.pop("service")

        version = d.pop("version")

        profile = d.pop("profile")

        python = d.pop("python")

        instance_id = d.pop("instance_id")

        uptime_seconds = d.pop("uptime_seconds")

        adapters = SystemInfoAdapters.from_dict(d.pop("adapters"))

        system_info = cls(
            service=service,
            version=version,
            profile=profile,
            python=python,
            instance_id=instance_id,
            uptime_seconds=uptime_seconds,
            adapters=adapters,
        )

        system_info.additional_properties = d
        return system_info

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
