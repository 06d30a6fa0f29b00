from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.factory_entry_settings_present import FactoryEntrySettingsPresent


T = TypeVar("T", bound="FactoryEntry")


@_attrs_define
class FactoryEntry:
    """
    Attributes:
        name (str):
        description (str):
        enabled (bool):
        adapter (str):
        mode (None | str | Unset):
        settings_present (FactoryEntrySettingsPresent | Unset):
        role (None | str | Unset):
    """

    name: str
    description: str
    enabled: bool
    adapter: str
    mode: None | str | Unset = UNSET
    settings_present: FactoryEntrySettingsPresent | Unset = UNSET
    role: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        enabled = self.enabled

        adapter = self.adapter

        mode: None | str | Unset
        if isinstance(self.mode, Unset):
            mode = UNSET
        else:
            mode = self.mode

        settings_present: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings_present, Unset):
            settings_present = self.settings_present.to_dict()

        role: None | str | Unset
        if isinstance(self.role, Unset):
            role = UNSET
        else:
            role = self.role

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "description": description,
                "enabled": enabled,
                "adapter": adapter,
            }
        )
        if mode is not UNSET:
            field_dict["mode"] = mode
        if settings_present is not UNSET:
            field_dict["settings_present"] = settings_present
        if role is not UNSET:
            field_dict["role"] = role

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.factory_entry_settings_present import FactoryEntrySettingsPresent  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description")

        enabled = d.pop("enabled")

        adapter = d.pop("adapter")

        def _parse_mode(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        mode = _parse_mode(d.pop("mode", UNSET))

        _settings_present = d.pop("settings_present", UNSET)
        settings_present: FactoryEntrySettingsPresent | Unset
        if isinstance(_settings_present, Unset):
            settings_present = UNSET
        else:
            settings_present = FactoryEntrySettingsPresent.from_dict(_settings_present)

        def _parse_role(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        role = _parse_role(d.pop("role", UNSET))

        factory_entry = cls(
            name=name,
            description=description,
            enabled=enabled,
            adapter=adapter,
            mode=mode,
            settings_present=settings_present,
            role=role,
        )

        factory_entry.additional_properties = d
        return factory_entry

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
