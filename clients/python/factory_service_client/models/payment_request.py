from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.capture_method import CaptureMethod
from ..models.payment_request_gateway_type_0 import PaymentRequestGatewayType0
from ..models.payment_request_payment_system_type_0 import PaymentRequestPaymentSystemType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.bank_details import BankDetails
    from ..models.customer import Customer
    from ..models.payment_request_metadata import PaymentRequestMetadata
    from ..models.wallet_details import WalletDetails


T = TypeVar("T", bound="PaymentRequest")


@_attrs_define
class PaymentRequest:
    """
    Attributes:
        user_id (str):
        amount (float | str): A decimal amount in the currency's major unit, as a JSON number or a string
        currency (str):
        payment_method (None | str | Unset):
        gateway (None | PaymentRequestGatewayType0 | Unset):
        payment_system (None | PaymentRequestPaymentSystemType0 | Unset):
        description (None | str | Unset):
        metadata (PaymentRequestMetadata | Unset):
        customer (Customer | None | Unset):
        bank_details (BankDetails | None | Unset):
        wallet_details (None | Unset | WalletDetails):
        capture_method (CaptureMethod | Unset):
    """

    user_id: str
    amount: float | str
    currency: str
    payment_method: None | str | Unset = UNSET
    gateway: None | PaymentRequestGatewayType0 | Unset = UNSET
    payment_system: None | PaymentRequestPaymentSystemType0 | Unset = UNSET
    description: None | str | Unset = UNSET
    metadata: PaymentRequestMetadata | Unset = UNSET
    customer: Customer | None | Unset = UNSET
    bank_details: BankDetails | None | Unset = UNSET
    wallet_details: None | Unset | WalletDetails = UNSET
    capture_method: CaptureMethod | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.bank_details import BankDetails  # noqa: PLC0415
        from ..models.customer import Customer  # noqa: PLC0415
        from ..models.wallet_details import WalletDetails  # noqa: PLC0415

        user_id = self.user_id

        amount: float | str
        amount = self.amount

        currency = self.currency

        payment_method: None | str | Unset
        if isinstance(self.payment_method, Unset):
            payment_method = UNSET
        else:
            payment_method = self.payment_method

        gateway: None | str | Unset
        if isinstance(self.gateway, Unset):
            gateway = UNSET
        elif isinstance(self.gateway, PaymentRequestGatewayType0):
            gateway = self.gateway.value
        else:
            gateway = self.gateway

        payment_system: None | str | Unset
        if isinstance(self.payment_system, Unset):
            payment_system = UNSET
        elif isinstance(self.payment_system, PaymentRequestPaymentSystemType0):
            payment_system = self.payment_system.value
        else:
            payment_system = self.payment_system

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        customer: dict[str, Any] | None | Unset
        if isinstance(self.customer, Unset):
            customer = UNSET
        elif isinstance(self.customer, Customer):
            customer = self.customer.to_dict()
        else:
            customer = self.customer

        bank_details: dict[str, Any] | None | Unset
        if isinstance(self.bank_details, Unset):
            bank_details = UNSET
        elif isinstance(self.bank_details, BankDetails):
            bank_details = self.bank_details.to_dict()
        else:
            bank_details = self.bank_details

        wallet_details: dict[str, Any] | None | Unset
        if isinstance(self.wallet_details, Unset):
            wallet_details = UNSET
        elif isinstance(self.wallet_details, WalletDetails):
            wallet_details = self.wallet_details.to_dict()
        else:
            wallet_details = self.wallet_details

        capture_method: str | Unset = UNSET
        if not isinstance(self.capture_method, Unset):
            capture_method = self.capture_method.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user_id": user_id,
                "amount": amount,
                "currency": currency,
            }
        )
        if payment_method is not UNSET:
            field_dict["payment_method"] = payment_method
        if gateway is not UNSET:
            field_dict["gateway"] = gateway
        if payment_system is not UNSET:
            field_dict["payment_system"] = payment_system
        if description is not UNSET:
            field_dict["description"] = description
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if customer is not UNSET:
            field_dict["customer"] = customer
        if bank_details is not UNSET:
            field_dict["bank_details"] = bank_details
        if wallet_details is not UNSET:
            field_dict["wallet_details"] = wallet_details
        if capture_method is not UNSET:
            field_dict["capture_method"] = capture_method

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bank_details import BankDetails  # noqa: PLC0415
        from ..models.customer import Customer  # noqa: PLC0415
        from ..models.payment_request_metadata import PaymentRequestMetadata  # noqa: PLC0415
        from ..models.wallet_details import WalletDetails  # noqa: PLC0415

        d = dict(src_dict)
        user_id = d.pop("user_id")

        def _parse_amount(data: object) -> float | str:
            return cast(float | str, data)

        amount = _parse_amount(d.pop("amount"))

        currency = d.pop("currency")

        def _parse_payment_method(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payment_method = _parse_payment_method(d.pop("payment_method", UNSET))

        def _parse_gateway(data: object) -> None | PaymentRequestGatewayType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                gateway_type_0 = PaymentRequestGatewayType0(data)

                return gateway_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PaymentRequestGatewayType0 | Unset, data)

        gateway = _parse_gateway(d.pop("gateway", UNSET))

        def _parse_payment_system(data: object) -> None | PaymentRequestPaymentSystemType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                payment_system_type_0 = PaymentRequestPaymentSystemType0(data)

                return payment_system_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PaymentRequestPaymentSystemType0 | Unset, data)

        payment_system = _parse_payment_system(d.pop("payment_system", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        _metadata = d.pop("metadata", UNSET)
        metadata: PaymentRequestMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = PaymentRequestMetadata.from_dict(_metadata)

        def _parse_customer(data: object) -> Customer | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                customer_type_0 = Customer.from_dict(data)

                return customer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Customer | None | Unset, data)

        customer = _parse_customer(d.pop("customer", UNSET))

        def _parse_bank_details(data: object) -> BankDetails | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                bank_details_type_0 = BankDetails.from_dict(data)

                return bank_details_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BankDetails | None | Unset, data)

        bank_details = _parse_bank_details(d.pop("bank_details", UNSET))

        def _parse_wallet_details(data: object) -> None | Unset | WalletDetails:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                wallet_details_type_0 = WalletDetails.from_dict(data)

                return wallet_details_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | WalletDetails, data)

        wallet_details = _parse_wallet_details(d.pop("wallet_details", UNSET))

        _capture_method = d.pop("capture_method", UNSET)
        capture_method: CaptureMethod | Unset
        if isinstance(_capture_method, Unset):
            capture_method = UNSET
        else:
            capture_method = CaptureMethod(_capture_method)

        payment_request = cls(
            user_id=user_id,
            amount=amount,
            currency=currency,
            payment_method=payment_method,
            gateway=gateway,
            payment_system=payment_system,
            description=description,
            metadata=metadata,
            customer=customer,
            bank_details=bank_details,
            wallet_details=wallet_details,
            capture_method=capture_method,
        )

        payment_request.additional_properties = d
        return payment_request

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
