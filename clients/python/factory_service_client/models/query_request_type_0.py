from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.query_request_type_0_database import QueryRequestType0Database
from ..models.query_request_type_0_query import QueryRequestType0Query

if TYPE_CHECKING:
    from ..models.payments_by_user import PaymentsByUser


T = TypeVar("T", bound="QueryRequestType0")


@_attrs_define
class QueryRequestType0:
    """
    Attributes:
        query (QueryRequestType0Query):
        database (QueryRequestType0Database):
        params (PaymentsByUser):
    """

    query: QueryRequestType0Query
    database: QueryRequestType0Database
    params: PaymentsByUser

    def to_dict(self) -> dict[str, Any]:
        query = self.query.value

        database = self.database.value

        params = self.params.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "query": query,
                "database": database,
                "params": params,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payments_by_user import PaymentsByUser  # noqa: PLC0415

        d = dict(src_dict)
        query = QueryRequestType0Query(d.pop("query"))

        database = QueryRequestType0Database(d.pop("database"))

        params = PaymentsByUser.from_dict(d.pop("params"))

        query_request_type_0 = cls(
            query=query,
            database=database,
            params=params,
        )

        return query_request_type_0
