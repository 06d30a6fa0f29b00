from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.query_all_request_type_0_query import QueryAllRequestType0Query

if TYPE_CHECKING:
    from ..models.payments_by_user import PaymentsByUser


T = TypeVar("T", bound="QueryAllRequestType0")


@_attrs_define
class QueryAllRequestType0:
    """
    Attributes:
        query (QueryAllRequestType0Query):
        params (PaymentsByUser):
    """

    query: QueryAllRequestType0Query
    params: PaymentsByUser

    def to_dict(self) -> dict[str, Any]:
        query = self.query.value

        params = self.params.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "query": query,
                "params": params,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payments_by_user import PaymentsByUser  # noqa: PLC0415

        d = dict(src_dict)
        query = QueryAllRequestType0Query(d.pop("query"))

        params = PaymentsByUser.from_dict(d.pop("params"))

        query_all_request_type_0 = cls(
            query=query,
            params=params,
        )

        return query_all_request_type_0
