from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DeadLetterView")


@_attrs_define
class DeadLetterView:
    """
    Attributes:
        id (int):
        consumer_group (str):
        event_id (str):
        event_type (None | str):
        status (str):
        error (str):
        attempts (int):
        first_failed_at (datetime.datetime):
        dead_lettered_at (datetime.datetime):
        replayed_at (datetime.datetime | None):
        envelope (Any):
    """

    id: int
    consumer_group: str
    event_id: str
    event_type: None | str
    status: str
    error: str
    attempts: int
    first_failed_at: datetime.datetime
    dead_lettered_at: datetime.datetime
    replayed_at: datetime.datetime | None
    envelope: Any
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        consumer_group = self.consumer_group

        event_id = self.event_id

        event_type: None | str
        event_type = self.event_type

        status = self.status

        error = self.error

        attempts = self.attempts

        first_failed_at = self.first_failed_at.isoformat()

        dead_lettered_at = self.dead_lettered_at.isoformat()

        replayed_at: None | str
        if isinstance(self.replayed_at, datetime.datetime):
            replayed_at = self.replayed_at.isoformat()
        else:
            replayed_at = self.replayed_at

        envelope = self.envelope

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "consumer_group": consumer_group,
                "event_id": event_id,
                "event_type": event_type,
                "status": status,
                "error": error,
                "attempts": attempts,
                "first_failed_at": first_failed_at,
                "dead_lettered_at": dead_lettered_at,
                "replayed_at": replayed_at,
                "envelope": envelope,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        consumer_group = d.pop("consumer_group")

        event_id = d.pop("event_id")

        def _parse_event_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        event_type = _parse_event_type(d.pop("event_type"))

        status = d.pop("status")

        error = d.pop("error")

        attempts = d.pop("attempts")

        first_failed_at = datetime.datetime.fromisoformat(d.pop("first_failed_at"))

        dead_lettered_at = datetime.datetime.fromisoformat(d.pop("dead_lettered_at"))

        def _parse_replayed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                replayed_at_type_0 = datetime.datetime.fromisoformat(data)

                return replayed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        replayed_at = _parse_replayed_at(d.pop("replayed_at"))

        envelope = d.pop("envelope")

        dead_letter_view = cls(
            id=id,
            consumer_group=consumer_group,
            event_id=event_id,
            event_type=event_type,
            status=status,
            error=error,
            attempts=attempts,
            first_failed_at=first_failed_at,
            dead_lettered_at=dead_lettered_at,
            replayed_at=replayed_at,
            envelope=envelope,
        )

        dead_letter_view.additional_properties = d
        return dead_letter_view

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
