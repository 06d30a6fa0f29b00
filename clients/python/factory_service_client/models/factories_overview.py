from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.abstract_factory_view import AbstractFactoryView
    from ..models.factory_view import FactoryView


T = TypeVar("T", bound="FactoriesOverview")


@_attrs_define
class FactoriesOverview:
    """
    Attributes:
        factories (list[FactoryView]):
        abstract (AbstractFactoryView):
    """

    factories: list[FactoryView]
    abstract: AbstractFactoryView
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        factories = []
        for factories_item_data in self.factories:
            factories_item = factories_item_data.to_dict()
            factories.append(factories_item)

        abstract = self.abstract.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "factories": factories,
                "abstract": abstract,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.abstract_factory_view import AbstractFactoryView  # noqa: PLC0415
        from ..models.factory_view import FactoryView  # noqa: PLC0415

        d = dict(src_dict)
        factories = []
        _factories = d.pop("factories")
        for factories_item_data in _factories:
            factories_item = FactoryView.from_dict(factories_item_data)

            factories.append(factories_item)

        abstract = AbstractFactoryView.from_dict(d.pop("abstract"))

        factories_overview = cls(
            factories=factories,
            abstract=abstract,
        )

        factories_overview.additional_properties = d
        return factories_overview

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
