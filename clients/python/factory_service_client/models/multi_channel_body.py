from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.multi_channel_body_mode import MultiChannelBodyMode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.channel_target import ChannelTarget
    from ..models.multi_channel_body_data import MultiChannelBodyData
    from ..models.multi_channel_body_metadata import MultiChannelBodyMetadata
    from ..models.multi_channel_body_recipients import MultiChannelBodyRecipients


T = TypeVar("T", bound="MultiChannelBody")


@_attrs_define
class MultiChannelBody:
    """
    Attributes:
        channels (list[ChannelTarget]): Targets; plain channel names are accepted when `recipients` maps each to its
            recipient
        message (None | str):
        recipients (MultiChannelBodyRecipients | Unset):
        subject (None | str | Unset):
        html (None | str | Unset):
        user_id (None | str | Unset):
        metadata (MultiChannelBodyMetadata | Unset):
        mode (MultiChannelBodyMode | Unset):  Default: MultiChannelBodyMode.ALL.
        template (None | str | Unset):
        data (MultiChannelBodyData | Unset):
        locale (None | str | Unset):
        category (None | str | Unset):
        send_at (None | str | Unset):
        dedupe_key (None | str | Unset):
    """

    channels: list[ChannelTarget]
    message: None | str
    recipients: MultiChannelBodyRecipients | Unset = UNSET
    subject: None | str | Unset = UNSET
    html: None | str | Unset = UNSET
    user_id: None | str | Unset = UNSET
    metadata: MultiChannelBodyMetadata | Unset = UNSET
    mode: MultiChannelBodyMode | Unset = MultiChannelBodyMode.ALL
    template: None | str | Unset = UNSET
    data: MultiChannelBodyData | Unset = UNSET
    locale: None | str | Unset = UNSET
    category: None | str | Unset = UNSET
    send_at: None | str | Unset = UNSET
    dedupe_key: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        channels = []
        for channels_item_data in self.channels:
            channels_item = channels_item_data.to_dict()
            channels.append(channels_item)

        message: None | str
        message = self.message

        recipients: dict[str, Any] | Unset = UNSET
        if not isinstance(self.recipients, Unset):
            recipients = self.recipients.to_dict()

        subject: None | str | Unset
        if isinstance(self.subject, Unset):
            subject = UNSET
        else:
            subject = self.subject

        html: None | str | Unset
        if isinstance(self.html, Unset):
            html = UNSET
        else:
            html = self.html

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        else:
            user_id = self.user_id

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode.value

        template: None | str | Unset
        if isinstance(self.template, Unset):
            template = UNSET
        else:
            template = self.template

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        locale: None | str | Unset
        if isinstance(self.locale, Unset):
            locale = UNSET
        else:
            locale = self.locale

        category: None | str | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        else:
            category = self.category

        send_at: None | str | Unset
        if isinstance(self.send_at, Unset):
            send_at = UNSET
        else:
            send_at = self.send_at

        dedupe_key: None | str | Unset
        if isinstance(self.dedupe_key, Unset):
            dedupe_key = UNSET
        else:
            dedupe_key = self.dedupe_key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "channels": channels,
                "message": message,
            }
        )
        if recipients is not UNSET:
            field_dict["recipients"] = recipients
        if subject is not UNSET:
            field_dict["subject"] = subject
        if html is not UNSET:
            field_dict["html"] = html
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if mode is not UNSET:
            field_dict["mode"] = mode
        if template is not UNSET:
            field_dict["template"] = template
        if data is not UNSET:
            field_dict["data"] = data
        if locale is not UNSET:
            field_dict["locale"] = locale
        if category is not UNSET:
            field_dict["category"] = category
        if send_at is not UNSET:
            field_dict["send_at"] = send_at
        if dedupe_key is not UNSET:
            field_dict["dedupe_key"] = dedupe_key

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.channel_target import ChannelTarget  # noqa: PLC0415
        from ..models.multi_channel_body_data import MultiChannelBodyData  # noqa: PLC0415
        from ..models.multi_channel_body_metadata import MultiChannelBodyMetadata  # noqa: PLC0415
        from ..models.multi_channel_body_recipients import MultiChannelBodyRecipients  # noqa: PLC0415

        d = dict(src_dict)
        channels = []
        _channels = d.pop("channels")
        for channels_item_data in _channels:
            channels_item = ChannelTarget.from_dict(channels_item_data)

            channels.append(channels_item)

        def _parse_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        message = _parse_message(d.pop("message"))

        _recipients = d.pop("recipients", UNSET)
        recipients: MultiChannelBodyRecipients | Unset
        if isinstance(_recipients, Unset):
            recipients = UNSET
        else:
            recipients = MultiChannelBodyRecipients.from_dict(_recipients)

        def _parse_subject(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        subject = _parse_subject(d.pop("subject", UNSET))

        def _parse_html(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        html = _parse_html(d.pop("html", UNSET))

        def _parse_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        _metadata = d.pop("metadata", UNSET)
        metadata: MultiChannelBodyMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = MultiChannelBodyMetadata.from_dict(_metadata)

        _mode = d.pop("mode", UNSET)
        mode: MultiChannelBodyMode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = MultiChannelBodyMode(_mode)

        def _parse_template(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        template = _parse_template(d.pop("template", UNSET))

        _data = d.pop("data", UNSET)
        data: MultiChannelBodyData | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = MultiChannelBodyData.from_dict(_data)

        def _parse_locale(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        locale = _parse_locale(d.pop("locale", UNSET))

        def _parse_category(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        category = _parse_category(d.pop("category", UNSET))

        def _parse_send_at(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        send_at = _parse_send_at(d.pop("send_at", UNSET))

        def _parse_dedupe_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        dedupe_key = _parse_dedupe_key(d.pop("dedupe_key", UNSET))

        multi_channel_body = cls(
            channels=channels,
            message=message,
            recipients=recipients,
            subject=subject,
            html=html,
            user_id=user_id,
            metadata=metadata,
            mode=mode,
            template=template,
            data=data,
            locale=locale,
            category=category,
            send_at=send_at,
            dedupe_key=dedupe_key,
        )

        multi_channel_body.additional_properties = d
        return multi_channel_body

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
