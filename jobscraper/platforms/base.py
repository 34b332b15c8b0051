"""The base of every platform spider, and the contract a platform base keeps.

To use, a platform base sets ``platform`` and lists the class attributes a company spider must
set in ``required_attributes``; a company spider sets ``name``, ``company`` and those attributes.
A missing attribute fails when the spider is built, naming it (``check_configuration``).

Every spider accepts these arguments (``-a NAME=VALUE``):

- ``base_url=http://host:port``: replaces the scheme and host of every real endpoint, keeping
  paths and queries, so a local server that imitates the real API can stand in for it. Every
  URL a platform requests goes through ``endpoint()``.
- ``full=1``: fetch every detail page, and parse every listing entry, even when unchanged.
- ``since=24h`` (or ``7d``, ``90m``): only postings listed or updated in that window; such a
  crawl never removes anything. A platform skips an entry with ``outside_since(raw dates...)``
  before it builds anything for it.

The contract of a platform base:

- **Requests.** ``async def start()`` yields the first listing request(s). Callback state goes in
  ``cb_kwargs`` (never ``meta``). Every listing request has ``errback=self.listing_failed``;
  every detail request ``errback=self.detail_failed`` with ``cb_kwargs["external_id"]``.
- **Listings.** A listing that fails, does not parse (``load_json``, ``listing_entries``) or has
  the wrong shape marks the crawl incomplete (``mark_incomplete``): the crawl session then
  removes nothing. Before each further listing page a platform asks ``next_page_allowed``:
  pages and postings are capped per platform (``JOBSCRAPER_MAX_LISTING_PAGES``,
  ``JOBSCRAPER_MAX_LISTED_POSTINGS``), and pages are requested as earlier ones are answered,
  never all at once.
- **Unchanged postings cost a hash.** ``known_listings`` holds the listing fingerprint of each
  stored active posting (loaded by the crawl session when ``wants_known_listings``). A platform
  that fetches a detail per posting (``fetches_details = True``) fingerprints the listing values
  whose change means the detail must be read again (``fingerprint``) and asks
  ``listing_changed`` before requesting it. A platform whose listing carries whole postings
  (``fingerprints_entries = True``) asks ``unchanged_entry(external_id, entry)`` before parsing:
  a stored, unchanged entry becomes a ``seen_only`` item and is never normalised again. Either
  way the fingerprint is stored on the item's ``listing_fingerprint``.
- **Details.** A detail that answers 404/410 marks the posting gone (``detail_failed``); any
  other failure, or an unreadable answer (``detail_unusable``), keeps a stored posting seen.
- **Items.** A platform builds its item with ``new_item(...)`` and hands it out through
  ``emit(item, raw)``, which runs the company's ``post_process_item`` hook; extra source fields
  go in ``extra_metadata`` through ``extra_metadata(...)``, which leaves empty values out.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from jobscraper.gil import fed
from jobscraper.items import NORMALISER_VERSION, JobItem
from jobscraper.known import KnownListings
from jobscraper.normalise.dates import parse_datetime_or_none

_WINDOW = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_WINDOW_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
GONE_STATUSES = (404, 410)
# Used when the JOBSCRAPER_MAX_LISTING_* settings name neither the platform nor "default".
FALLBACK_MAX_LISTING_PAGES = 2_000
FALLBACK_MAX_LISTED_POSTINGS = 100_000


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


def extra_metadata(**values: Any) -> dict[str, Any] | None:
    """A posting's ``extra_metadata`` from these source values, the empty ones (None, "", {}, [])
    left out; None when nothing is left."""
    kept = {key: value for key, value in values.items() if value not in (None, "", {}, [])}
    return kept or None


def entry_fingerprint(entry: Any) -> str:
    """A hash of a whole listing entry as decoded (JSON values, or bytes), tied to
    ``NORMALISER_VERSION``: the same entry under the same normaliser gives the same hash.

    ``pickle`` is the fastest serialisation of decoded JSON that keeps every value and the order
    of keys (5× ``json.dumps``), and its output does not depend on reference counts as
    ``marshal``'s does; a source that reorders keys only costs one more normalisation.
    """
    payload = entry if isinstance(entry, bytes) else pickle.dumps(entry, 5)
    hasher = hashlib.blake2b(digest_size=16, salt=NORMALISER_VERSION.to_bytes(8, "little"))
    return fed(hasher, payload).hexdigest()


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
    # Platforms that fetch a detail page per posting (only for listing rows that changed).
    fetches_details: ClassVar[bool] = False
    # Platforms whose listing carries the whole posting: an entry whose ``entry_fingerprint``
    # is the stored one becomes a ``seen_only`` item, never normalised again.
    fingerprints_entries: ClassVar[bool] = False
    # Platforms whose pages render in Chromium (scrapy-playwright); skipped where none is installed.
    renders_in_browser: ClassVar[bool] = False

    def __init__(self, *args: Any, base_url: str | None = None, full: str | None = None,
                 since: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.check_configuration()
        self.base_url = parse_base_url(base_url)
        self.full = truthy(full)
        self.since = parse_window(since)
        self.since_cutoff = datetime.now(timezone.utc) - self.since if self.since else None
        self.known_listings = KnownListings()
        self.gone_external_ids: set[str] = set()
        self.incomplete_reasons: list[str] = []
        self.listing_pages_requested = 0
        self.pagination_capped = False
        self._logged_error_kinds: set[str] = set()

    @property
    def wants_known_listings(self) -> bool:
        """Whether the crawl session should load ``known_listings`` when the spider opens."""
        return self.fetches_details or self.fingerprints_entries

    @property
    def known_listings(self) -> KnownListings:
        """external_id → listing fingerprint of the company's active stored postings."""
        return self._known_listings

    @known_listings.setter
    def known_listings(self, listings: KnownListings | dict[str, str | None]) -> None:
        self._known_listings = listings if isinstance(listings, KnownListings) else KnownListings(listings)

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

    def listing_cap(self, setting: str, fallback: int) -> int:
        caps = self.crawler.settings.getdict(setting) if self.crawler else {}
        return int(caps.get(self.platform, caps.get("default", fallback)))

    def next_page_allowed(self, listed: int) -> bool:
        """Ask before requesting another listing page (the first requests of ``start`` are not
        counted), ``listed``: postings listed so far. Past the platform's cap of pages or
        postings (``JOBSCRAPER_MAX_LISTING_PAGES``, ``JOBSCRAPER_MAX_LISTED_POSTINGS``) the answer
        is no, and the first no marks the crawl incomplete: a source that always offers a next
        page ends there, and removes nothing."""
        max_pages = self.listing_cap("JOBSCRAPER_MAX_LISTING_PAGES", FALLBACK_MAX_LISTING_PAGES)
        max_postings = self.listing_cap("JOBSCRAPER_MAX_LISTED_POSTINGS", FALLBACK_MAX_LISTED_POSTINGS)
        if self.listing_pages_requested + 1 < max_pages and listed < max_postings:
            self.listing_pages_requested += 1
            return True
        if not self.pagination_capped:
            self.pagination_capped = True
            if self.crawler:
                self.crawler.stats.set_value("jobscraper/crawl/pagination_capped", 1)
            self.mark_incomplete(f"stopped at the pagination cap ({max_pages} pages or {max_postings} "
                                 f"postings of {self.platform}); the rest is unread")
        return False

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

    def listing_changed(self, external_id: str, listing_fingerprint: str) -> bool:
        """Whether a posting is new or its listing changed since it was stored (always with
        ``full=1``): only then is its detail fetched, or its entry normalised."""
        return self.full or not self.known_listings.matches(external_id, listing_fingerprint)

    def seen_only(self, external_id: str, listing_fingerprint: str | None) -> dict[str, Any]:
        """An item that only says "still listed, unchanged": a plain dict, as it is most items
        of a daily crawl, and only its id is read."""
        if self.crawler:
            self.crawler.stats.inc_value("jobscraper/details/skipped_unchanged" if self.fetches_details
                                         else "jobscraper/listings/unchanged")
        return {"company": self.name, "external_id": str(external_id),
                "listing_fingerprint": listing_fingerprint, "seen_only": True}

    def unchanged_entry(self, external_id: Any, entry: Any) -> tuple[str, dict[str, Any] | None]:
        """The entry's fingerprint, and the ``seen_only`` item to yield instead of parsing it
        when the posting is stored with the same one (None: parse it, with the fingerprint)."""
        listing_fingerprint = entry_fingerprint(entry)
        if external_id in (None, "") or self.listing_changed(str(external_id), listing_fingerprint):
            return listing_fingerprint, None
        return listing_fingerprint, self.seen_only(str(external_id), listing_fingerprint)

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
            yield self.seen_only(external_id, self.known_listings[external_id])

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

    def outside_since(self, *raw_moments: Any) -> bool:
        """With ``since``, whether a posting listed or updated at these raw source values
        (ISO text, epoch, ...) is outside the window and must be skipped."""
        if self.since_cutoff is None:
            return False
        return not self.is_within_since(*(parse_datetime_or_none(raw) for raw in raw_moments))

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
