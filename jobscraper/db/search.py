"""The posting search behind the search page and ``GET /api/postings``: the search, its filters,
full-text matching (PostgreSQL ``search_vector``, SQLite FTS5), facet counts and paging.

Facet counts are taken under every filter from the facet index in memory (``facet_index``); a
facet with a selection is counted again without its own filter, so its other values stay
choosable. Only a search's words and its page of rows are asked of the database. The page keeps
each search's counts and rows until the data changes (``data_version``; the web app's
``search_cache`` holds them, and the live facet index). The request parameters become a ``Search`` in
``jobscraper.web.search``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, NamedTuple, Protocol, TypeVar
from urllib.parse import urlencode

import numpy as np
from sqlalchemy import ColumnElement, Connection, Select, func, literal_column, select, table, tuple_

from jobscraper.db.facet_index import FACETS, FacetIndex, LiveFacetIndex, arrays_of, read_arrays, read_index
from jobscraper.db.models import Company, JobEvent, JobPosition, ScrapingSession
from jobscraper.db.seniority_sql import FUNCTION_NAME

PAGE_SIZE = 20
MAX_LIMIT = 200
FACET_SIZE = 12
POSTED_WITHIN = (1, 7, 30)
ACTIVE_CHOICES = ("active", "removed", "all")
SORTS = ("newest", "relevance")
LIST_PARAMETERS = ("company", "city", "country", "workplace", "department", "seniority", "employment_type")
FACET_COLUMNS = FACETS
_WORD = re.compile(r"\w+\*?")

Value = TypeVar("Value")


class AnswerCache(Protocol):
    """Where ``run_search`` keeps answers: the web app's ``SearchCache``, or any such map."""

    facet_index: LiveFacetIndex

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


def facet_columns(dialect: str) -> dict[str, ColumnElement[Any]]:
    """The column of each facet, in ``FACET_COLUMNS`` order (the company by its id)."""
    return {"company": JobPosition.company_id, "city": JobPosition.city, "country": JobPosition.country,
            "workplace": JobPosition.workplace_type, "department": JobPosition.department,
            "seniority": seniority_column(dialect), "employment_type": JobPosition.employment_type}


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
        self._index_preferred = False

    def _prefer_the_index(self) -> None:
        """Before the first statement that matches words on PostgreSQL (not for answers kept)."""
        if self._index_preferred:
            return
        self._index_preferred = True
        # For a common word the planner prefers a sequential scan, not counting that it then
        # de-TOASTs every row's search_vector to test it: several times the GIN bitmap's cost.
        self.connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        # Those inflated costs would also buy every later statement a JIT compile (20-40 ms).
        self.connection.exec_driver_sql("SET LOCAL jit = off")

    def filters(self) -> list[ColumnElement[bool]]:
        s = self.search
        conditions: list[ColumnElement[bool]] = []
        for name, column in facet_columns(self.dialect).items():
            if getattr(s, name):
                values = list(getattr(s, name))
                if name == "company":
                    conditions.append(column.in_(select(Company.id).where(Company.slug.in_(values))))
                else:
                    conditions.append(column.in_(values))
        if s.active != "all":
            conditions.append(JobPosition.is_active.is_(s.active == "active"))
        if s.posted_within:
            conditions.append(listed_at() >= self.now - timedelta(days=s.posted_within))
        if s.first_seen_since:
            conditions.append(JobPosition.first_seen_at >= s.first_seen_since)
        if s.q and self.dialect == "postgresql":
            conditions.append(SEARCH_VECTOR.op("@@")(_ts_query(s.q)))
        return conditions

    def base(self, *columns: Any) -> Select[Any]:
        statement = select(*columns).select_from(JobPosition)
        if self.search.q and self.dialect == "sqlite":
            if self.fts_match is None:
                return statement.where(False)
            statement = statement.join(FTS, literal_column("job_positions_fts.rowid") == JobPosition.id)
            statement = statement.where(literal_column("job_positions_fts").op("MATCH")(self.fts_match))
        return statement.where(*self.filters())

    def relevance(self) -> ColumnElement[Any]:
        if self.dialect == "postgresql":
            return func.ts_rank(TITLE_VECTOR, _ts_query(self.search.q)).desc()
        return literal_column("job_positions_fts.rank").asc()  # bm25: lower is better

    def results(self, limit: int, offset: int = 0,
                after: tuple[datetime, int] | None = None) -> list[Any]:
        if self.search.q and self.dialect == "postgresql":
            self._prefer_the_index()
        statement = self.base(*RESULT_COLUMNS).join(Company, Company.id == JobPosition.company_id)
        if after is not None:
            statement = statement.where(tuple_(JobPosition.first_seen_at, JobPosition.id) < tuple_(*after))
        newest = (JobPosition.first_seen_at.desc(), JobPosition.id.desc())
        if self.search.sort == "relevance" and self.search.q:
            statement = statement.order_by(self.relevance(), *newest)
        else:
            statement = statement.order_by(*newest)
        return list(self.connection.execute(statement.limit(limit).offset(offset)))

    def matching(self, ranked: bool = False) -> Matching:
        """The ids of every posting the search's words match, whatever its other filters, and
        with ``ranked`` the relevance of each (higher first), read as arrays in one row: a row per
        id would cost more than the match itself."""
        if self.dialect == "postgresql":
            self._prefer_the_index()
            words = _ts_query(self.search.q)
            columns = [JobPosition.id, *([func.ts_rank(TITLE_VECTOR, words)] if ranked else [])]
            statement = arrays_of(self.dialect, *columns).where(SEARCH_VECTOR.op("@@")(words))
        elif self.fts_match is None:
            return Matching(np.zeros(0, dtype=np.int64), np.zeros(0) if ranked else None)
        else:
            # bm25, lower better: negated, so that higher is better on both.
            columns = [literal_column("rowid"), *([-literal_column("rank")] if ranked else [])]
            statement = arrays_of(self.dialect, *columns).select_from(FTS) \
                .where(literal_column("job_positions_fts").op("MATCH")(self.fts_match))
        arrays = read_arrays(self.connection, statement)
        return Matching(np.asarray(arrays[0], dtype=np.int64),
                        np.asarray(arrays[1], dtype=np.float64) if ranked else None)

    def rows_of(self, ids: list[int]) -> list[Any]:
        """The result rows of the postings ``ids``, in that order."""
        if not ids:
            return []
        statement = select(*RESULT_COLUMNS).join(Company, Company.id == JobPosition.company_id) \
            .where(JobPosition.id.in_(ids))
        by_id = {row.id: row for row in self.connection.execute(statement)}
        return [by_id[posting_id] for posting_id in ids if posting_id in by_id]


class Matching(NamedTuple):
    ids: np.ndarray
    relevance: np.ndarray | None  # one per id, higher first; None when not asked


RESULT_COLUMNS = (
    JobPosition.id, Company.slug.label("company"), Company.name.label("company_name"), JobPosition.title,
    JobPosition.url, JobPosition.location, JobPosition.city, JobPosition.country, JobPosition.workplace_type,
    JobPosition.department, JobPosition.employment_type, JobPosition.posted_at, JobPosition.first_seen_at,
    JobPosition.last_seen_at, JobPosition.removed_at, JobPosition.is_active,
)


def _top(counts: dict[Any, int], name: str) -> list[tuple[str, int]]:
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

    The counts and the page's postings come from the cache's facet index (without a cache, one
    read for this search); the database answers the ids the words match (with their relevance
    when sorted by it) and the page's rows. The counts are kept per search without its page and
    sort (the same for every page), the matching ids per words, and the rows per whole search.
    """
    query = SearchQuery(connection, search, now)
    version = data_version(connection)
    ranked = search.sort == "relevance" and bool(search.q)
    if cache is None:
        index = read_index(connection)
        matching = query.matching
    else:
        index = cache.facet_index.current(connection, version)

        def matching(ranked: bool = False) -> Matching:
            return cache.get_or_compute(("matching", search.q, ranked, version), lambda: query.matching(ranked))

    @functools.cache
    def indexed() -> IndexedSearch:  # once, for the counts and the page
        matched = matching(ranked) if search.q else None
        return IndexedSearch(index, search, now, company_names(connection), matched)

    def summary() -> Summary:
        return indexed().summary()

    def rows() -> list[Any]:
        return query.rows_of(indexed().page_ids(_offset(search), PAGE_SIZE))

    if cache is None:
        return _result(search, summary(), rows())
    counted = replace(search, page=1, sort="newest")
    return _result(search, cache.get_or_compute(("summary", counted, version), summary),
                   cache.get_or_compute(("rows", search, version), rows))


def _offset(search: Search) -> int:
    return (search.page - 1) * PAGE_SIZE


class IndexedSearch:
    """A search over the facet index: its counts and its postings, newest first.

    ``matched`` holds the postings its words match (None when it has no words), with their
    relevance when the search is sorted by it. Each facet with
    a selection is counted without its own filter, so its other values stay choosable; the status
    facet is counted under every filter but the status.
    """

    def __init__(self, index: FacetIndex, search: Search, now: datetime,
                 companies: dict[int, tuple[str, str]], matched: Matching | None) -> None:
        self.index = index
        self.search = search
        self.now = now
        self.companies = companies
        self.company_ids = {slug: company_id for company_id, (slug, _name) in companies.items()}
        self.matched = None if matched is None else index.among(matched.ids)
        self.relevance = None if matched is None or matched.relevance is None \
            else index.spread(matched.ids, matched.relevance)
        self.any_status = self.kept()
        self.status = {"active": index.is_active, "removed": ~index.is_active}.get(search.active,
                                                                                   index.everything())
        self.matches = self.any_status & self.status

    def kept(self, without: str | None = None) -> np.ndarray:
        """The postings every filter but the status (and ``without``'s) keeps."""
        index, search = self.index, self.search
        keep = index.everything() if self.matched is None else self.matched.copy()
        for name in FACET_COLUMNS:
            chosen = getattr(search, name)
            if chosen and name != without:
                if name == "company":
                    chosen = [self.company_ids[slug] for slug in chosen if slug in self.company_ids]
                keep &= index.having(name, chosen)
        if search.posted_within:
            keep &= index.listed_since(self.now - timedelta(days=search.posted_within))
        if search.first_seen_since:
            keep &= index.first_seen_since(search.first_seen_since)
        return keep

    def summary(self) -> Summary:
        """The result count, the posted-within counts and the facets (companies by slug)."""
        index, search = self.index, self.search
        facets = {name: _top(index.columns[name].counts(
                      self.kept(without=name) & self.status if getattr(search, name) else self.matches), name)
                  for name in FACET_COLUMNS}
        facets["company"] = [(self.companies.get(int(company_id), (str(company_id), ""))[0], n)
                             for company_id, n in facets["company"]]
        facets["active"] = [("active", int(np.count_nonzero(self.any_status & index.is_active))),
                            ("removed", int(np.count_nonzero(self.any_status & ~index.is_active)))]
        within = {days: int(np.count_nonzero(self.matches & index.listed_since(self.now - timedelta(days=days))))
                  for days in POSTED_WITHIN}
        return int(np.count_nonzero(self.matches)), within, facets

    def page_ids(self, offset: int, limit: int) -> list[int]:
        """The ids of the matches ``offset`` to ``offset + limit``, as the database orders them:
        most relevant first when ranked, then newest first seen, then the highest id."""
        at = np.flatnonzero(self.matches)
        keys = [-self.index.ids[at], -self.index.first_seen[at]]  # the last key sorts first
        if self.relevance is not None:
            keys.append(-self.relevance[at])
        return self.index.ids[at[np.lexsort(keys)[offset:offset + limit]]].tolist()


def _result(search: Search, summary: Summary, rows: list[Any]) -> SearchResult:
    total, posted_within, facets = summary
    return SearchResult(search, rows, total, posted_within, facets, pages=max(1, -(-total // PAGE_SIZE)))


def company_names(connection: Connection) -> dict[int, tuple[str, str]]:
    """Company id → (slug, name)."""
    return {row.id: (row.slug, row.name) for row in connection.execute(select(Company.id, Company.slug, Company.name))}


def company_choices(connection: Connection) -> dict[str, str]:
    return {slug: name for slug, name in company_names(connection).values()}

