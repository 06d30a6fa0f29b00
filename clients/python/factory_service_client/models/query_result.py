from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.query_result_rows_item import QueryResultRowsItem


T = TypeVar("T", bound="QueryResult")


@_attrs_define
class QueryResult:
    """
    Attributes:
        database (str):
        query (str):
        rows (list[QueryResultRowsItem]):
        row_count (int):
        elapsed_ms (float):
        shard (None | str | Unset):
    """

    database: str
    query: str
    rows: list[QueryResultRowsItem]
    row_count: int
    elapsed_ms: float
    shard: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        database = self.database

        query = self.query

        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        row_count = self.row_count

        elapsed_ms = self.elapsed_ms

        shard: None | str | Unset
        if isinstance(self.shard, Unset):
            shard = UNSET
        else:
            shard = self.shard

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "database": database,
                "query": query,
                "rows": rows,
                "row_count": row_count,
                "elapsed_ms": elapsed_ms,
            }
        )
        if shard is not UNSET:
            field_dict["shard"] = shard

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.query_result_rows_item import QueryResultRowsItem  # noqa: PLC0415

        d = dict(src_dict)
        database = d.pop("database")

        query = d.pop("query")

        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = QueryResultRowsItem.from_dict(rows_item_data)

            rows.append(rows_item)

        row_count = d.pop("row_count")

        elapsed_ms = d.pop("elapsed_ms")

        def _parse_shard(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        shard = _parse_shard(d.pop("shard", UNSET))

        query_result = cls(
            database=database,
            query=query,
            rows=rows,
            row_count=row_count,
            elapsed_ms=elapsed_ms,
            shard=shard,
        )

        query_result.additional_properties = d
        return query_result

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
