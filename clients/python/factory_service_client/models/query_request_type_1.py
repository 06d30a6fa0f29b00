from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.query_request_type_1_database import QueryRequestType1Database
from ..models.query_request_type_1_query import QueryRequestType1Query
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.payment_totals_by_gateway import PaymentTotalsByGateway


T = TypeVar("T", bound="QueryRequestType1")


@_attrs_define
class QueryRequestType1:
    """
    Attributes:
        query (QueryRequestType1Query):
        database (QueryRequestType1Database):
        params (PaymentTotalsByGateway | Unset):
    """

    query: QueryRequestType1Query
    database: QueryRequestType1Database
    params: PaymentTotalsByGateway | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        query = self.query.value

        database = self.database.value

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "query": query,
                "database": database,
            }
        )
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payment_totals_by_gateway import PaymentTotalsByGateway  # noqa: PLC0415

        d = dict(src_dict)
        query = QueryRequestType1Query(d.pop("query"))

        database = QueryRequestType1Database(d.pop("database"))

        _params = d.pop("params", UNSET)
        params: PaymentTotalsByGateway | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = PaymentTotalsByGateway.from_dict(_params)

        query_request_type_1 = cls(
            query=query,
            database=database,
            params=params,
        )

        return query_request_type_1
