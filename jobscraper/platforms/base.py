"""The base of every platform spider.

To use, a platform base sets ``platform`` and lists the class attributes a company spider must
set in ``required_attributes``; a company spider sets ``name``, ``company`` and those attributes.

Every spider accepts these arguments (``-a NAME=VALUE``):

- ``base_url=http://host:port``: replaces the scheme and host of every real endpoint, keeping
  paths and queries, so a local server that imitates the real API can stand in for it.
- ``full=1``: fetch every detail page, even for postings whose listing is unchanged.
- ``since=24h`` (or ``7d``, ``90m``): only postings listed or updated in that window; such a
  crawl never removes anything.

A platform marks the crawl incomplete (``mark_incomplete``) when a listing request fails or a
listing payload does not parse; the crawl session then removes nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from jobscraper.items import JobItem

_WINDOW = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_WINDOW_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
GONE_STATUSES = (404, 410)


class SpiderConfigurationError(ValueError):
    """A spider is missing configuration or got a bad argument."""


def parse_base_url(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SpiderConfigurationError(f"base_url must look like http://host:port, got {value!r}")
    return parts.scheme, parts.netloc


def parse_window(value: str | None) -> timedelta | None:
    if not value:
        return None
    match = _WINDOW.match(str(value))
    if not match:
        raise SpiderConfigurationError(f"since must look like 24h, 7d or 90m, got {value!r}")
    return timedelta(**{_WINDOW_UNITS[match.group(2)]: int(match.group(1))})


def truthy(value: object) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on") if value is not None else False


def fingerprint(*values: Any) -> str:
    """A stable hash of listing values, to tell whether a posting's detail must be fetched again."""
    payload = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


class JobBoardSpider(scrapy.Spider):
    platform: ClassVar[str] = ""
    company: ClassVar[str] = ""
    careers_url: ClassVar[str | None] = None
    # Countries (ISO alpha-2) whose postings are kept; None keeps every posting.
    countries: ClassVar[tuple[str, ...] | None] = ("IL",)
    required_attributes: ClassVar[tuple[str, ...]] = ()
    # "obey" the host's robots.txt (careers pages, feeds) or "ignore" it (documented JSON APIs
    # meant for job boards); see jobscraper.middlewares.robots.
    robots_txt: ClassVar[str] = "obey"
    # Platforms that fetch a detail page per posting: the crawl session then fills
    # ``known_listings`` so unchanged postings get no detail request. Others never read it.
    fetches_details: ClassVar[bool] = False

    def __init__(self, *args: Any, base_url: str | None = None, full: str | None = None,
                 since: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.check_configuration()
        self.base_url = parse_base_url(base_url)
        self.full = truthy(full)
        self.since = parse_window(since)
        self.since_cutoff = datetime.now(timezone.utc) - self.since if self.since else None
        # external_id -> listing fingerprint of the active postings already stored; filled by
        # the crawl session when the spider opens, if the platform fetches details.
        self.known_listings: dict[str, str | None] = {}
        self.gone_external_ids: set[str] = set()
        self.incomplete_reasons: list[str] = []
        self._logged_error_kinds: set[str] = set()

    @property
    def wants_known_listings(self) -> bool:
        """Whether the crawl session loads ``known_listings`` (the stored postings' listing
        fingerprints) when the spider opens."""
        return self.fetches_details

    @classmethod
    def check_configuration(cls) -> None:
        missing = [
            attr for attr in ("name", "company", "platform", *cls.required_attributes)
            if not getattr(cls, attr, None)
        ]
        if missing:
            raise SpiderConfigurationError(
                f"spider {cls.__name__} must set {', '.join(missing)}"
            )

    # --- endpoints -------------------------------------------------------------------------

    def endpoint(self, url: str) -> str:
        """The real URL, or the same path and query on ``base_url`` when one was given."""
        if not self.base_url:
            return url
        parts = urlsplit(url)
        return urlunsplit((*self.base_url, parts.path, parts.query, parts.fragment))

    # --- crawl health ----------------------------------------------------------------------

    def mark_incomplete(self, reason: str) -> None:
        """The listing is not whole: nothing may be removed after this crawl."""
        self.incomplete_reasons.append(reason)
        if self.crawler:
            self.crawler.stats.inc_value("jobscraper/crawl/incomplete")
        self.logger.warning("crawl incomplete: %s", reason)

    def listing_failed(self, failure: Failure) -> None:
        """Errback of listing requests: the page is lost after retries."""
        request = failure.request
        self.mark_incomplete(f"listing request failed: {request.url}: {describe_failure(failure)}")

    def load_json(self, response: Response, what: str = "listing") -> Any | None:
        """The JSON body, or None (HTML error page, CAPTCHA, truncated). A listing that does not
        parse marks the crawl incomplete; for a detail the caller yields ``detail_unusable``."""
        try:
            return json.loads(response.text)
        except (ValueError, AttributeError) as exc:
            if what == "listing":
                self.mark_incomplete(f"listing at {response.url} is not JSON "
                                     f"({_content_type(response)}): {str(exc)[:80]}")
            return None

    def listing_entries(self, response: Response, key: str) -> list[dict[str, Any]]:
        """The objects of a JSON listing's ``key`` list; none after marking the crawl incomplete
        when the payload does not parse or has no such list."""
        data = self.load_json(response)
        if data is None:
            return []
        entries = data.get(key) if isinstance(data, dict) else None
        if not isinstance(entries, list):
            self.mark_incomplete(f"listing at {response.url} has no '{key}' list")
            return []
        return [entry for entry in entries if isinstance(entry, dict)]

    def advertised(self, total: int) -> None:
        """The number of postings the platform says its listing holds; the health findings
        compare it with the postings listed (``listed``)."""
        if self.crawler:
            self.crawler.stats.max_value("jobscraper/listing/advertised", int(total))

    def listed(self) -> None:
        """One more distinct posting read from the listing."""
        if self.crawler:
            self.crawler.stats.inc_value("jobscraper/listing/listed")

    def count_error(self, kind: str, message: str) -> None:
        """Count an error by kind; log the first of each kind, the stats keep the count."""
        if self.crawler:
            self.crawler.stats.inc_value(f"jobscraper/errors/{kind}")
        if kind not in self._logged_error_kinds:
            self._logged_error_kinds.add(kind)
            self.logger.warning("%s (further ones are counted in jobscraper/errors/%s)", message, kind)

    # --- detail pages ----------------------------------------------------------------------

    def detail_needed(self, external_id: str, listing_fingerprint: str) -> bool:
        """Fetch a detail page only for new postings or listings that changed (or with full=1)."""
        if self.full or external_id not in self.known_listings:
            return True
        return self.known_listings[external_id] != listing_fingerprint

    def seen_only(self, external_id: str, listing_fingerprint: str) -> JobItem:
        """An item that only says "still listed, unchanged"; no detail request is made."""
        if self.crawler:
            self.crawler.stats.inc_value("jobscraper/details/skipped_unchanged")
        return JobItem(company=self.name, external_id=str(external_id),
                       listing_fingerprint=listing_fingerprint, seen_only=True)

    def detail_failed(self, failure: Failure) -> Iterator[JobItem]:
        """Errback of detail requests: 404/410 means the posting is gone; anything else is an
        error that must not remove it, so a stored posting still counts as seen."""
        request = failure.request
        external_id = request.cb_kwargs.get("external_id") if request.cb_kwargs else None
        external_id = str(external_id) if external_id is not None else None
        if failure.check(HttpError) and failure.value.response.status in GONE_STATUSES and external_id:
            self.gone_external_ids.add(external_id)
            if self.crawler:
                self.crawler.stats.inc_value("jobscraper/details/gone")
            self.logger.info("posting %s is gone (%s)", external_id, failure.value.response.status)
            return
        self.count_error("detail_failed", f"detail request failed: {request.url}: {describe_failure(failure)}")
        yield from self.keep_if_known(external_id)

    def detail_unusable(self, external_id: str, response: Response, why: str = "not JSON") -> Iterator[JobItem]:
        """A detail answer that cannot be read (CAPTCHA, truncated, wrong shape) is an error like a
        failed request: the stored posting stays seen, its detail is fetched again next crawl."""
        self.count_error("detail_unusable", f"detail at {response.url} is {why} ({_content_type(response)})")
        yield from self.keep_if_known(str(external_id))

    def keep_if_known(self, external_id: str | None) -> Iterator[JobItem]:
        if external_id is not None and external_id in self.known_listings and external_id not in self.gone_external_ids:
            yield self.seen_only(external_id, self.known_listings[external_id] or "")

    # --- items -----------------------------------------------------------------------------

    def new_item(self, **fields: Any) -> JobItem:
        if fields.get("external_id") is not None:
            fields["external_id"] = str(fields["external_id"])
        return JobItem(company=self.name, **fields)

    def is_within_since(self, *moments: datetime | None) -> bool:
        """With ``since``, whether any of the moments is inside the window (unknown: keep)."""
        if self.since_cutoff is None:
            return True
        known = [moment for moment in moments if moment is not None]
        return not known or any(moment >= self.since_cutoff for moment in known)

    def post_process_item(self, item: JobItem, raw: Any) -> Iterable[JobItem]:
        """The one hook a company spider may override; yields the item (or items) to keep."""
        yield item

    def emit(self, item: JobItem, raw: Any) -> Iterator[JobItem]:
        yield from self.post_process_item(item, raw)


def _content_type(response: Response) -> str:
    return response.headers.get(b"Content-Type", b"").decode("latin-1") or "no content type"


def describe_failure(failure: Failure) -> str:
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    return f"{type(failure.value).__name__}: {str(failure.value)[:120]}"
