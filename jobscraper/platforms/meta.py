"""Meta careers (metacareers.com): a JavaScript page read through a headless Chromium.

To use, specify ``offices``: the office names of the careers site's filter, e.g.
``("Tel Aviv, Israel",)``.

Why the browser route: the listing is a React app fed by ``POST /graphql`` calls that need
tokens the page mints on load (``lsd``/``fb_dtsg``); plain clients get HTTP 400 on ``/jobs`` and
no job data in the HTML. So the search page is loaded in Chromium (scrapy-playwright) and the
page's own GraphQL answers are read as they arrive: ``data.job_search_with_featured_jobs_v2``
(``job_search_with_featured_jobs`` before it) ``.all_jobs[]`` with ``id``, ``title``,
``locations[]``, ``teams[]``, ``sub_teams[]``, the whole filtered set in one answer. The
alternative, ``/jobsearch/sitemap.xml`` plus one job page per posting, lists ~950 postings
worldwide with no location, so it costs a page per posting worldwide and loses the teams.

The GraphQL search has no description or date, so each new or changed posting's job page is
fetched with plain HTTP (no browser) for its schema.org ``JobPosting`` JSON-LD: ``description``,
``responsibilities``, ``qualifications``, ``datePosted``, ``employmentType``. ``validThrough``
moves on every fetch and is ignored. A job page without JSON-LD (Meta answers 200 for a closed
id) counts as an unparsable detail, not as a removal: the listing still names the posting.
Postings whose listed locations are all outside ``countries`` get no job page request.

Only the search page goes through the browser (``meta={"playwright": True}``); the platform's
download handlers fall back to Scrapy's own for every other request. A page that renders no
job search marks the crawl incomplete.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import suppress
from typing import Any, ClassVar
from urllib.parse import quote

import scrapy
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy_playwright.page import PageMethod

from jobscraper.browser import LAUNCH_ARGS, BrowserNotFound, find_chromium
from jobscraper.items import JobItem
from jobscraper.normalise.dates import parse_datetime_or_none
from jobscraper.normalise.locations import countries_of
from jobscraper.platforms.base import JobBoardSpider, fingerprint

PLAYWRIGHT_HANDLER = "jobscraper.playwright_handler.PlaywrightDownloadHandler"
SEARCH_KEYS = ("job_search_with_featured_jobs_v2", "job_search_with_featured_jobs")
ANTI_HIJACKING_PREFIX = "for (;;);"
_LD_JSON = re.compile(
    r"<script[^>]+type=[\"']application/ld\+json[\"'][^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL
)
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?\s*>")


class JobSearchCapture:
    """Collects the page's GraphQL answers while it renders (one per browser request)."""

    def __init__(self) -> None:
        self.bodies: list[str] = []
        self._reads: list[asyncio.Future[None]] = []

    def on_response(self, response: Any) -> None:
        """Playwright ``response`` event: keep the body of every GraphQL answer."""
        if "graphql" in response.url:
            self._reads.append(asyncio.ensure_future(self._read(response)))

    async def _read(self, response: Any) -> None:
        with suppress(Exception):  # a body Chromium already dropped (navigation, abort)
            text = await response.text()
            if "all_jobs" in text:
                self.bodies.append(text)

    async def settle(self, page: Any, timeout: float) -> int:
        """Page method: wait until a job search answer has been read (or ``timeout`` seconds)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self.bodies and loop.time() < deadline:
            await asyncio.gather(*self._reads, return_exceptions=True)
            if not self.bodies:
                await asyncio.sleep(0.2)
        with suppress(Exception):  # analytics beacons may keep the network busy
            await page.wait_for_load_state("networkidle", timeout=3000)
        await asyncio.gather(*self._reads, return_exceptions=True)
        return len(self.bodies)


class MetaCareersSpider(JobBoardSpider):
    platform = "meta"
    fetches_details = True
    renders_in_browser = True
    required_attributes = ("offices",)
    offices: ClassVar[tuple[str, ...]] = ()
    search_page: ClassVar[str] = "https://www.metacareers.com/jobs"
    job_page: ClassVar[str] = "https://www.metacareers.com/profile/job_details/{id}/"
    # Seconds to wait for the page's job search answer after the page has loaded.
    render_timeout: ClassVar[float] = 30.0

    custom_settings: ClassVar[dict[str, Any]] = {
        "DOWNLOAD_HANDLERS": {"http": PLAYWRIGHT_HANDLER, "https": PLAYWRIGHT_HANDLER},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"headless": True, "args": list(LAUNCH_ARGS)},
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": 60_000,
        # The browser sends its own headers; Scrapy's bot user agent stays on plain requests.
        "PLAYWRIGHT_PROCESS_REQUEST_HEADERS": None,
    }

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        try:
            executable = find_chromium()
        except BrowserNotFound:
            return  # start() reports it and marks the crawl incomplete
        options = {**settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"), "executable_path": executable}
        settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", options, priority="spider")

    @property
    def search_url(self) -> str:
        filters = "&".join(f"offices[{n}]={quote(office)}" for n, office in enumerate(self.offices))
        return self.endpoint(f"{self.search_page}?{filters}")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        try:
            find_chromium()
        except BrowserNotFound as exc:
            self.mark_incomplete(f"cannot render {self.search_url}: {exc}")
            return
        capture = JobSearchCapture()
        yield scrapy.Request(
            self.search_url,
            callback=self.parse_search,
            errback=self.listing_failed,
            cb_kwargs={"capture": capture},
            meta={
                "playwright": True,
                "playwright_page_event_handlers": {"response": capture.on_response},
                "playwright_page_methods": [PageMethod(capture.settle, self.render_timeout)],
            },
        )

    def parse_search(self, response: Response, capture: JobSearchCapture) -> Iterator[scrapy.Request | JobItem]:
        searches = [search for body in capture.bodies for search in job_searches(body)]
        if not searches:
            self.mark_incomplete(f"the page at {response.url} rendered no job search data")
            return
        jobs: dict[str, dict[str, Any]] = {}
        for search in searches:
            for job in search:
                if isinstance(job, dict) and job.get("id") not in (None, ""):
                    jobs.setdefault(str(job["id"]), job)
        for external_id, job in jobs.items():
            if not self.may_be_wanted(job):
                continue
            fp = fingerprint(job.get("title"), job.get("locations"), job.get("teams"), job.get("sub_teams"))
            if not self.listing_changed(external_id, fp):
                yield self.seen_only(external_id, fp)
                continue
            yield scrapy.Request(
                self.endpoint(self.job_page.format(id=external_id)),
                callback=self.parse_job_page,
                errback=self.detail_failed,
                cb_kwargs={"external_id": external_id, "job": job, "listing_fingerprint": fp},
            )

    def may_be_wanted(self, job: dict[str, Any]) -> bool:
        """Whether the location filter could keep the posting: no job page for postings abroad
        (the search answer may hold more than the office filter asked for)."""
        locations = _strings(job.get("locations"))
        if self.countries is None or not locations:
            return True
        if countries_of(locations) & set(self.countries):
            return True
        if self.crawler:
            self.crawler.stats.inc_value("jobscraper/details/skipped_location")
        return False

    def parse_job_page(self, response: Response, external_id: str, job: dict[str, Any],
                       listing_fingerprint: str) -> Iterator[JobItem]:
        posting = job_posting_ld(response.text)
        if posting is None:
            yield from self.detail_unusable(external_id, response, "without JobPosting JSON-LD")
            return
        if self.since_cutoff and not self.is_within_since(parse_datetime_or_none(posting.get("datePosted"))):
            return
        locations = _strings(job.get("locations")) or _ld_locations(posting)
        location_type = _text(posting.get("jobLocationType"))
        sub_teams = _strings(job.get("sub_teams"))
        item = self.new_item(
            external_id=external_id,
            title=_text(posting.get("title")) or job.get("title"),
            url=self.job_page.format(id=external_id),
            location=locations[0] if locations else None,
            locations=locations,
            department=", ".join(_strings(job.get("teams"))) or None,
            employment_type=", ".join(_strings(posting.get("employmentType"))) or None,
            workplace_type=location_type,
            remote=True if location_type and location_type.upper() == "TELECOMMUTE" else None,
            description_html=_description_html(posting),
            posted_at_raw=posting.get("datePosted"),
            extra_metadata={"sub_teams": sub_teams} if sub_teams else None,
            listing_fingerprint=listing_fingerprint,
        )
        yield from self.emit(item, {"listing": job, "job_posting": posting})


def json_documents(text: str) -> Iterator[Any]:
    """The JSON values of a GraphQL answer: ``for (;;);``-prefixed, possibly several in a row."""
    text = text.strip()
    if text.startswith(ANTI_HIJACKING_PREFIX):
        text = text[len(ANTI_HIJACKING_PREFIX):]
    decoder = json.JSONDecoder()
    position = 0
    while position < len(text):
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return
        try:
            value, position = decoder.raw_decode(text, position)
        except ValueError:
            return
        yield value


def job_searches(body: str) -> Iterator[list[Any]]:
    """Every ``all_jobs`` list of the job search answers in one GraphQL response body."""
    for document in json_documents(body):
        data = document.get("data") if isinstance(document, dict) else None
        if not isinstance(data, dict):
            continue
        for key in SEARCH_KEYS:
            search = data.get(key)
            if isinstance(search, dict) and isinstance(search.get("all_jobs"), list):
                yield search["all_jobs"]


def job_posting_ld(page: str) -> dict[str, Any] | None:
    """The schema.org JobPosting embedded in a job page, or None."""
    for block in _LD_JSON.findall(page or ""):
        try:
            value = json.loads(block.strip())
        except ValueError:
            continue
        candidates = value if isinstance(value, list) else [value]
        if isinstance(value, dict) and isinstance(value.get("@graph"), list):
            candidates = value["@graph"]
        for candidate in candidates:
            if isinstance(candidate, dict) and "JobPosting" in _strings(candidate.get("@type")):
                return candidate
    return None


def _description_html(posting: dict[str, Any]) -> str | None:
    parts = [_html_block(posting.get("description"))]
    for key, heading in (("responsibilities", "Responsibilities"), ("qualifications", "Qualifications")):
        block = _html_block(posting.get(key))
        if block:
            parts.append(f"<h3>{heading}</h3>{block}")
    return "".join(part for part in parts if part) or None


def _html_block(value: Any) -> str:
    """A JSON-LD text field as HTML: kept when it is HTML already, else escaped paragraphs."""
    if isinstance(value, list):
        items = "".join(f"<li>{_inline(entry)}</li>" for entry in _strings(value))
        return f"<ul>{items}</ul>" if items else ""
    text = _text(value)
    if not text:
        return ""
    if _HTML_TAG.search(text):
        return text
    return "".join(f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


def _inline(value: str) -> str:
    return value if _HTML_TAG.search(value) else html.escape(value)


def _ld_locations(posting: dict[str, Any]) -> list[str]:
    places = posting.get("jobLocation")
    found = []
    for place in places if isinstance(places, list) else [places]:
        if not isinstance(place, dict):
            continue
        address = place.get("address")
        if isinstance(address, dict):
            text = ""
            for key in ("addressLocality", "addressRegion", "addressCountry"):
                part = _text(address.get(key))
                if part and part not in text:  # "Tel Aviv, Israel" already names "Israel"
                    text = f"{text}, {part}" if text else part
        else:
            text = _text(address) or _text(place.get("name"))
        if text:
            found.append(text)
    return found


def _strings(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [text for text in (_text(v) for v in values) if text]


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None
