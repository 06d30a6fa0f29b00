from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.query_all_request_type_2_query import QueryAllRequestType2Query
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.recent_events import RecentEvents


T = TypeVar("T", bound="QueryAllRequestType2")


@_attrs_define
class QueryAllRequestType2:
    """
    Attributes:
        query (QueryAllRequestType2Query):
        params (RecentEvents | Unset):
    """

    query: QueryAllRequestType2Query
    params: RecentEvents | Unset = UNSET

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
        from ..models.recent_events import RecentEvents  # noqa: PLC0415

        d = dict(src_dict)
        query = QueryAllRequestType2Query(d.pop("query"))

        _params = d.pop("params", UNSET)
        params: RecentEvents | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = RecentEvents.from_dict(_params)

        query_all_request_type_2 = cls(
            query=query,
            params=params,
        )

        return query_all_request_type_2
