"""Jinja2 in its immutable sandbox: no loader (no file system), strict about missing variables."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from domain.errors import TemplateRefused, TemplateVariableMissing
from domain.ports import TemplateEngine

MAX_OUTPUT = 262_144  # characters; a loop that renders more is refused, not sent
_UNDEFINED = re.compile(r"'([^']+)' is undefined")


_LOADS = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)
MAX_OPERAND = 10_000  # `'x' * 10**9` would allocate a gigabyte: products and powers stay small


class _Sandbox(ImmutableSandboxedEnvironment):
    """No globals (no `range`, `lipsum`, `cycler`): loops run over the caller's data only."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        for operand in (left, right):
            size = len(operand) if isinstance(operand, str | list | tuple) else operand
            if isinstance(size, int | float) and abs(size) > MAX_OPERAND:
                raise SecurityError(f"'{operator}' with an operand above {MAX_OPERAND} is not allowed")
        return super().call_binop(context, operator, left, right)


def _environment(autoescape: bool) -> ImmutableSandboxedEnvironment:
    # loader=None: {% include %}, {% import %} and {% extends %} have nothing to read.
    environment = _Sandbox(loader=None, autoescape=autoescape, undefined=StrictUndefined, auto_reload=False)
    environment.globals.clear()
    return environment


def _private(name: object) -> bool:
    return isinstance(name, str) and name.startswith("_")


class JinjaTemplateEngine(TemplateEngine):
    """Two environments: HTML bodies autoescape every value, subjects and plain text do not.

    Names starting with `_` are refused when a template is checked, so `__class__` and its
    kind never get stored; at render time the sandbox refuses them as well.
    """

    def __init__(self) -> None:
        self._text, self._html = _environment(False), _environment(True)

    def check(self, source: str, *, field: str) -> None:
        self._inspect(source, field)

    def render(self, source: str, data: Mapping[str, Any], *, html: bool, field: str) -> str:
        environment = self._html if html else self._text
        missing = sorted(self._inspect(source, field) - data.keys())
        if missing:
            raise TemplateVariableMissing(
                f"the template uses '{missing[0]}', which data lacks", field=f"data.{missing[0]}"
            )
        try:
            text = self._compiled(environment, source).render(data)
        except SecurityError as exc:
            raise TemplateRefused(f"the sandbox refused it: {exc}", field=field) from None
        except UndefinedError as exc:
            match = _UNDEFINED.search(str(exc))
            where = f"data.{match.group(1)}" if match else "data"
            raise TemplateVariableMissing(f"{exc} (rendering {field})", field=where) from None
        except TemplateError as exc:
            raise TemplateRefused(f"rendering failed: {exc}", field=field) from None
        if len(text) > MAX_OUTPUT:
            raise TemplateRefused(f"the rendered text is longer than {MAX_OUTPUT} characters", field=field)
        return text

    def _inspect(self, source: str, field: str) -> frozenset[str]:
        """The variables the source needs; TemplateRefused when it may not be used at all."""
        refused, variables = _analysis(self._text, source)
        if refused is not None:
            raise TemplateRefused(refused, field=field)
        return variables

    @staticmethod
    def _compiled(environment: ImmutableSandboxedEnvironment, source: str) -> Any:
        return _compile(environment, source)


@functools.lru_cache(maxsize=512)
def _analysis(environment: ImmutableSandboxedEnvironment, source: str) -> tuple[str | None, frozenset[str]]:
    """Parsed once per source: why it is refused (or None) and its undeclared variables."""
    try:
        ast = environment.parse(source)
    except TemplateSyntaxError as exc:
        return f"line {exc.lineno}: {exc.message}", frozenset()
    if any(True for _ in ast.find_all(_LOADS)):
        return "include, import and extends are not allowed in a template", frozenset()
    for node in ast.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
        name = getattr(node, "attr", None) or getattr(node, "name", None)
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            name = node.arg.value
        if _private(name):
            return f"'{name}' is not allowed in a template", frozenset()
    return None, frozenset(meta.find_undeclared_variables(ast))


@functools.lru_cache(maxsize=512)
def _compile(environment: ImmutableSandboxedEnvironment, source: str) -> Any:
    return environment.from_string(source)
