"""The posting search behind the search page and ``GET /api/postings``: the search, its filters,
full-text matching (PostgreSQL ``search_vector``, SQLite FTS5), facet counts and paging.

Facet counts are taken under every filter, in one GROUPING SETS query on PostgreSQL; a facet
with a selection is counted again without its own filter, so its other values stay choosable.
The page keeps each search's counts and rows until the data changes (``data_version``; the web
app's ``search_cache`` holds them). The request parameters become a ``Search`` in
``jobscraper.web.search``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar
from urllib.parse import urlencode

from sqlalchemy import (
    ColumnElement, Connection, Select, case, func, literal_column, select, table, tuple_,
)

from jobscraper.db.models import Company, JobEvent, JobPosition, ScrapingSession
from jobscraper.db.seniority_sql import FUNCTION_NAME

PAGE_SIZE = 20
MAX_LIMIT = 200
FACET_SIZE = 12
POSTED_WITHIN = (1, 7, 30)
ACTIVE_CHOICES = ("active", "removed", "all")
SORTS = ("newest", "relevance")
LIST_PARAMETERS = ("company", "city", "country", "workplace", "department", "seniority", "employment_type")
FACET_COLUMNS = ("company", "city", "country", "workplace", "department", "seniority", "employment_type")
# Facets with a fixed handful of values, counted in one grouping.
SMALL_FACETS = ("workplace", "seniority", "employment_type")
# Facets counted in one grouping two at a time: a company has few departments and a city one
# country, so a pair has not many more combinations than its larger facet has values.
PAIRED_FACETS = (("company", "department"), ("city", "country"))
_WORD = re.compile(r"\w+\*?")

Value = TypeVar("Value")


class AnswerCache(Protocol):
    """Where ``run_search`` keeps answers: the web app's ``SearchCache``, or any such map."""

    def get_or_compute(self, key: Hashable, compute: Callable[[], Value]) -> Value: ...


@dataclass(frozen=True)
class Search:
    q: str = ""
    company: tuple[str, ...] = ()
    city: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    workplace: tuple[str, ...] = ()
    department: tuple[str, ...] = ()
    seniority: tuple[str, ...] = ()
    employment_type: tuple[str, ...] = ()
    posted_within: int | None = None
    active: str = "active"
    first_seen_since: datetime | None = None
    sort: str = "newest"
    page: int = 1

    def query_string(self, **changes: Any) -> str:
        """This search as a URL query (what reproduces it), with ``changes`` applied."""
        search = replace(self, **changes) if changes else self
        pairs: list[tuple[str, str]] = []
        if search.q:
            pairs.append(("q", search.q))
        for name in LIST_PARAMETERS:
            pairs.extend((name, value) for value in getattr(search, name))
        if search.posted_within:
            pairs.append(("posted_within", str(search.posted_within)))
        if search.active != "active":
            pairs.append(("active", search.active))
        if search.sort != "newest":
            pairs.append(("sort", search.sort))
        if search.page != 1:
            pairs.append(("page", str(search.page)))
        return urlencode(pairs)

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or any(getattr(self, name) for name in LIST_PARAMETERS)
                    or self.posted_within or self.first_seen_since)


# --- SQL -----------------------------------------------------------------------------------

def seniority_column(dialect: str) -> ColumnElement[str]:
    """The seniority of a posting: the generated column on PostgreSQL, the Python rule on SQLite."""
    if dialect == "postgresql":
        return literal_column("job_positions.seniority")
    return getattr(func, FUNCTION_NAME)(JobPosition.title)


def listed_at() -> ColumnElement[datetime]:
    return func.coalesce(JobPosition.posted_at, JobPosition.first_seen_at)


def fts5_query(q: str) -> str | None:
    """The words of ``q`` as an FTS5 query: every word (quoted), ``word*`` a prefix."""
    terms = []
    for word in _WORD.findall(q):
        prefix = word.endswith("*")
        word = word.rstrip("*")
        if word:
            terms.append(f'"{word}"' + ("*" if prefix else ""))
    return " ".join(terms) or None


def _ts_query(q: str) -> ColumnElement[Any]:
    return func.websearch_to_tsquery("english", q)


SEARCH_VECTOR = literal_column("job_positions.search_vector")
TITLE_VECTOR = literal_column("job_positions.title_vector")
FTS = table("job_positions_fts")


class SearchQuery:
    """The SQL of one search on one connection."""

    def __init__(self, connection: Connection, search: Search, now: datetime) -> None:
        self.connection = connection
        self.search = search
        self.now = now
        self.dialect = connection.dialect.name
        self.fts_match = fts5_query(search.q) if self.dialect == "sqlite" else None
        if search.q and self.dialect == "postgresql":
            # For a common word the planner prefers a sequential scan, not counting that it then
            # de-TOASTs every row's search_vector to test it: several times the GIN bitmap's cost.
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
            # Those inflated costs would also buy every later statement a JIT compile (20-40 ms).
            connection.exec_driver_sql("SET LOCAL jit = off")

    def filters(self, without: str | None = None) -> list[ColumnElement[bool]]:
        s = self.search
        columns = {
            "company": JobPosition.company_id, "city": JobPosition.city, "country": JobPosition.country,
            "workplace": JobPosition.workplace_type, "department": JobPosition.department,
            "seniority": seniority_column(self.dialect), "employment_type": JobPosition.employment_type,
        }
        conditions: list[ColumnElement[bool]] = []
        for name, column in columns.items():
            if getattr(s, name) and name != without:
                values = list(getattr(s, name))
                if name == "company":
                    conditions.append(column.in_(select(Company.id).where(Company.slug.in_(values))))
                else:
                    conditions.append(column.in_(values))
        if s.active != "all" and without != "active":
            conditions.append(JobPosition.is_active.is_(s.active == "active"))
        if s.posted_within:
            conditions.append(listed_at() >= self.now - timedelta(days=s.posted_within))
        if s.first_seen_since:
            conditions.append(JobPosition.first_seen_at >= s.first_seen_since)
        if s.q and self.dialect == "postgresql":
            conditions.append(SEARCH_VECTOR.op("@@")(_ts_query(s.q)))
        return conditions

    def base(self, *columns: Any, without: str | None = None) -> Select[Any]:
        statement = select(*columns).select_from(JobPosition)
        if self.search.q and self.dialect == "sqlite":
            if self.fts_match is None:
                return statement.where(False)
            statement = statement.join(FTS, literal_column("job_positions_fts.rowid") == JobPosition.id)
            statement = statement.where(literal_column("job_positions_fts").op("MATCH")(self.fts_match))
        return statement.where(*self.filters(without))

    def relevance(self) -> ColumnElement[Any]:
        if self.dialect == "postgresql":
            return func.ts_rank(TITLE_VECTOR, _ts_query(self.search.q)).desc()
        return literal_column("job_positions_fts.rank").asc()  # bm25: lower is better

    def results(self, limit: int, offset: int = 0,
                after: tuple[datetime, int] | None = None) -> list[Any]:
        statement = self.base(*RESULT_COLUMNS).join(Company, Company.id == JobPosition.company_id)
        if after is not None:
            statement = statement.where(tuple_(JobPosition.first_seen_at, JobPosition.id) < tuple_(*after))
        newest = (JobPosition.first_seen_at.desc(), JobPosition.id.desc())
        if self.search.sort == "relevance" and self.search.q:
            statement = statement.order_by(self.relevance(), *newest)
        else:
            statement = statement.order_by(*newest)
        return list(self.connection.execute(statement.limit(limit).offset(offset)))

    def summary(self) -> tuple[dict[str, int], dict[str, list[tuple[str, int]]]]:
        """The result count, the posted-within counts and every facet's counts.

        One aggregate over the search without its active/removed filter, grouped by each facet
        together with ``is_active`` (GROUPING SETS on PostgreSQL), so the status facet and the
        totals come from the same pass; then one more per facet that has a selection.
        """
        counts, totals = self._grouped(FACET_COLUMNS, without="active", with_totals=True)
        for name in FACET_COLUMNS:
            if getattr(self.search, name):
                counts[name] = self._grouped((name,), without=name)[0][name]
        facets = {name: _top(self._keep_status(counts[name]), name) for name in FACET_COLUMNS}
        by_status = {active: row for active, row in totals.items()}
        facets = {**facets, "active": [("active", by_status.get(True, {}).get("n", 0)),
                                       ("removed", by_status.get(False, {}).get("n", 0))]}
        chosen = [row for active, row in by_status.items() if self._status_kept(active)]
        summed = {key: sum(int(row[key] or 0) for row in chosen) for key in ("n", *self._bucket_names())}
        return summed, facets

    def _status_kept(self, active: bool) -> bool:
        return self.search.active == "all" or active == (self.search.active == "active")

    def _keep_status(self, counts: dict[tuple[Any, bool], int]) -> dict[Any, int]:
        kept: dict[Any, int] = {}
        for (value, active), n in counts.items():
            if self._status_kept(active):
                kept[value] = kept.get(value, 0) + n
        return kept

    def _bucket_names(self) -> list[str]:
        return [f"within_{days}" for days in POSTED_WITHIN]

    def _facet_column(self, name: str) -> ColumnElement[Any]:
        return {
            "company": JobPosition.company_id, "city": JobPosition.city, "country": JobPosition.country,
            "workplace": JobPosition.workplace_type, "department": JobPosition.department,
            "seniority": seniority_column(self.dialect), "employment_type": JobPosition.employment_type,
        }[name]

    def _listed_within(self) -> ColumnElement[Any]:
        """The narrowest posted-within window a posting falls in (NULL when older than all)."""
        listed = listed_at()
        return case(*((listed >= self.now - timedelta(days=days), days) for days in POSTED_WITHIN)) \
            .label("listed_within")

    def _totals(self, rows: list[Any]) -> dict[bool, dict[str, Any]]:
        """Per ``is_active``: the count and the posted-within counts, from counts per window."""
        totals: dict[bool, dict[str, Any]] = {}
        for row in rows:
            total = totals.setdefault(row.is_active, {"n": 0, **{name: 0 for name in self._bucket_names()}})
            total["n"] += row.n
            for days in POSTED_WITHIN:
                if row.listed_within is not None and row.listed_within <= days:
                    total[f"within_{days}"] += row.n
        return totals

    def _groups(self, names: tuple[str, ...], with_totals: bool) -> list[tuple[str, ...]]:
        """The groupings that count ``names``: the facets of a handful of values together with
        the posted-within window, the paired facets together, any other alone (each grouping
        hashes every matching row; its combinations are summed here)."""
        small = tuple(name for name in names if name in SMALL_FACETS)
        paired = [pair for pair in PAIRED_FACETS if set(pair) <= set(names)]
        in_pairs = {name for pair in paired for name in pair}
        groups = [*paired, *((name,) for name in names if name not in SMALL_FACETS and name not in in_pairs)]
        if small or with_totals:
            groups.append(small + (("listed_within",) if with_totals else ()))
        return groups

    def _grouped(self, names: tuple[str, ...], without: str, with_totals: bool = False):
        """Counts per (value, is_active) of each facet in ``names``; with ``with_totals``, also the
        count and posted-within counts per ``is_active`` (grouped by window: a count per group,
        not a sum per window in every group)."""
        active = JobPosition.is_active.label("is_active")
        within = self._listed_within()
        columns = {name: self._facet_column(name).label(name) for name in names}
        groups = self._groups(names, with_totals)
        counts: dict[str, dict[tuple[Any, bool], int]] = {name: {} for name in names}
        total_rows: list[Any] = []

        def add(group: tuple[str, ...], row: Any) -> None:
            for name in group:
                if name == "listed_within":
                    total_rows.append(row)
                else:
                    key = (row._mapping[name], row.is_active)
                    counts[name][key] = counts[name].get(key, 0) + row.n

        if self.dialect == "postgresql":
            # One pass: GROUPING SETS, the set of each row told by grouping() over the facets. The
            # window is grouped by its output name: the CASE written again would carry its own
            # parameters, a different expression to PostgreSQL.
            def grouping_key(name: str) -> Any:
                return literal_column("listed_within") if name == "listed_within" else columns[name]
            sets = [tuple_(*(grouping_key(name) for name in group), active) for group in groups]
            facet_columns = list(columns.values())
            statement = self.base(*facet_columns, active, *([within] if with_totals else []),
                                  func.grouping(*facet_columns).label("grouping"), func.count().label("n"),
                                  without=without).group_by(func.grouping_sets(*sets))
            bit = {name: 1 << (len(names) - 1 - i) for i, name in enumerate(names)}
            full = (1 << len(names)) - 1
            group_of = {full ^ sum(bit.get(name, 0) for name in group): group for group in groups}
            for row in self.connection.execute(statement):
                add(group_of[row.grouping], row)
        else:
            for group in groups:
                selected = [within if name == "listed_within" else columns[name] for name in group]
                statement = self.base(*selected, active, func.count().label("n"), without=without) \
                    .group_by(*selected, active)
                for row in self.connection.execute(statement):
                    add(group, row)
        return counts, self._totals(total_rows) if with_totals else {}


RESULT_COLUMNS = (
    JobPosition.id, Company.slug.label("company"), Company.name.label("company_name"), JobPosition.title,
    JobPosition.url, JobPosition.location, JobPosition.city, JobPosition.country, JobPosition.workplace_type,
    JobPosition.department, JobPosition.employment_type, JobPosition.posted_at, JobPosition.first_seen_at,
    JobPosition.last_seen_at, JobPosition.removed_at, JobPosition.is_active,
)


def _top(counts: dict[Any, int], name: str) -> list[tuple[str, int]]:
    if name == "active":
        return [("active", counts.get(True, 0)), ("removed", counts.get(False, 0))]
    ranked = sorted(((str(value), n) for value, n in counts.items() if value not in (None, "")),
                    key=lambda pair: (-pair[1], pair[0]))
    return ranked if name in ("seniority", "workplace", "employment_type") else ranked[:FACET_SIZE]


@dataclass
class SearchResult:
    search: Search
    rows: list[Any]
    total: int
    posted_within: dict[int, int]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    pages: int = 1


# The result count, the posted-within counts and the facets.
Summary = tuple[int, dict[int, int], dict[str, list[tuple[str, int]]]]


def data_version(connection: Connection) -> tuple[Any, ...]:
    """The newest event id and the newest session end: both change when the postings do."""
    newest_event = select(func.max(JobEvent.id)).scalar_subquery()
    newest_finish = select(func.max(ScrapingSession.finished_at)).scalar_subquery()
    return tuple(connection.execute(select(newest_event, newest_finish)).one())


def run_search(connection: Connection, search: Search, now: datetime,
               cache: AnswerCache | None = None) -> SearchResult:
    """One page of ``search`` with its counts; with ``cache``, answers stay until the data changes.

    The counts are kept per search without its page and sort (they are the same for every page);
    the page's rows per whole search.
    """
    query = SearchQuery(connection, search, now)
    if cache is None:
        return _result(search, _summary(connection, query), query.results(PAGE_SIZE, offset=_offset(search)))
    version = data_version(connection)
    counted = replace(search, page=1, sort="newest")
    summary = cache.get_or_compute(("summary", counted, version), lambda: _summary(connection, query))
    rows = cache.get_or_compute(("rows", search, version),
                                lambda: query.results(PAGE_SIZE, offset=_offset(search)))
    return _result(search, summary, rows)


def _offset(search: Search) -> int:
    return (search.page - 1) * PAGE_SIZE


def _summary(connection: Connection, query: SearchQuery) -> Summary:
    """The result count, the posted-within counts and the facets (companies by slug)."""
    totals, facets = query.summary()
    names = company_names(connection)
    facets["company"] = [(names.get(int(company_id), (str(company_id), ""))[0], n)
                         for company_id, n in facets["company"]]
    return int(totals["n"]), {days: int(totals[f"within_{days}"]) for days in POSTED_WITHIN}, facets


def _result(search: Search, summary: Summary, rows: list[Any]) -> SearchResult:
    total, posted_within, facets = summary
    return SearchResult(search, rows, total, posted_within, facets, pages=max(1, -(-total // PAGE_SIZE)))


def company_names(connection: Connection) -> dict[int, tuple[str, str]]:
    """Company id → (slug, name)."""
    return {row.id: (row.slug, row.name) for row in connection.execute(select(Company.id, Company.slug, Company.name))}


def company_choices(connection: Connection) -> dict[str, str]:
    return {slug: name for slug, name in company_names(connection).values()}

