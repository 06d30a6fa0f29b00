from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.preferences_body_categories import PreferencesBodyCategories
    from ..models.preferences_body_channels import PreferencesBodyChannels


T = TypeVar("T", bound="PreferencesBody")


@_attrs_define
class PreferencesBody:
    """Name -> enabled; `false` opts out. Categories include `transactional` and `marketing`.

    Attributes:
        channels (PreferencesBodyChannels | Unset):
        categories (PreferencesBodyCategories | Unset):
    """

    channels: PreferencesBodyChannels | Unset = UNSET
    categories: PreferencesBodyCategories | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        channels: dict[str, Any] | Unset = UNSET
        if not isinstance(self.channels, Unset):
            channels = self.channels.to_dict()

        categories: dict[str, Any] | Unset = UNSET
        if not isinstance(self.categories, Unset):
            categories = self.categories.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if channels is not UNSET:
            field_dict["channels"] = channels
        if categories is not UNSET:
            field_dict["categories"] = categories

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.preferences_body_categories import PreferencesBodyCategories  # noqa: PLC0415
        from ..models.preferences_body_channels import PreferencesBodyChannels  # noqa: PLC0415

        d = dict(src_dict)
        _channels = d.pop("channels", UNSET)
        channels: PreferencesBodyChannels | Unset
        if isinstance(_channels, Unset):
            channels = UNSET
        else:
            channels = PreferencesBodyChannels.from_dict(_channels)

        _categories = d.pop("categories", UNSET)
        categories: PreferencesBodyCategories | Unset
        if isinstance(_categories, Unset):
            categories = UNSET
        else:
            categories = PreferencesBodyCategories.from_dict(_categories)

        preferences_body = cls(
            channels=channels,
            categories=categories,
        )

        return preferences_body
