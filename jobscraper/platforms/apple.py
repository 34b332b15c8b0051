"""Apple jobs (jobs.apple.com).

To use, specify ``name`` and ``company``; ``location_filters`` are the search's post-location ids
(``("postLocation-ISR",)``, Israel, by default).

The search is a JSON POST to ``/api/v1/search``: 20 rows per page from ``page`` 1, and
``totalRecords`` drops to 0 past the end, so paging stops on a short page. Evergreen rows get
re-sorted during a walk, so rows are deduplicated by ``id`` (``{positionId}-{suffix}`` for a
requisition, ``PIPE-{positionId}`` for a pipeline role). A row carries only team boilerplate; the
posting's text comes from ``GET /api/v1/jobDetails/{jobNumber}`` (the id without ``PIPE-``),
fetched only for new or changed listings. Search works without a session; when it answers
401/403 a CSRF token is fetched from ``/api/v1/CSRFToken`` (response header
``x-apple-csrf-token``, with session cookies) and sent on every later request.
"""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import quote

import scrapy
from scrapy.http import JsonRequest, Response

from jobscraper.items import JobItem
from jobscraper.normalise.dates import parse_datetime
from jobscraper.normalise.locations import parse_place
from jobscraper.platforms.base import JobBoardSpider, extra_metadata, fingerprint

CSRF_HEADER = "x-apple-csrf-token"
_HTML_TAG = re.compile(r"<[a-zA-Z][^>]*>")
# Detail fields in the job page's order, as (heading, field, rendered as a list).
DETAIL_SECTIONS = (
    ("Summary", "jobSummary", False),
    ("Description", "description", False),
    ("Responsibilities", "responsibilities", False),
    ("Minimum Qualifications", "minimumQualifications", True),
    ("Preferred Qualifications", "preferredQualifications", True),
    ("Pay & Benefits", "payAndBenefits", False),
)


class AppleJobsSpider(JobBoardSpider):
    platform = "apple"
    fetches_details = True
    robots_txt = "ignore"  # a JSON API that serves job boards, not a page for crawlers
    api_host: ClassVar[str] = "https://jobs.apple.com"
    locale: ClassVar[str] = "en-us"
    location_filters: ClassVar[tuple[str, ...]] = ("postLocation-ISR",)
    page_size: ClassVar[int] = 20
    # Search answers that mean "fetch a CSRF token first".
    csrf_statuses: ClassVar[tuple[int, ...]] = (401, 403)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.csrf_token: str | None = None
        self.seen_ids: set[str] = set()

    # --- requests ------------------------------------------------------------------------------

    def api_headers(self) -> dict[str, str]:
        headers = {"browserlocale": self.locale, "locale": self.locale.replace("-", "_").upper()}
        if self.csrf_token:
            headers[CSRF_HEADER] = self.csrf_token
        return headers

    def search_body(self, page: int) -> dict[str, Any]:
        return {
            "query": "",
            "filters": {"locations": list(self.location_filters)} if self.location_filters else {},
            "page": page,
            "locale": self.locale,
            "sort": "newest",
            "format": {"longDate": "MMMM D, YYYY", "mediumDate": "MMM D, YYYY"},
        }

    def search_request(self, page: int) -> JsonRequest:
        # dont_filter: the same page is asked again, with a token, after a 401/403.
        return JsonRequest(
            self.endpoint(f"{self.api_host}/api/v1/search"), data=self.search_body(page),
            headers=self.api_headers(), callback=self.parse_search, errback=self.listing_failed,
            cb_kwargs={"page": page}, meta={"handle_httpstatus_list": list(self.csrf_statuses)},
            dont_filter=True,
        )

    def job_number(self, external_id: str) -> str:
        return external_id.removeprefix("PIPE-")

    def detail_url(self, external_id: str) -> str:
        number = quote(self.job_number(external_id), safe="")
        return self.endpoint(f"{self.api_host}/api/v1/jobDetails/{number}?locale={self.locale}")

    def job_url(self, external_id: str, row: dict[str, Any]) -> str:
        # A requisition by its full id: the bare positionId redirects to a req of Apple's choosing.
        slug = row.get("transformedPostingTitle") or ""
        return f"{self.api_host}/{self.locale}/details/{self.job_number(external_id)}/{slug}"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.search_request(1)

    # --- listing -------------------------------------------------------------------------------

    def parse_search(self, response: Response, page: int) -> Iterator[JobItem | scrapy.Request]:
        if response.status in self.csrf_statuses:
            yield from self.refused(response, page)
            return
        data = self.load_json(response)
        if data is None:
            return
        res = data.get("res") if isinstance(data, dict) else None
        rows = res.get("searchResults") if isinstance(res, dict) else None
        if rows is None and isinstance(res, dict) and not res.get("totalRecords"):
            rows = []  # the blank envelope past the last page
        if not isinstance(rows, list):
            self.mark_incomplete(f"search page {page} at {response.url} has no 'res.searchResults' list")
            return
        for row in rows:
            if isinstance(row, dict):
                yield from self.parse_row(row)
        if len(rows) < self.page_size:
            return
        if self.next_page_allowed(page * self.page_size):
            yield self.search_request(page + 1)

    def refused(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        if response.request is not None and response.request.headers.get(CSRF_HEADER):
            self.mark_incomplete(f"search page {page} refused (HTTP {response.status}) even with a CSRF token")
            return
        self.logger.info("search answered HTTP %s; fetching a CSRF token", response.status)
        yield scrapy.Request(
            self.endpoint(f"{self.api_host}/api/v1/CSRFToken"), headers=self.api_headers(),
            callback=self.parse_csrf_token, errback=self.listing_failed, cb_kwargs={"page": page},
            dont_filter=True,
        )

    def parse_csrf_token(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        token = response.headers.get(CSRF_HEADER)
        if not token:
            self.mark_incomplete(f"no {CSRF_HEADER} header from {response.url}")
            return
        self.csrf_token = token.decode("latin-1")
        yield self.search_request(page)

    def parse_row(self, row: dict[str, Any]) -> Iterator[JobItem | scrapy.Request]:
        external_id = str(row.get("id") or row.get("positionId") or "")
        if not external_id or external_id in self.seen_ids:
            return
        self.seen_ids.add(external_id)
        if self.since_cutoff and not self.is_within_since(
            _moment(row.get("postingDate")), _moment(row.get("postDateInGMT"))
        ):
            return
        # postDateInGMT is left out: it moves on evergreen rows without any change to the posting.
        fp = fingerprint(row.get("postingTitle"), location_names(row), row.get("postingDate"),
                         _team(row), row.get("homeOffice"), row.get("standardWeeklyHours"))
        if not self.listing_changed(external_id, fp):
            yield self.seen_only(external_id, fp)
            return
        yield scrapy.Request(
            self.detail_url(external_id), headers=self.api_headers(), callback=self.parse_detail,
            errback=self.detail_failed, cb_kwargs={"external_id": external_id, "row": row, "fp": fp},
        )

    # --- detail --------------------------------------------------------------------------------

    def parse_detail(self, response: Response, external_id: str, row: dict[str, Any],
                     fp: str) -> Iterator[JobItem]:
        data = self.load_json(response, what="detail")
        detail = data.get("res") if isinstance(data, dict) else None
        if not isinstance(detail, dict):
            yield from self.detail_unusable(external_id, response,
                                            "not JSON" if data is None else "without a 'res' object")
            return
        locations = location_names(row)
        remote = row.get("homeOffice")
        item = self.new_item(
            external_id=external_id,
            title=row.get("postingTitle") or detail.get("postingTitle"),
            url=self.job_url(external_id, row),
            location=locations[0] if locations else None,
            locations=locations,
            places_raw=[{"text": place.get("name"), "city": place.get("city"), "region": place.get("stateProvince"),
                         "country": place.get("countryName")}
                        for place in row.get("locations") or [] if isinstance(place, dict)],
            country=source_country(row, self.countries),
            department=_team(row),
            employment_type=detail.get("employmentType"),
            remote=remote if isinstance(remote, bool) else None,
            description_html=description_html(detail),
            posted_at_raw=row.get("postingDate"),
            source_updated_at_raw=row.get("postDateInGMT"),
            extra_metadata=extra_metadata(position_id=row.get("positionId"), req_id=row.get("reqId"),
                                          standard_weekly_hours=row.get("standardWeeklyHours")),
            listing_fingerprint=fp,
        )
        yield from self.emit(item, {"listing": row, "detail": detail})


def location_names(row: dict[str, Any]) -> list[str]:
    """"Herzliya, Israel" per listed location (name or city, state when given, country)."""
    names = []
    for place in row.get("locations") or []:
        if not isinstance(place, dict):
            continue
        parts = [place.get("name") or place.get("city"), place.get("stateProvince"), place.get("countryName")]
        text = ", ".join(str(part).strip() for part in parts if part and str(part).strip())
        if text and text not in names:
            names.append(text)
    return names


def source_country(row: dict[str, Any], wanted: tuple[str, ...] | None) -> str | None:
    """ISO alpha-2 from the rows' ``countryID`` ("iso-country-ISR"): a wanted one first."""
    codes = []
    for place in row.get("locations") or []:
        code = str(place.get("countryID") or "").removeprefix("iso-country-") if isinstance(place, dict) else ""
        country = parse_place(code).country if code else None
        if country:
            codes.append(country)
    preferred = [code for code in codes if wanted and code in wanted]
    return (preferred or codes or [None])[0]


def description_html(detail: dict[str, Any]) -> str | None:
    parts = []
    for heading, field, as_list in DETAIL_SECTIONS:
        body = _section_html(detail.get(field), as_list)
        if body:
            parts.append(f"<h3>{html.escape(heading)}</h3>{body}")
    return "".join(parts) or None


def _section_html(value: Any, as_list: bool) -> str | None:
    """HTML as given; plain text (the usual form, lines split by newlines) becomes paragraphs or a list."""
    if not isinstance(value, str) or not value.strip():
        return None
    if _HTML_TAG.search(value):
        return value.strip()
    lines = [html.escape(html.unescape(line.strip()), quote=False) for line in value.splitlines() if line.strip()]
    if as_list:
        return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"
    return "".join(f"<p>{line}</p>" for line in lines)


def _team(row: dict[str, Any]) -> str | None:
    team = row.get("team")
    if not isinstance(team, dict):
        return None
    return team.get("teamName") or None



def _moment(value: Any):
    try:
        return parse_datetime(value)
    except (ValueError, OverflowError):
        return None
