from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.database_outcome import DatabaseOutcome
    from ..models.query_all_result_combined_type_0_item import QueryAllResultCombinedType0Item


T = TypeVar("T", bound="QueryAllResult")


@_attrs_define
class QueryAllResult:
    """
    Attributes:
        query (str):
        results (list[DatabaseOutcome]):
        succeeded (int):
        failed (int):
        combined (list[QueryAllResultCombinedType0Item] | None | Unset):
    """

    query: str
    results: list[DatabaseOutcome]
    succeeded: int
    failed: int
    combined: list[QueryAllResultCombinedType0Item] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        query = self.query

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        succeeded = self.succeeded

        failed = self.failed

        combined: list[dict[str, Any]] | None | Unset
        if isinstance(self.combined, Unset):
            combined = UNSET
        elif isinstance(self.combined, list):
            combined = []
            for combined_type_0_item_data in self.combined:
                combined_type_0_item = combined_type_0_item_data.to_dict()
                combined.append(combined_type_0_item)

        else:
            combined = self.combined

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "query": query,
                "results": results,
                "succeeded": succeeded,
                "failed": failed,
            }
        )
        if combined is not UNSET:
            field_dict["combined"] = combined

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.database_outcome import DatabaseOutcome  # noqa: PLC0415
        from ..models.query_all_result_combined_type_0_item import QueryAllResultCombinedType0Item  # noqa: PLC0415

        d = dict(src_dict)
        query = d.pop("query")

        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = DatabaseOutcome.from_dict(results_item_data)

            results.append(results_item)

        succeeded = d.pop("succeeded")

        failed = d.pop("failed")

        def _parse_combined(data: object) -> list[QueryAllResultCombinedType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                combined_type_0 = []
                _combined_type_0 = data
                for combined_type_0_item_data in _combined_type_0:
                    combined_type_0_item = QueryAllResultCombinedType0Item.from_dict(combined_type_0_item_data)

                    combined_type_0.append(combined_type_0_item)

                return combined_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[QueryAllResultCombinedType0Item] | None | Unset, data)

        combined = _parse_combined(d.pop("combined", UNSET))

        query_all_result = cls(
            query=query,
            results=results,
            succeeded=succeeded,
            failed=failed,
            combined=combined,
        )

        query_all_result.additional_properties = d
        return query_all_result

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
