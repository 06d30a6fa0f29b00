"""Staged writes on the SQLite writer thread, sent straight to the driver.

A unit of work's staged writes are built once (module constants) and differ only in their
values, yet `Connection.execute` redoes the execution context, the parameter dictionary and the
result for each: about ten times the time SQLite itself takes for a small INSERT or UPDATE. Here
each (statement, parameter names) is compiled once into its SQL, the position of every value and
its type's bind processor, as SQLAlchemy would; each execution then only orders and converts the
values. A statement SQLAlchemy would have to do more for (Python-side column defaults, expanding
or literal parameters, escaped names) goes through `Connection.execute` as before.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Connection, Executable, exc

_MISSING = object()
_PLANS: dict[tuple[Any, Executable, frozenset[str]], _Plan | None] = {}
_MAX_PLANS = 512


class _Plan:
    __slots__ = ("slots", "sql")

    def __init__(self, sql: str, slots: list[tuple[str | None, Any, Any]]) -> None:
        self.sql = sql
        self.slots = slots  # per position: the parameter's name (or None: fixed value), value, processor

    def values(self, params: dict[str, Any]) -> tuple[Any, ...]:
        out = []
        for key, fixed, process in self.slots:
            value = fixed if key is None else params[key]
            out.append(value if process is None or key is None else process(value))
        return tuple(out)


def _plan(conn: Connection, statement: Executable, keys: frozenset[str]) -> _Plan | None:
    compiled: Any = cast(Any, statement).compile(dialect=conn.dialect, column_keys=sorted(keys))
    if (
        compiled.positiontup is None
        or compiled.insert_prefetch
        or compiled.update_prefetch
        or compiled.post_compile_params
        or compiled.literal_execute_params
        or compiled.escaped_bind_names
    ):
        return None
    processors = compiled._bind_processors
    slots: list[tuple[str | None, Any, Any]] = []
    for name in compiled.positiontup:
        bind = compiled.binds[name]
        process = processors.get(name)
        if bind.key in keys:
            slots.append((bind.key, None, process))
        elif bind.callable is None and not bind.required:
            value = bind.value
            slots.append((None, process(value) if process is not None else value, None))
        else:
            return None
    return _Plan(compiled.string, slots)


def execute_staged(conn: Connection, statement: Executable, params: Any) -> int:
    """Run one staged write (`params` a dict, or a list of dicts for one row each); returns the
    rowcount, as `conn.execute(statement, params).rowcount` would."""
    many = isinstance(params, list)
    rows: list[dict[str, Any]] = params if many else [params]
    if not rows or not isinstance(rows[0], dict):
        return conn.execute(statement, params).rowcount
    keys = frozenset(rows[0])
    found = _PLANS.get((conn.dialect, statement, keys), _MISSING)
    if found is _MISSING:
        found = _plan(conn, statement, keys)
        if len(_PLANS) >= _MAX_PLANS:  # engines that came and went (tests), or per-call statements
            _PLANS.clear()
        _PLANS[(conn.dialect, statement, keys)] = found
    plan: _Plan | None = found  # type: ignore[assignment]
    if plan is None or (many and any(frozenset(row) != keys for row in rows)):
        return conn.execute(statement, params).rowcount
    dbapi = conn.dialect.loaded_dbapi
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        if many:
            cursor.executemany(plan.sql, [plan.values(row) for row in rows])
        else:
            cursor.execute(plan.sql, plan.values(rows[0]))
        return cursor.rowcount
    except dbapi.Error as error:  # as SQLAlchemy raises it: IntegrityError and so on, values hidden
        raise exc.DBAPIError.instance(
            plan.sql, None, error, dbapi.Error, hide_parameters=True, dialect=conn.dialect, ismulti=many
        ) from error
    finally:
        cursor.close()
