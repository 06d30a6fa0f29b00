from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="FamilySpec")


@_attrs_define
class FamilySpec:
    """
    Attributes:
        name (str):
        description (str):
        gateways (list[str]):
        channel (str):
        database (str):
        default (bool | Unset):  Default: False.
    """

    name: str
    description: str
    gateways: list[str]
    channel: str
    database: str
    default: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        gateways = self.gateways

        channel = self.channel

        database = self.database

        default = self.default

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "description": description,
                "gateways": gateways,
                "channel": channel,
                "database": database,
            }
        )
        if default is not UNSET:
            field_dict["default"] = default

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description")

        gateways = cast(list[str], d.pop("gateways"))

        channel = d.pop("channel")

        database = d.pop("database")

        default = d.pop("default", UNSET)

        family_spec = cls(
            name=name,
            description=description,
            gateways=gateways,
            channel=channel,
            database=database,
            default=default,
        )

        family_spec.additional_properties = d
        return family_spec

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
