"""Many rows' values read as one JSON array: one row costs far less to read than a row per value."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func


def array_of(dialect: str, column: Any) -> Any:
    """The aggregate of ``column``'s values as a JSON array (``json_agg`` on PostgreSQL,
    ``json_group_array`` on SQLite); NULL over no rows on PostgreSQL."""
    return (func.json_agg if dialect == "postgresql" else func.json_group_array)(column)


def values_of(array: Any) -> list[Any]:
    """The values of an ``array_of`` result: decoded where the driver hands over text, none for NULL."""
    return (json.loads(array) if isinstance(array, str) else array) or []
