from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.query_all_request_type_1_query import QueryAllRequestType1Query
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.payment_totals_by_gateway import PaymentTotalsByGateway


T = TypeVar("T", bound="QueryAllRequestType1")


@_attrs_define
class QueryAllRequestType1:
    """
    Attributes:
        query (QueryAllRequestType1Query):
        params (PaymentTotalsByGateway | Unset):
    """

    query: QueryAllRequestType1Query
    params: PaymentTotalsByGateway | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        query = self.query.value

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "query": query,
            }
        )
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payment_totals_by_gateway import PaymentTotalsByGateway  # noqa: PLC0415

        d = dict(src_dict)
        query = QueryAllRequestType1Query(d.pop("query"))

        _params = d.pop("params", UNSET)
        params: PaymentTotalsByGateway | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = PaymentTotalsByGateway.from_dict(_params)

        query_all_request_type_1 = cls(
            query=query,
            params=params,
        )

        return query_all_request_type_1
