from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.factory_entry import FactoryEntry


T = TypeVar("T", bound="FactoryView")


@_attrs_define
class FactoryView:
    """
    Attributes:
        type_ (str):
        description (str):
        members (list[FactoryEntry]):
    """

    type_: str
    description: str
    members: list[FactoryEntry]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        description = self.description

        members = []
        for members_item_data in self.members:
            members_item = members_item_data.to_dict()
            members.append(members_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "description": description,
                "members": members,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.factory_entry import FactoryEntry  # noqa: PLC0415

        d = dict(src_dict)
        type_ = d.pop("type")

        description = d.pop("description")

        members = []
        _members = d.pop("members")
        for members_item_data in _members:
            members_item = FactoryEntry.from_dict(members_item_data)

            members.append(members_item)

        factory_view = cls(
            type_=type_,
            description=description,
            members=members,
        )

        factory_view.additional_properties = d
        return factory_view

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
