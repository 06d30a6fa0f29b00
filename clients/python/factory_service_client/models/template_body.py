from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.template_body_channels import TemplateBodyChannels
    from ..models.template_body_locales import TemplateBodyLocales


T = TypeVar("T", bound="TemplateBody")


@_attrs_define
class TemplateBody:
    """
    Attributes:
        channels (TemplateBodyChannels):
        locales (TemplateBodyLocales | Unset):
        category (str | Unset):  Default: 'transactional'.
        optional (bool | Unset):  Default: True.
    """

    channels: TemplateBodyChannels
    locales: TemplateBodyLocales | Unset = UNSET
    category: str | Unset = "transactional"
    optional: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        channels = self.channels.to_dict()

        locales: dict[str, Any] | Unset = UNSET
        if not isinstance(self.locales, Unset):
            locales = self.locales.to_dict()

        category = self.category

        optional = self.optional

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "channels": channels,
            }
        )
        if locales is not UNSET:
            field_dict["locales"] = locales
        if category is not UNSET:
            field_dict["category"] = category
        if optional is not UNSET:
            field_dict["optional"] = optional

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.template_body_channels import TemplateBodyChannels  # noqa: PLC0415
        from ..models.template_body_locales import TemplateBodyLocales  # noqa: PLC0415

        d = dict(src_dict)
        channels = TemplateBodyChannels.from_dict(d.pop("channels"))

        _locales = d.pop("locales", UNSET)
        locales: TemplateBodyLocales | Unset
        if isinstance(_locales, Unset):
            locales = UNSET
        else:
            locales = TemplateBodyLocales.from_dict(_locales)

        category = d.pop("category", UNSET)

        optional = d.pop("optional", UNSET)

        template_body = cls(
            channels=channels,
            locales=locales,
            category=category,
            optional=optional,
        )

        template_body.additional_properties = d
        return template_body

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
