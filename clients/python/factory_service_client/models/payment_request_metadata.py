from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payment_request_metadata_sandbox_trigger_type_1 import PaymentRequestMetadataSandboxTriggerType1
from ..types import UNSET, Unset

T = TypeVar("T", bound="PaymentRequestMetadata")


@_attrs_define
class PaymentRequestMetadata:
    """
    Attributes:
        sandbox_trigger (None | PaymentRequestMetadataSandboxTriggerType1 | Unset):
    """

    sandbox_trigger: None | PaymentRequestMetadataSandboxTriggerType1 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sandbox_trigger: None | str | Unset
        if isinstance(self.sandbox_trigger, Unset):
            sandbox_trigger = UNSET
        elif isinstance(self.sandbox_trigger, PaymentRequestMetadataSandboxTriggerType1):
            sandbox_trigger = self.sandbox_trigger.value
        else:
            sandbox_trigger = self.sandbox_trigger

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if sandbox_trigger is not UNSET:
            field_dict["sandbox_trigger"] = sandbox_trigger

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_sandbox_trigger(data: object) -> None | PaymentRequestMetadataSandboxTriggerType1 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sandbox_trigger_type_1 = PaymentRequestMetadataSandboxTriggerType1(data)

                return sandbox_trigger_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PaymentRequestMetadataSandboxTriggerType1 | Unset, data)

        sandbox_trigger = _parse_sandbox_trigger(d.pop("sandbox_trigger", UNSET))

        payment_request_metadata = cls(
            sandbox_trigger=sandbox_trigger,
        )

        payment_request_metadata.additional_properties = d
        return payment_request_metadata

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
