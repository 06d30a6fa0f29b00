from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.template_view_channels import TemplateViewChannels
    from ..models.template_view_locales import TemplateViewLocales


T = TypeVar("T", bound="TemplateView")


@_attrs_define
class TemplateView:
    """
    Attributes:
        name (str):
        channels (TemplateViewChannels):
        locales (TemplateViewLocales):
        category (str):
        optional (bool):
        source (str):
        updated_at (datetime.datetime | None | Unset):
    """

    name: str
    channels: TemplateViewChannels
    locales: TemplateViewLocales
    category: str
    optional: bool
    source: str
    updated_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        channels = self.channels.to_dict()

        locales = self.locales.to_dict()

        category = self.category

        optional = self.optional

        source = self.source

        updated_at: None | str | Unset
        if isinstance(self.updated_at, Unset):
            updated_at = UNSET
        elif isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "channels": channels,
                "locales": locales,
                "category": category,
                "optional": optional,
                "source": source,
            }
        )
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.template_view_channels import TemplateViewChannels  # noqa: PLC0415
        from ..models.template_view_locales import TemplateViewLocales  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        channels = TemplateViewChannels.from_dict(d.pop("channels"))

        locales = TemplateViewLocales.from_dict(d.pop("locales"))

        category = d.pop("category")

        optional = d.pop("optional")

        source = d.pop("source")

        def _parse_updated_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        updated_at = _parse_updated_at(d.pop("updated_at", UNSET))

        template_view = cls(
            name=name,
            channels=channels,
            locales=locales,
            category=category,
            optional=optional,
            source=source,
            updated_at=updated_at,
        )

        template_view.additional_properties = d
        return template_view

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
