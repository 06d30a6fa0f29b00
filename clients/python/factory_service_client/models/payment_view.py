from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payment_view_gateway import PaymentViewGateway
from ..models.payment_view_status import PaymentViewStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.payment_attempt_view import PaymentAttemptView
    from ..models.payment_view_customer import PaymentViewCustomer
    from ..models.payment_view_gateway_data import PaymentViewGatewayData
    from ..models.payment_view_metadata import PaymentViewMetadata
    from ..models.refund_view import RefundView


T = TypeVar("T", bound="PaymentView")


@_attrs_define
class PaymentView:
    """
    Attributes:
        id (str):
        status (PaymentViewStatus):
        user_id (str):
        amount (str):
        amount_minor (int):
        currency (str):
        gateway (PaymentViewGateway):
        payment_system (None | str):
        transaction_id (None | str):
        gateway_data (PaymentViewGatewayData):
        failure_code (None | str):
        failure_reason (None | str):
        next_action_url (None | str):
        refunded (str):
        refunded_minor (int):
        refundable (str):
        refundable_minor (int):
        description (None | str):
        metadata (PaymentViewMetadata):
        customer (PaymentViewCustomer):
        refunds (list[RefundView]):
        attempts (list[PaymentAttemptView]):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        capture_method (str | Unset):  Default: 'automatic'.
        amount_captured (str | Unset):  Default: '0'.
        amount_captured_minor (int | Unset):  Default: 0.
    """

    id: str
    status: PaymentViewStatus
    user_id: str
    amount: str
    amount_minor: int
    currency: str
    gateway: PaymentViewGateway
    payment_system: None | str
    transaction_id: None | str
    gateway_data: PaymentViewGatewayData
    failure_code: None | str
    failure_reason: None | str
    next_action_url: None | str
    refunded: str
    refunded_minor: int
    refundable: str
    refundable_minor: int
    description: None | str
    metadata: PaymentViewMetadata
    customer: PaymentViewCustomer
    refunds: list[RefundView]
    attempts: list[PaymentAttemptView]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    capture_method: str | Unset = "automatic"
    amount_captured: str | Unset = "0"
    amount_captured_minor: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status.value

        user_id = self.user_id

        amount = self.amount

        amount_minor = self.amount_minor

        currency = self.currency

        gateway = self.gateway.value

        payment_system: None | str
        payment_system = self.payment_system

        transaction_id: None | str
        transaction_id = self.transaction_id

        gateway_data = self.gateway_data.to_dict()

        failure_code: None | str
        failure_code = self.failure_code

        failure_reason: None | str
        failure_reason = self.failure_reason

        next_action_url: None | str
        next_action_url = self.next_action_url

        refunded = self.refunded

        refunded_minor = self.refunded_minor

        refundable = self.refundable

        refundable_minor = self.refundable_minor

        description: None | str
        description = self.description

        metadata = self.metadata.to_dict()

        customer = self.customer.to_dict()

        refunds = []
        for refunds_item_data in self.refunds:
            refunds_item = refunds_item_data.to_dict()
            refunds.append(refunds_item)

        attempts = []
        for attempts_item_data in self.attempts:
            attempts_item = attempts_item_data.to_dict()
            attempts.append(attempts_item)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        capture_method = self.capture_method

        amount_captured = self.amount_captured

        amount_captured_minor = self.amount_captured_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "user_id": user_id,
                "amount": amount,
                "amount_minor": amount_minor,
                "currency": currency,
                "gateway": gateway,
                "payment_system": payment_system,
                "transaction_id": transaction_id,
                "gateway_data": gateway_data,
                "failure_code": failure_code,
                "failure_reason": failure_reason,
                "next_action_url": next_action_url,
                "refunded": refunded,
                "refunded_minor": refunded_minor,
                "refundable": refundable,
                "refundable_minor": refundable_minor,
                "description": description,
                "metadata": metadata,
                "customer": customer,
                "refunds": refunds,
                "attempts": attempts,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )
        if capture_method is not UNSET:
            field_dict["capture_method"] = capture_method
        if amount_captured is not UNSET:
            field_dict["amount_captured"] = amount_captured
        if amount_captured_minor is not UNSET:
            field_dict["amount_captured_minor"] = amount_captured_minor

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payment_attempt_view import PaymentAttemptView  # noqa: PLC0415
        from ..models.payment_view_customer import PaymentViewCustomer  # noqa: PLC0415
        from ..models.payment_view_gateway_data import PaymentViewGatewayData  # noqa: PLC0415
        from ..models.payment_view_metadata import PaymentViewMetadata  # noqa: PLC0415
        from ..models.refund_view import RefundView  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        status = PaymentViewStatus(d.pop("status"))

        user_id = d.pop("user_id")

        amount = d.pop("amount")

        amount_minor = d.pop("amount_minor")

        currency = d.pop("currency")

        gateway = PaymentViewGateway(d.pop("gateway"))

        def _parse_payment_system(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        payment_system = _parse_payment_system(d.pop("payment_system"))

        def _parse_transaction_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        transaction_id = _parse_transaction_id(d.pop("transaction_id"))

        gateway_data = PaymentViewGatewayData.from_dict(d.pop("gateway_data"))

        def _parse_failure_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_code = _parse_failure_code(d.pop("failure_code"))

        def _parse_failure_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure_reason = _parse_failure_reason(d.pop("failure_reason"))

        def _parse_next_action_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_action_url = _parse_next_action_url(d.pop("next_action_url"))

        refunded = d.pop("refunded")

        refunded_minor = d.pop("refunded_minor")

        refundable = d.pop("refundable")

        refundable_minor = d.pop("refundable_minor")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        metadata = PaymentViewMetadata.from_dict(d.pop("metadata"))

        customer = PaymentViewCustomer.from_dict(d.pop("customer"))

        refunds = []
        _refunds = d.pop("refunds")
        for refunds_item_data in _refunds:
            refunds_item = RefundView.from_dict(refunds_item_data)

            refunds.append(refunds_item)

        attempts = []
        _attempts = d.pop("attempts")
        for attempts_item_data in _attempts:
            attempts_item = PaymentAttemptView.from_dict(attempts_item_data)

            attempts.append(attempts_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        capture_method = d.pop("capture_method", UNSET)

        amount_captured = d.pop("amount_captured", UNSET)

        amount_captured_minor = d.pop("amount_captured_minor", UNSET)

        payment_view = cls(
            id=id,
            status=status,
            user_id=user_id,
            amount=amount,
            amount_minor=amount_minor,
            currency=currency,
            gateway=gateway,
            payment_system=payment_system,
            transaction_id=transaction_id,
            gateway_data=gateway_data,
            failure_code=failure_code,
            failure_reason=failure_reason,
            next_action_url=next_action_url,
            refunded=refunded,
            refunded_minor=refunded_minor,
            refundable=refundable,
            refundable_minor=refundable_minor,
            description=description,
            metadata=metadata,
            customer=customer,
            refunds=refunds,
            attempts=attempts,
            created_at=created_at,
            updated_at=updated_at,
            capture_method=capture_method,
            amount_captured=amount_captured,
            amount_captured_minor=amount_captured_minor,
        )

        payment_view.additional_properties = d
        return payment_view

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
