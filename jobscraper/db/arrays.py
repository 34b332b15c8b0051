"""Many rows' values read as one JSON array: one row costs far less to read than a row per value;
many rows written as one JSON array: one parameter costs far less to send than one per value."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Table, Text, bindparam, column, func, select


def array_of(dialect: str, column: Any) -> Any:
    """The aggregate of ``column``'s values as a JSON array (``json_agg`` on PostgreSQL,
    ``json_group_array`` on SQLite); NULL over no rows on PostgreSQL."""
    return (func.json_agg if dialect == "postgresql" else func.json_group_array)(column)


def values_of(array: Any) -> list[Any]:
    """The values of an ``array_of`` result: decoded where the driver hands over text, none for NULL."""
    return (json.loads(array) if isinstance(array, str) else array) or []


def recordset(table: Table, names: Sequence[str]) -> Select:
    """Rows sent as one JSON array (the bound parameter ``rows``, made by ``json_rows``) and read
    as ``names`` of ``table``, typed as its columns, by PostgreSQL's ``json_to_recordset``.

    psycopg2 turns every parameter into SQL text on the client, a few microseconds each: a
    posting's thirty values cost more of the crawl's CPU than the rest of its write. One JSON
    parameter is escaped in one pass, and the database parses it."""
    columns = [column(name, table.c[name].type) for name in names]
    given = func.json_to_recordset(bindparam("rows", type_=Text)).table_valued(*columns) \
        .render_derived(name="given", with_types=True)
    return select(*given.c)


def json_rows(rows: Sequence[Mapping[str, Any]]) -> str:
    """``rows`` as the JSON array ``recordset`` reads: timestamps in ISO 8601 with their offset."""
    return json.dumps(rows, ensure_ascii=False, allow_nan=False, default=_json_value)


def _json_value(value: Any) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a value of a stored row")
