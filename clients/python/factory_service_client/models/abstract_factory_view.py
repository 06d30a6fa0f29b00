from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.family_spec import FamilySpec


T = TypeVar("T", bound="AbstractFactoryView")


@_attrs_define
class AbstractFactoryView:
    """
    Attributes:
        type_ (str):
        description (str):
        default (None | str):
        families (list[FamilySpec]):
    """

    type_: str
    description: str
    default: None | str
    families: list[FamilySpec]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        description = self.description

        default: None | str
        default = self.default

        families = []
        for families_item_data in self.families:
            families_item = families_item_data.to_dict()
            families.append(families_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "description": description,
                "default": default,
                "families": families,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.family_spec import FamilySpec  # noqa: PLC0415

        d = dict(src_dict)
        type_ = d.pop("type")

        description = d.pop("description")

        def _parse_default(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        default = _parse_default(d.pop("default"))

        families = []
        _families = d.pop("families")
        for families_item_data in _families:
            families_item = FamilySpec.from_dict(families_item_data)

            families.append(families_item)

        abstract_factory_view = cls(
            type_=type_,
            description=description,
            default=default,
            families=families,
        )

        abstract_factory_view.additional_properties = d
        return abstract_factory_view

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
