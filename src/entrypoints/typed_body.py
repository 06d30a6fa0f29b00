"""Typed bodies decoded straight from the bytes, so a JSON number becomes an exact Decimal."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, ClassVar

import msgspec
from litestar.dto import AbstractDTO
from litestar.dto.data_structures import DTOFieldDefinition
from litestar.openapi.spec import Reference, Schema
from litestar.typing import FieldDefinition


def _number(text: str) -> int | float:
    number = float(text)
    return int(number) if number.is_integer() and abs(number) < 2**63 else number


_INTEGRAL = msgspec.json.Decoder(float_hook=_number)


class ExactBody(AbstractDTO[Any]):
    """The `data` of a handler as msgspec decodes its bytes with the handler's annotation.

    Litestar would decode the JSON to Python values first (an amount of 10.000000000000000001
    becoming the float 10.0, 1e309 a 400) and convert them after; decoding the bytes with the
    Struct as the target keeps the amount exact and the errors msgspec's own, which the
    problem handlers turn into 400 (not JSON) or 422 naming the field. The document shows the
    annotation's own schema (the Struct's name, not a generated transfer model).
    """

    _types: ClassVar[dict[str, Any]] = {}

    @classmethod
    def create_for_field_definition(
        cls, field_definition: FieldDefinition, handler_id: str, backend_cls: Any = None
    ) -> None:
        cls._types[handler_id] = field_definition.annotation

    @classmethod
    def create_openapi_schema(
        cls, field_definition: FieldDefinition, handler_id: str, schema_creator: Any
    ) -> Reference | Schema:
        return schema_creator.for_field_definition(
            FieldDefinition.from_annotation(cls._types[handler_id], kwarg_definition=field_definition.kwarg_definition)
        )

    def decode_bytes(self, value: bytes) -> Any:
        type_ = self._types[self.asgi_connection.route_handler.handler_id]
        try:
            return msgspec.json.decode(value, type=type_)
        except msgspec.ValidationError as exc:
            if "Expected `int`, got `float`" not in str(exc):
                raise
        # JSON (and JSON Schema's integer) does not tell 900 from 900.0; msgspec does.
        return msgspec.convert(_INTEGRAL.decode(value), type=type_)

    def decode_builtins(self, value: dict[str, Any]) -> Any:
        return msgspec.convert(value, type=self._types[self.asgi_connection.route_handler.handler_id])

    @classmethod
    def generate_field_definitions(cls, model_type: type[Any]) -> Generator[DTOFieldDefinition, None, None]:
        yield from ()

    @classmethod
    def detect_nested_field(cls, field_definition: FieldDefinition) -> bool:
        return False
