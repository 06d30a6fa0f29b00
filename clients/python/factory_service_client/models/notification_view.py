from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.notification_view_channel import NotificationViewChannel
from ..models.notification_view_status import NotificationViewStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.notification_attempt_view import NotificationAttemptView
    from ..models.notification_view_metadata import NotificationViewMetadata


T = TypeVar("T", bound="NotificationView")


@_attrs_define
class NotificationView:
    """
    Attributes:
        id (str):
        status (NotificationViewStatus):
        channel (NotificationViewChannel):
        recipient (str):
        subject (None | str):
        user_id (None | str):
        group_id (None | str):
        metadata (NotificationViewMetadata):
        attempts (list[NotificationAttemptView]):
        provider_message_id (None | str):
        error (None | str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        template (None | str | Unset):
        locale (None | str | Unset):
        category (str | Unset):  Default: 'transactional'.
        send_at (datetime.datetime | None | Unset):
        reason (None | str | Unset):
        delivered_at (datetime.datetime | None | Unset):
    """

    id: str
    status: NotificationViewStatus
    channel: NotificationViewChannel
    recipient: str
    subject: None | str
    user_id: None | str
    group_id: None | str
    metadata: NotificationViewMetadata
    attempts: list[NotificationAttemptView]
    provider_message_id: None | str
    error: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    template: None | str | Unset = UNSET
    locale: None | str | Unset = UNSET
    category: str | Unset = "transactional"
    send_at: datetime.datetime | None | Unset = UNSET
    reason: None | str | Unset = UNSET
    delivered_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status.value

        channel = self.channel.value

        recipient = self.recipient

        subject: None | str
        subject = self.subject

        user_id: None | str
        user_id = self.user_id

        group_id: None | str
        group_id = self.group_id

        metadata = self.metadata.to_dict()

        attempts = []
        for attempts_item_data in self.attempts:
            attempts_item = attempts_item_data.to_dict()
            attempts.append(attempts_item)

        provider_message_id: None | str
        provider_message_id = self.provider_message_id

        error: None | str
        error = self.error

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        template: None | str | Unset
        if isinstance(self.template, Unset):
            template = UNSET
        else:
            template = self.template

        locale: None | str | Unset
        if isinstance(self.locale, Unset):
            locale = UNSET
        else:
            locale = self.locale

        category = self.category

        send_at: None | str | Unset
        if isinstance(self.send_at, Unset):
            send_at = UNSET
        elif isinstance(self.send_at, datetime.datetime):
            send_at = self.send_at.isoformat()
        else:
            send_at = self.send_at

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        delivered_at: None | str | Unset
        if isinstance(self.delivered_at, Unset):
            delivered_at = UNSET
        elif isinstance(self.delivered_at, datetime.datetime):
            delivered_at = self.delivered_at.isoformat()
        else:
            delivered_at = self.delivered_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "channel": channel,
                "recipient": recipient,
                "subject": subject,
                "user_id": user_id,
                "group_id": group_id,
                "metadata": metadata,
                "attempts": attempts,
                "provider_message_id": provider_message_id,
                "error": error,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if template is not UNSET:
            field_dict["template"] = template
        if locale is not UNSET:
            field_dict["locale"] = locale
        if category is not UNSET:
            field_dict["category"] = category
        if send_at is not UNSET:
            field_dict["send_at"] = send_at
        if reason is not UNSET:
            field_dict["reason"] = reason
        if delivered_at is not UNSET:
            field_dict["delivered_at"] = delivered_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.notification_attempt_view import NotificationAttemptView  # noqa: PLC0415
        from ..models.notification_view_metadata import NotificationViewMetadata  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        status = NotificationViewStatus(d.pop("status"))

        channel = NotificationViewChannel(d.pop("channel"))

        recipient = d.pop("recipient")

        def _parse_subject(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subject = _parse_subject(d.pop("subject"))

        def _parse_user_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        user_id = _parse_user_id(d.pop("user_id"))

        def _parse_group_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        group_id = _parse_group_id(d.pop("group_id"))

        metadata = NotificationViewMetadata.from_dict(d.pop("metadata"))

        attempts = []
        _attempts = d.pop("attempts")
        for attempts_item_data in _attempts:
            attempts_item = NotificationAttemptView.from_dict(attempts_item_data)

            attempts.append(attempts_item)

        def _parse_provider_message_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        provider_message_id = _parse_provider_message_id(d.pop("provider_message_id"))

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_template(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        template = _parse_template(d.pop("template", UNSET))

        def _parse_locale(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        locale = _parse_locale(d.pop("locale", UNSET))

        category = d.pop("category", UNSET)

        def _parse_send_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                send_at_type_0 = datetime.datetime.fromisoformat(data)

                return send_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        send_at = _parse_send_at(d.pop("send_at", UNSET))

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        def _parse_delivered_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                delivered_at_type_0 = datetime.datetime.fromisoformat(data)

                return delivered_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        delivered_at = _parse_delivered_at(d.pop("delivered_at", UNSET))

        notification_view = cls(
            id=id,
            status=status,
            channel=channel,
            recipient=recipient,
            subject=subject,
            user_id=user_id,
            group_id=group_id,
            metadata=metadata,
            attempts=attempts,
            provider_message_id=provider_message_id,
            error=error,
            created_at=created_at,
            updated_at=updated_at,
            template=template,
            locale=locale,
            category=category,
            send_at=send_at,
            reason=reason,
            delivered_at=delivered_at,
        )

        notification_view.additional_properties = d
        return notification_view

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
