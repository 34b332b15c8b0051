"""Workday Candidate Experience (CXS) API.

To use, specify ``tenant``, ``wd_instance`` and ``site``, read off the public careers URL
``https://{tenant}.{wd_instance}.myworkdayjobs.com/[en-US/]{site}`` (e.g. ``intel``, ``wd1``,
``External``). Optionally ``host`` (when it is not ``{tenant}.{wd_instance}.myworkdayjobs.com``)
and ``locale`` (e.g. ``en-US``, put in the public job URL).

The listing is a JSON POST of ``{appliedFacets, limit, offset, searchText}`` to
``/wday/cxs/{tenant}/{site}/jobs``, 20 postings a page, without descriptions. A first POST with
no facets finds the facet that selects the spider's countries: its name differs per tenant
(``locationCountry``, ``Location_Country``, a custom field, or only city values such as
"Israel, Haifa" under ``locations``), so it is found by the values' names, never by the facet's.
The first page's ``total`` is kept (later pages may say 0); paging stops at that total or on an
empty page. Some tenants never page past 2000 results: such a query is split by a facet into
queries below the cap. Every posting needs a detail GET (``/wday/cxs/{tenant}/{site}{externalPath}``)
for its description and its one real date, ``startDate``; ``postedOn`` is relative text
("Posted 3 Days Ago") and is only used to skip old postings under ``since``.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar

import scrapy
from scrapy.http import JsonRequest, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from jobscraper.items import JobItem
from jobscraper.normalise.dates import parse_datetime
from jobscraper.normalise.locations import countries_of, parse_place
from jobscraper.platforms.base import JobBoardSpider, fingerprint

# Workday's answer to a session cookie it no longer accepts; a request without cookies passes.
INVALID_SESSION = "session cookie is invalid"
_N_LOCATIONS = re.compile(r"^\s*\d+\s+locations?\s*$", re.IGNORECASE)
_DAYS_AGO = re.compile(r"(\d+)\+?\s+days?\s+ago", re.IGNORECASE)
_LOCATION_WORDS = ("location", "country", "region", "site", "city")

Facets = dict[str, list[str]]


class WorkdaySpider(JobBoardSpider):
    platform = "workday"
    fetches_details = True
    robots_txt = "ignore"  # a JSON API that serves job boards, not a page for crawlers
    required_attributes = ("tenant", "wd_instance", "site")
    tenant: ClassVar[str] = ""
    wd_instance: ClassVar[str] = ""
    site: ClassVar[str] = ""
    host: ClassVar[str] = ""
    locale: ClassVar[str] = ""
    page_size: ClassVar[int] = 20
    # Tenants that stop paging at this many results have their queries split by a facet.
    result_cap: ClassVar[int] = 2000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.listed_ids: set[str] = set()
        # The facet values that select the spider's countries, once found; None lists the board.
        self.country_facets: Facets | None = None
        self.cookieless = False

    # --- endpoints -------------------------------------------------------------------------

    @property
    def board_host(self) -> str:
        return self.host or f"{self.tenant}.{self.wd_instance}.myworkdayjobs.com"

    @property
    def api_root(self) -> str:
        return f"https://{self.board_host}/wday/cxs/{self.tenant}/{self.site}"

    def job_url(self, external_path: str) -> str:
        locale = f"{self.locale}/" if self.locale else ""
        return f"https://{self.board_host}/{locale}{self.site}{external_path}"

    def listing_request(self, applied: Facets, offset: int, callback: Any,
                        total: int | None = None) -> JsonRequest:
        body = {"appliedFacets": applied, "limit": self.page_size, "offset": offset, "searchText": ""}
        return JsonRequest(
            self.endpoint(f"{self.api_root}/jobs"), data=body, callback=callback,
            errback=self.listing_failed, meta=self.cookie_meta(),
            cb_kwargs={"applied": applied, "offset": offset, "total": total},
        )

    def cookie_meta(self) -> dict[str, Any]:
        return {"dont_merge_cookies": True} if self.cookieless else {}

    # --- listing ---------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        callback = self.parse_discovery if self.countries else self.parse_page
        yield self.listing_request({}, 0, callback)

    def parse_discovery(self, response: Response, applied: Facets, offset: int,
                        total: int | None) -> Iterator[scrapy.Request | JobItem]:
        """The unfiltered first page: find the facet values of the spider's countries."""
        data = self.listing_payload(response)
        if data is None:
            return
        facets = data.get("facets") or []
        found = country_facet(facets, self.countries or ())
        if found:
            self.country_facets = found
            yield self.listing_request(found, 0, self.parse_page)
        elif has_location_facets(facets):
            self.logger.info("no %s value in the location facets of %s: nothing listed there",
                             "/".join(self.countries or ()), response.url)
        else:
            if data["jobPostings"]:
                self.logger.warning("no location facet at %s; reading the whole board", response.url)
            yield from self.parse_page(response, applied, offset, total)

    def parse_page(self, response: Response, applied: Facets, offset: int,
                   total: int | None) -> Iterator[scrapy.Request | JobItem]:
        data = self.listing_payload(response)
        if data is None:
            return
        if offset == 0:
            total = _int(data.get("total"))
            self.advertised(total)
            if total >= self.result_cap:
                splits = split_queries(data.get("facets") or [], applied, total)
                if splits:
                    for query in splits:
                        yield self.listing_request(query, 0, self.parse_page)
                    return
                self.mark_incomplete(f"listing at {response.url} {applied} is capped at "
                                     f"{self.result_cap} of {total} and has no facet to split it by")
        postings = data["jobPostings"]
        for job in postings:
            if isinstance(job, dict):
                yield from self.parse_posting(job)
        next_offset = offset + self.page_size
        if postings and next_offset < min(total or self.result_cap, self.result_cap) \
                and self.next_page_allowed(next_offset):
            yield self.listing_request(applied, next_offset, self.parse_page, total)

    def listing_payload(self, response: Response) -> dict[str, Any] | None:
        data = self.load_json(response)
        if data is None:
            return None
        postings = data.get("jobPostings") if isinstance(data, dict) else None
        if postings is None and isinstance(data, dict) and "total" in data:
            postings = []  # an empty result may leave the list out
        if not isinstance(postings, list):
            self.mark_incomplete(f"listing at {response.url} has no 'jobPostings' list")
            return None
        return {**data, "jobPostings": postings}

    def parse_posting(self, job: dict[str, Any]) -> Iterator[scrapy.Request | JobItem]:
        path = job.get("externalPath")
        if not isinstance(path, str) or not path:
            self.count_error("listing_row_without_path", f"posting without externalPath: {job.get('title')!r}")
            return
        external_id = posting_id(job)
        if external_id in self.listed_ids:
            return
        self.listed_ids.add(external_id)
        self.listed()
        if self.country_facets is None and self.outside_countries(job):
            return
        if self.since_cutoff and not self.is_within_since(latest_posting_moment(job.get("postedOn"))):
            return
        fp = fingerprint(job.get("title"), job.get("locationsText"), job.get("postedOn"), job.get("bulletFields"))
        if not self.listing_changed(external_id, fp):
            yield self.seen_only(external_id, fp)
            return
        yield scrapy.Request(
            self.endpoint(f"{self.api_root}{path}"), callback=self.parse_detail,
            errback=self.detail_failed, headers={"Accept": "application/json"}, meta=self.cookie_meta(),
            cb_kwargs={"external_id": external_id, "listing": job, "listing_fingerprint": fp},
        )

    def outside_countries(self, job: dict[str, Any]) -> bool:
        """Without a country facet: a single listed location outside the spider's countries."""
        text = job.get("locationsText")
        if not self.countries or not isinstance(text, str) or _N_LOCATIONS.match(text):
            return False
        found = countries_of([text])
        return bool(found) and not found & set(self.countries)

    # --- detail ----------------------------------------------------------------------------

    def parse_detail(self, response: Response, external_id: str, listing: dict[str, Any],
                     listing_fingerprint: str) -> Iterator[JobItem]:
        data = self.load_json(response, what="detail")
        info = data.get("jobPostingInfo") if isinstance(data, dict) else None
        if not isinstance(info, dict):
            yield from self.detail_unusable(external_id, response,
                                            "not JSON" if data is None else "without 'jobPostingInfo'")
            return
        start_date = info.get("startDate")
        if self.since_cutoff and not self.is_within_since(_end_of_day(start_date)):
            return
        listed = listing.get("locationsText")
        if isinstance(listed, str) and _N_LOCATIONS.match(listed):
            listed = None
        requisition = info.get("jobRequisitionLocation")
        requisition = requisition if isinstance(requisition, dict) else {}
        locations = _unique([info.get("location"), *(info.get("additionalLocations") or []),
                             requisition.get("descriptor")])
        item = self.new_item(
            external_id=external_id,
            title=info.get("title") or listing.get("title"),
            url=self.job_url(listing["externalPath"]),
            location=_descriptor(info.get("location")) or listed,
            locations=locations or ([listed] if listed else []),
            places_raw=[{"text": _descriptor(info.get("location")) or listed,
                         "country": _descriptor(info.get("country"))},
                        {"text": requisition.get("descriptor"),
                         "country": _descriptor(requisition.get("country"))}],
            country=(requisition.get("country") or {}).get("alpha2Code"),
            employment_type=_descriptor(info.get("timeType")),
            workplace_type=_descriptor(info.get("remoteType")),
            description_html=info.get("jobDescription"),
            posted_at_raw=start_date,
            extra_metadata={"requisition_id": info["jobReqId"]} if info.get("jobReqId") else None,
            listing_fingerprint=listing_fingerprint,
        )
        yield from self.emit(item, data)

    # --- errors ----------------------------------------------------------------------------

    def listing_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        retry = self.retry_without_cookies(failure)
        if retry is not None:
            yield retry
        else:
            super().listing_failed(failure)

    def detail_failed(self, failure: Failure) -> Iterator[scrapy.Request | JobItem]:
        retry = self.retry_without_cookies(failure)
        if retry is not None:
            yield retry
        else:
            yield from super().detail_failed(failure)

    def retry_without_cookies(self, failure: Failure) -> scrapy.Request | None:
        """A 400 for a bad session cookie: the same request once more, and every later one, without cookies."""
        request = failure.request
        if not failure.check(HttpError) or request.meta.get("dont_merge_cookies"):
            return None
        response = failure.value.response
        if response.status != 400 or INVALID_SESSION not in response.body.decode("latin-1").lower():
            return None
        self.cookieless = True
        if self.crawler:
            self.crawler.stats.inc_value("jobscraper/workday/session_cookie_retries")
        self.logger.info("invalid session cookie at %s; retrying without cookies", request.url)
        # The cookie middleware wrote the bad cookie into the request's own headers: drop it there.
        headers = {key: value for key, value in request.headers.items() if key.lower() != b"cookie"}
        return request.replace(headers=headers, meta={**request.meta, "dont_merge_cookies": True},
                               dont_filter=True)


# --- facets ----------------------------------------------------------------------------------

def flatten_facets(facets: Any) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(facetParameter, descriptor, values) of every facet, nested groups (locationMainGroup) opened."""
    flat = []
    for facet in facets if isinstance(facets, list) else []:
        if not isinstance(facet, dict):
            continue
        values = [value for value in facet.get("values") or [] if isinstance(value, dict)]
        leaves = [value for value in values if "id" in value and "values" not in value]
        if facet.get("facetParameter") and leaves:
            flat.append((facet["facetParameter"], str(facet.get("descriptor") or ""), leaves))
        flat.extend(flatten_facets([value for value in values if "values" in value]))
    return flat


def _is_location_facet(parameter: str, descriptor: str, values: list[dict[str, Any]]) -> bool:
    names = f"{parameter} {descriptor}".lower()
    return any(word in names for word in _LOCATION_WORDS) or bool(
        countries_of([str(value.get("descriptor") or "") for value in values])
    )


def has_location_facets(facets: Any) -> bool:
    return any(_is_location_facet(*facet) for facet in flatten_facets(facets))


def country_facet(facets: Any, countries: tuple[str, ...]) -> Facets | None:
    """The applied facets that select ``countries``: a country value where the tenant has one,
    else every city value in them ("Israel, Haifa", "Israel - Tel Aviv", "חיפה")."""
    wanted = set(countries)
    best: tuple[tuple[bool, bool, int], str, list[str]] | None = None
    for parameter, descriptor, values in flatten_facets(facets):
        ids, country_level = [], False
        for value in values:
            name = str(value.get("descriptor") or "")
            if countries_of([name]) & wanted:
                ids.append(value["id"])
                place = parse_place(name)
                country_level = country_level or (place.city is None and place.country in wanted)
        if not ids:
            continue
        rank = (country_level, _is_location_facet(parameter, descriptor, values), len(ids))
        if best is None or rank > best[0]:
            best = (rank, parameter, ids)
    return {best[1]: best[2]} if best else None


def split_queries(facets: Any, applied: Facets, total: int) -> list[Facets]:
    """Narrower queries that together list everything a capped query holds."""
    for parameter, ids in applied.items():
        if len(ids) > 1:
            return [{**applied, parameter: [value]} for value in ids]
    candidates = []
    for parameter, descriptor, values in flatten_facets(facets):
        if parameter in applied:
            continue
        counts = [_int(value.get("count")) for value in values]
        listed = [value for value, count in zip(values, counts) if count or value.get("count") is None]
        if len(listed) < 2 or (all(value.get("count") is not None for value in values) and sum(counts) < total):
            continue  # one value narrows nothing; counts below the total would lose postings
        rank = (not _is_location_facet(parameter, descriptor, values), max(counts, default=0))
        candidates.append((rank, parameter, [value["id"] for value in listed]))
    if not candidates:
        return []
    _, parameter, ids = min(candidates, key=lambda candidate: candidate[0])
    return [{**applied, parameter: [value]} for value in ids]


# --- postings --------------------------------------------------------------------------------

def posting_id(job: dict[str, Any]) -> str:
    """The requisition id: the bullet field the path ends with, else the path's ``_`` suffix."""
    path = str(job.get("externalPath") or "")
    last = path.rstrip("/").rsplit("/", 1)[-1]
    for field in job.get("bulletFields") or []:
        if isinstance(field, str) and _looks_like_id(field) and last.endswith(field.strip()):
            return field.strip()
    if "_" in last and last.rsplit("_", 1)[1]:
        return last.rsplit("_", 1)[1]
    for field in job.get("bulletFields") or []:
        if isinstance(field, str) and _looks_like_id(field) and field.strip() in last:
            return field.strip()
    return path


def _looks_like_id(value: str) -> bool:
    value = value.strip()
    return len(value) >= 3 and " " not in value and any(char.isdigit() for char in value)


def latest_posting_moment(posted_on: Any, now: datetime | None = None) -> datetime | None:
    """The latest moment a relative "Posted N Days Ago" can mean (day resolution, so lenient)."""
    if not isinstance(posted_on, str):
        return None
    now = now or datetime.now(timezone.utc)
    text = posted_on.lower()
    if "today" in text or "yesterday" in text:
        return now
    match = _DAYS_AGO.search(text)
    return now - timedelta(days=max(int(match.group(1)) - 1, 0)) if match else None


def _end_of_day(value: Any) -> datetime | None:
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    return moment + timedelta(days=1) if moment else None


def _descriptor(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("descriptor")
    return value.strip() or None if isinstance(value, str) else None


def _unique(values: list[Any]) -> list[str]:
    seen: list[str] = []
    for value in values:
        text = _descriptor(value)
        if text and text not in seen:
            seen.append(text)
    return seen


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
