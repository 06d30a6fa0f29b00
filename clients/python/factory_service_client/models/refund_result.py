from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.payment_view import PaymentView
    from ..models.refund_view import RefundView


T = TypeVar("T", bound="RefundResult")


@_attrs_define
class RefundResult:
    """
    Attributes:
        refund (RefundView):
        payment (PaymentView):
    """

    refund: RefundView
    payment: PaymentView
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        refund = self.refund.to_dict()

        payment = self.payment.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "refund": refund,
                "payment": payment,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payment_view import PaymentView  # noqa: PLC0415
        from ..models.refund_view import RefundView  # noqa: PLC0415

        d = dict(src_dict)
        refund = RefundView.from_dict(d.pop("refund"))

        payment = PaymentView.from_dict(d.pop("payment"))

        refund_result = cls(
            refund=refund,
            payment=payment,
        )

        refund_result.additional_properties = d
        return refund_result

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
