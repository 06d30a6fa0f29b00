from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.preferences_view_categories import PreferencesViewCategories
    from ..models.preferences_view_channels import PreferencesViewChannels


T = TypeVar("T", bound="PreferencesView")


@_attrs_define
class PreferencesView:
    """
    Attributes:
        user_id (str):
        channels (PreferencesViewChannels):
        categories (PreferencesViewCategories):
        updated_at (datetime.datetime | None | Unset):
    """

    user_id: str
    channels: PreferencesViewChannels
    categories: PreferencesViewCategories
    updated_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        channels = self.channels.to_dict()

        categories = self.categories.to_dict()

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
                "user_id": user_id,
                "channels": channels,
                "categories": categories,
            }
        )
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preferences_view_categories import PreferencesViewCategories  # noqa: PLC0415
        from ..models.preferences_view_channels import PreferencesViewChannels  # noqa: PLC0415

        d = dict(src_dict)
        user_id = d.pop("user_id")

        channels = PreferencesViewChannels.from_dict(d.pop("channels"))

        categories = PreferencesViewCategories.from_dict(d.pop("categories"))

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

        preferences_view = cls(
            user_id=user_id,
            channels=channels,
            categories=categories,
            updated_at=updated_at,
        )

        preferences_view.additional_properties = d
        return preferences_view

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
