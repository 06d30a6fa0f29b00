from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.database_outcome_rows_type_0_item import DatabaseOutcomeRowsType0Item
    from ..models.query_error import QueryError


T = TypeVar("T", bound="DatabaseOutcome")


@_attrs_define
class DatabaseOutcome:
    """
    Attributes:
        database (str):
        role (None | str):
        ok (bool):
        elapsed_ms (float):
        rows (list[DatabaseOutcomeRowsType0Item] | None | Unset):
        row_count (int | Unset):  Default: 0.
        error (None | QueryError | Unset):
        shard (None | str | Unset):
    """

    database: str
    role: None | str
    ok: bool
    elapsed_ms: float
    rows: list[DatabaseOutcomeRowsType0Item] | None | Unset = UNSET
    row_count: int | Unset = 0
    error: None | QueryError | Unset = UNSET
    shard: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.query_error import QueryError  # noqa: PLC0415

        database = self.database

        role: None | str
        role = self.role

        ok = self.ok

        elapsed_ms = self.elapsed_ms

        rows: list[dict[str, Any]] | None | Unset
        if isinstance(self.rows, Unset):
            rows = UNSET
        elif isinstance(self.rows, list):
            rows = []
            for rows_type_0_item_data in self.rows:
                rows_type_0_item = rows_type_0_item_data.to_dict()
                rows.append(rows_type_0_item)

        else:
            rows = self.rows

        row_count = self.row_count

        error: dict[str, Any] | None | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        elif isinstance(self.error, QueryError):
            error = self.error.to_dict()
        else:
            error = self.error

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
                "role": role,
                "ok": ok,
                "elapsed_ms": elapsed_ms,
            }
        )
        if rows is not UNSET:
            field_dict["rows"] = rows
        if row_count is not UNSET:
            field_dict["row_count"] = row_count
        if error is not UNSET:
            field_dict["error"] = error
        if shard is not UNSET:
            field_dict["shard"] = shard

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.database_outcome_rows_type_0_item import DatabaseOutcomeRowsType0Item  # noqa: PLC0415
        from ..models.query_error import QueryError  # noqa: PLC0415

        d = dict(src_dict)
        database = d.pop("database")

        def _parse_role(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        role = _parse_role(d.pop("role"))

        ok = d.pop("ok")

        elapsed_ms = d.pop("elapsed_ms")

        def _parse_rows(data: object) -> list[DatabaseOutcomeRowsType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                rows_type_0 = []
                _rows_type_0 = data
                for rows_type_0_item_data in _rows_type_0:
                    rows_type_0_item = DatabaseOutcomeRowsType0Item.from_dict(rows_type_0_item_data)

                    rows_type_0.append(rows_type_0_item)

                return rows_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[DatabaseOutcomeRowsType0Item] | None | Unset, data)

        rows = _parse_rows(d.pop("rows", UNSET))

        row_count = d.pop("row_count", UNSET)

        def _parse_error(data: object) -> None | QueryError | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                error_type_0 = QueryError.from_dict(data)

                return error_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | QueryError | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_shard(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        shard = _parse_shard(d.pop("shard", UNSET))

        database_outcome = cls(
            database=database,
            role=role,
            ok=ok,
            elapsed_ms=elapsed_ms,
            rows=rows,
            row_count=row_count,
            error=error,
            shard=shard,
        )

        database_outcome.additional_properties = d
        return database_outcome

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
