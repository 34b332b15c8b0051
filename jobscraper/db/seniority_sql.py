"""Seniority in SQL, the same rule as ``jobscraper.alerts.seniority`` (which stays the reference).

PostgreSQL gets an IMMUTABLE function compiled from ``RULES`` and a stored generated column
``job_positions.seniority`` over it (migration 0010), so the seniority facet is a plain GROUP BY.
SQLite calls the Python rule itself through a function registered on each connection. The SQL
folding lowercases and maps quotes and dashes as ``fold`` does, but strips no niqqud or accents.
When ``RULES`` change, a new migration re-creates the PostgreSQL function from them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jobscraper.alerts.keywords import _PUNCTUATION, HEBREW_PREFIX_LETTERS, fold
from jobscraper.alerts.seniority import _INDIVIDUAL_MANAGER, RULES, seniority

FUNCTION_NAME = "jobscraper_seniority"
# ``\w`` of PostgreSQL depends on the database's locale; these are the letters titles use.
WORD = "[0-9a-z_\u00c0-\u024f\u0590-\u05ff]"
_PUNCTUATION_FROM = "".join(chr(code) for code in _PUNCTUATION)
_PUNCTUATION_TO = "".join(_PUNCTUATION.values())


def _term_parts(term: str) -> tuple[str, str, str]:
    """``keywords.keyword_pattern`` written for PostgreSQL's regular expressions: head, body, tail."""
    folded = fold(term)
    prefix_match = folded.endswith("*")
    folded = folded.rstrip("*").strip(" -")
    body = "[ -]+".join(re.escape(part) for part in re.split(r"[\s-]+", folded) if part)
    head = tail = ""
    if re.match(r"\w", folded[0]):
        head = f"(?:(?<!{WORD})[{HEBREW_PREFIX_LETTERS}]{{1,3}}-?|(?<!{WORD}))"
    if prefix_match:
        tail = f"{WORD}*"
    elif re.match(r"\w", folded[-1]):
        tail = f"(?!{WORD})"
    return head, body, tail


def _any_of(terms: tuple[str, ...]) -> str:
    """One alternation per (head, tail) shape, so the common edges are written once."""
    shapes: dict[tuple[str, str], list[str]] = {}
    for term in terms:
        head, body, tail = _term_parts(term)
        shapes.setdefault((head, tail), []).append(body)
    return "|".join(f"{head}(?:{'|'.join(bodies)}){tail}" for (head, tail), bodies in shapes.items())


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def postgresql_function() -> str:
    """``CREATE OR REPLACE FUNCTION jobscraper_seniority(text)``, compiled from ``RULES``."""
    individual = _INDIVIDUAL_MANAGER.pattern.replace(r"(?!\w)", f"(?!{WORD})").replace(r"[\s-]", "[ -]")
    folded = (
        "regexp_replace(regexp_replace(translate(lower(coalesce(title, '')), "
        f"{_literal(_PUNCTUATION_FROM)}, {_literal(_PUNCTUATION_TO)}), "
        "'(?<=[\u05d0-\u05ea])/(?:\u05d9\u05ea|\u05ea|\u05d4)(?![\u05d0-\u05ea])', '', 'g'), "
        "'\\s+', ' ', 'g')"
    )
    branches = []
    for level, terms in RULES:
        subject = f"regexp_replace(t, {_literal(individual)}, ' ', 'g')" if level == "manager" else "t"
        branches.append(f"WHEN {subject} ~ {_literal(_any_of(terms))} THEN '{level}'")
    return (
        f"CREATE OR REPLACE FUNCTION {FUNCTION_NAME}(title text) RETURNS varchar(10) "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body$ "
        f"SELECT CASE {' '.join(branches)} ELSE 'mid' END FROM (SELECT {folded} AS t) AS folded "
        "$body$"
    )


@lru_cache(maxsize=65536)
def sqlite_seniority(title: str | None) -> str:
    return seniority(title)


def register_sqlite_function(dbapi_connection, _record) -> None:
    dbapi_connection.create_function(FUNCTION_NAME, 1, sqlite_seniority, deterministic=True)
