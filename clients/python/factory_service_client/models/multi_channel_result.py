from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.multi_channel_result_mode import MultiChannelResultMode
from ..models.multi_channel_result_status import MultiChannelResultStatus

if TYPE_CHECKING:
    from ..models.channel_outcome import ChannelOutcome


T = TypeVar("T", bound="MultiChannelResult")


@_attrs_define
class MultiChannelResult:
    """
    Attributes:
        group_id (str):
        mode (MultiChannelResultMode):
        status (MultiChannelResultStatus):
        delivered (int):
        results (list[ChannelOutcome]):
    """

    group_id: str
    mode: MultiChannelResultMode
    status: MultiChannelResultStatus
    delivered: int
    results: list[ChannelOutcome]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        group_id = self.group_id

        mode = self.mode.value

        status = self.status.value

        delivered = self.delivered

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "group_id": group_id,
                "mode": mode,
                "status": status,
                "delivered": delivered,
                "results": results,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel_outcome import ChannelOutcome  # noqa: PLC0415

        d = dict(src_dict)
        group_id = d.pop("group_id")

        mode = MultiChannelResultMode(d.pop("mode"))

        status = MultiChannelResultStatus(d.pop("status"))

        delivered = d.pop("delivered")

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = ChannelOutcome.from_dict(results_item_data)

            results.append(results_item)

        multi_channel_result = cls(
            group_id=group_id,
            mode=mode,
            status=status,
            delivered=delivered,
            results=results,
        )

        multi_channel_result.additional_properties = d
        return multi_channel_result

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
