from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.channel_outcome_channel import ChannelOutcomeChannel
from ..models.channel_outcome_status import ChannelOutcomeStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.notification_view import NotificationView


T = TypeVar("T", bound="ChannelOutcome")


@_attrs_define
class ChannelOutcome:
    """
    Attributes:
        channel (ChannelOutcomeChannel):
        recipient (str):
        status (ChannelOutcomeStatus):
        notification (None | NotificationView | Unset):
    """

    channel: ChannelOutcomeChannel
    recipient: str
    status: ChannelOutcomeStatus
    notification: None | NotificationView | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.notification_view import NotificationView  # noqa: PLC0415

        channel = self.channel.value

        recipient = self.recipient

        status = self.status.value

        notification: dict[str, Any] | None | Unset
        if isinstance(self.notification, Unset):
            notification = UNSET
        elif isinstance(self.notification, NotificationView):
            notification = self.notification.to_dict()
        else:
            notification = self.notification

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "channel": channel,
                "recipient": recipient,
                "status": status,
            }
        )
        if notification is not UNSET:
            field_dict["notification"] = notification

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.notification_view import NotificationView  # noqa: PLC0415

        d = dict(src_dict)
        channel = ChannelOutcomeChannel(d.pop("channel"))

        recipient = d.pop("recipient")

        status = ChannelOutcomeStatus(d.pop("status"))

        def _parse_notification(data: object) -> None | NotificationView | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                notification_type_0 = NotificationView.from_dict(data)

                return notification_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | NotificationView | Unset, data)

        notification = _parse_notification(d.pop("notification", UNSET))

        channel_outcome = cls(
            channel=channel,
            recipient=recipient,
            status=status,
            notification=notification,
        )

        channel_outcome.additional_properties = d
        return channel_outcome

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
