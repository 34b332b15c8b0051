"""Careers pages that publish schema.org ``JobPosting`` JSON-LD, for companies without a known ATS.

To use, specify ``listing_url``: the site's job sitemap (``…/sitemap.xml``) or its careers page
that links to every job; optionally ``job_url_pattern``, a regular expression a job page's URL
matches (searched in its path and query). Without a pattern, a job page is a link on the same
host whose path has a ``/job/``, ``/jobs/``, ``/careers/``, ``/positions/``, ``/open-positions/``,
``/vacancies/`` or ``/openings/`` segment followed by more.

A sitemap may be an index of child sitemaps (at most ``max_sitemaps``); ``utm_*`` parameters are
dropped from job URLs, and a job's path (and query) is its id, so ids do not depend on the host.
A job page is fetched only when it is new or its sitemap ``<lastmod>`` changed (or with
``full=1``), at most ``max_job_pages`` a crawl. Only stored postings are remembered, so pages of
postings outside the spider's countries are fetched again every crawl: on a worldwide sitemap,
give a ``job_url_pattern`` that picks the country's pages where the site's URLs allow it. Every ``<script type="application/ld+json">``
block is read with extruct; the ``JobPosting`` may be the top object, in a list or in ``@graph``,
and ``@type`` may be a list. A page that answers without any ``JobPosting`` is a closed job. A
careers page that embeds ``JobPosting`` objects itself yields them directly. A host that reserves
text-and-data mining (a ``tdm-reservation: 1`` header or meta tag) is not crawled further.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit

import scrapy
from lxml import etree
from scrapy.http import Response, TextResponse
from w3lib.url import safe_url_string

from jobscraper.items import JobItem
from jobscraper.normalise.dates import parse_datetime_or_none
from jobscraper.platforms.base import JobBoardSpider, fingerprint

DEFAULT_JOB_PATH = re.compile(r"/(?:jobs?|careers?|positions?|open-positions|vacanc(?:y|ies)|openings?)/[^/?#]+",
                              re.IGNORECASE)
SITEMAP_NS = re.compile(r"^\{https?://www\.sitemaps\.org/schemas/sitemap/0\.9\}")
# A Talemetry bug: no comma after "datePosted", and "\$" escapes that JSON does not know.
_MISSING_COMMA = re.compile(r'("datePosted"\s*:\s*"[^"]*")(\s*")')
_BAD_DOLLAR = re.compile(r"\\\$")
_CDATA = re.compile(r"^\s*(?://)?\s*<!\[CDATA\[|(?://)?\s*\]\]>\s*$")
_TDM_META = re.compile(r"<meta[^>]+name=[\"']tdm-reservation[\"'][^>]+content=[\"']1[\"']", re.IGNORECASE)


class JsonLdJobsSpider(JobBoardSpider):
    platform = "jsonld"
    fetches_details = True
    required_attributes = ("listing_url",)
    listing_url: ClassVar[str] = ""
    job_url_pattern: ClassVar[str | None] = None
    max_sitemaps: ClassVar[int] = 50
    max_job_pages: ClassVar[int] = 5000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.job_pattern = re.compile(self.job_url_pattern) if self.job_url_pattern else None
        self.listed_ids: set[str] = set()
        self.sitemaps_requested = 0
        self.job_pages_requested = 0
        self.tdm_reserved = False

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.sitemaps_requested = 1
        yield scrapy.Request(self.endpoint(self.listing_url), callback=self.parse_listing,
                             errback=self.listing_failed)

    # --- listing: a sitemap (index) or a careers page -------------------------------------

    def parse_listing(self, response: Response) -> Iterator[Any]:
        if self.reserves_mining(response):
            return
        root = _sitemap_root(response.body)
        if root is not None:
            yield from self.parse_sitemap(response, root)
            return
        if not isinstance(response, TextResponse) or not response.text.lstrip().startswith("<"):
            self.mark_incomplete(f"listing at {response.url} is neither a sitemap nor an HTML page")
            return
        for posting in job_postings(response.text) or []:
            yield from self.parse_embedded(posting, response)
        for href in response.css("a::attr(href)").getall():
            link = response.urljoin(href.strip())
            if urlsplit(link).scheme in ("http", "https") and self.is_job_url(link, response):
                yield from self.follow_job(link, "")

    def parse_sitemap(self, response: Response, root: etree._Element) -> Iterator[Any]:
        kind = SITEMAP_NS.sub("", root.tag)
        entries = [
            ({SITEMAP_NS.sub("", child.tag): (child.text or "").strip() for child in entry})
            for entry in root if SITEMAP_NS.sub("", str(entry.tag)) in ("url", "sitemap")
        ]
        if kind == "sitemapindex":
            for entry in entries:
                if not entry.get("loc"):
                    continue
                if self.sitemaps_requested >= self.max_sitemaps:
                    self.mark_incomplete(f"stopped at max_sitemaps={self.max_sitemaps} in {response.url}")
                    return
                self.sitemaps_requested += 1
                yield scrapy.Request(self.endpoint(entry["loc"]), callback=self.parse_listing,
                                     errback=self.listing_failed)
            return
        for entry in entries:
            if entry.get("loc") and self.is_job_url(entry["loc"], response):
                yield from self.follow_job(entry["loc"], entry.get("lastmod") or "")

    def is_job_url(self, url: str, response: Response) -> bool:
        parts = urlsplit(url)
        path = job_id(url)
        if self.job_pattern:
            return bool(self.job_pattern.search(path))
        listing = urlsplit(self.listing_url)
        same_host = parts.netloc in (listing.netloc, urlsplit(response.url).netloc)
        is_listing = parts.path.rstrip("/") == listing.path.rstrip("/")
        return same_host and not is_listing and bool(DEFAULT_JOB_PATH.search(parts.path))

    def follow_job(self, url: str, lastmod: str) -> Iterator[Any]:
        external_id = job_id(url)
        if external_id in self.listed_ids:
            return
        self.listed_ids.add(external_id)
        fp = fingerprint(lastmod)
        if not self.detail_needed(external_id, fp):
            yield self.seen_only(external_id, fp)
            return
        if self.job_pages_requested >= self.max_job_pages:
            if self.job_pages_requested == self.max_job_pages:
                self.mark_incomplete(f"stopped at max_job_pages={self.max_job_pages}")
                self.job_pages_requested += 1
            return
        self.job_pages_requested += 1
        yield scrapy.Request(self.endpoint(_without_tracking(url)), callback=self.parse_job_page,
                             errback=self.detail_failed,
                             cb_kwargs={"external_id": external_id, "listing_fingerprint": fp})

    # --- job pages ---------------------------------------------------------------------------

    def parse_job_page(self, response: Response, external_id: str, listing_fingerprint: str) -> Iterator[JobItem]:
        if self.reserves_mining(response):
            return
        page = response.text if isinstance(response, TextResponse) else ""
        postings = job_postings(page)
        if postings is None:
            yield from self.detail_unusable(external_id, response, "unreadable JSON-LD")
            return
        if not postings:
            self.gone_external_ids.add(external_id)
            if self.crawler:
                self.crawler.stats.inc_value("jobscraper/details/gone")
            self.logger.info("%s has no JobPosting: the job is closed", response.url)
            return
        yield from self.emit_posting(postings[0], external_id, _unproxied(response.url, external_id, self.listing_url),
                                     listing_fingerprint, page)

    def parse_embedded(self, posting: dict[str, Any], response: Response) -> Iterator[JobItem]:
        url = posting.get("url") if isinstance(posting.get("url"), str) else None
        identifier = _identifier(posting)
        external_id = job_id(response.urljoin(url)) if url else identifier
        if not external_id:
            self.count_error("posting_without_id", f"a JobPosting on {response.url} has no url or identifier")
            return
        self.listed_ids.add(external_id)
        yield from self.emit_posting(posting, external_id, response.urljoin(url) if url else self.listing_url,
                                     None, response.text)

    def emit_posting(self, posting: dict[str, Any], external_id: str, url: str,
                     listing_fingerprint: str | None, page: str) -> Iterator[JobItem]:
        if self.since_cutoff and not self.is_within_since(parse_datetime_or_none(posting.get("datePosted"))):
            return
        job_locations = _as_list(posting.get("jobLocation"))
        places = [place for place in map(_place, job_locations) if place]
        countries = {country for country in map(_country, job_locations) if country}
        remote = "TELECOMMUTE" in str(posting.get("jobLocationType") or "").upper()
        item = self.new_item(
            external_id=external_id,
            title=_text(posting.get("title")) or _page_title(page, posting),
            url=url,
            location=places[0] if places else None,
            locations=places,
            country=next(iter(countries)) if len(countries) == 1 else None,
            employment_type=", ".join(str(kind) for kind in _as_list(posting.get("employmentType"))) or None,
            workplace_type="Remote" if remote else None,
            remote=True if remote else None,
            description_html=_description(posting.get("description")),
            posted_at_raw=_text(posting.get("datePosted")),
            extra_metadata=_extra(posting),
            listing_fingerprint=listing_fingerprint,
        )
        yield from self.emit(item, posting)

    def reserves_mining(self, response: Response) -> bool:
        """The W3C TDM reservation: once a host sends it, nothing more of it is read."""
        if not self.tdm_reserved:
            header = response.headers.get(b"tdm-reservation", b"").strip()
            meta = isinstance(response, TextResponse) and bool(_TDM_META.search(response.text[:20000]))
            if header == b"1" or meta:
                self.tdm_reserved = True
                self.mark_incomplete(f"{response.url} reserves text-and-data mining (tdm-reservation: 1)")
        return self.tdm_reserved


def job_postings(page: str) -> list[dict[str, Any]] | None:
    """Every JobPosting in the page's JSON-LD blocks; None when a block exists but none parses."""
    try:
        tree = etree.fromstring(page.encode("utf-8"), etree.HTMLParser(encoding="utf-8")) if page.strip() else None
    except (etree.XMLSyntaxError, ValueError):
        tree = None
    scripts = tree.xpath('//script[@type="application/ld+json"]') if tree is not None else []
    # Imported here: the extruct package loads rdflib and more (seconds), and every `scrapy`
    # command imports every spider.
    from extruct.jsonld import JsonLdExtractor

    extractor = JsonLdExtractor()
    found: list[dict[str, Any]] = []
    unreadable = 0
    for script in scripts:
        text = script.xpath("string()")
        data = _parse_block(extractor, text)
        if data is None:
            unreadable += 1
            continue
        found.extend(_job_postings_in(data))
    if not found and unreadable:
        return None
    return found


def _parse_block(extractor: Any, text: str) -> list[Any] | None:
    unwrapped = _CDATA.sub("", text)
    for candidate in (unwrapped, _BAD_DOLLAR.sub("$", _MISSING_COMMA.sub(r"\1,\2", unwrapped))):
        script = etree.Element("script", type="application/ld+json")
        script.text = candidate
        try:
            return extractor.extract_items(script)
        except ValueError:
            continue
    return None


def _job_postings_in(data: Any) -> Iterator[dict[str, Any]]:
    for node in _as_list(data):
        if not isinstance(node, dict):
            continue
        types = [str(kind).rsplit("/", 1)[-1] for kind in _as_list(node.get("@type"))]
        if "JobPosting" in types:
            yield node
        if "@graph" in node:
            yield from _job_postings_in(node["@graph"])


def _sitemap_root(body: bytes) -> etree._Element | None:
    head = body[:500].lstrip()
    if not (head.startswith(b"<?xml") or head.startswith(b"<urlset") or head.startswith(b"<sitemapindex")):
        return None
    try:
        root = etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError:
        return None
    return root if SITEMAP_NS.sub("", str(root.tag)) in ("urlset", "sitemapindex") else None


def job_id(url: str) -> str:
    """A job page's id: its path and query without tracking parameters (the host may vary)."""
    parts = urlsplit(safe_url_string(_without_tracking(url)))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _without_tracking(url: str) -> str:
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True)
             if not key.lower().startswith("utm_")]
    return parts._replace(query=urlencode(query), fragment="").geturl()


def _unproxied(fetched_url: str, external_id: str, listing_url: str) -> str:
    """The job page's real URL: the listing's scheme and host (``base_url`` may have replaced them)."""
    listing = urlsplit(listing_url)
    if urlsplit(fetched_url).netloc == listing.netloc:
        return fetched_url
    return f"{listing.scheme}://{listing.netloc}{external_id}"


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return html.unescape(str(value)).strip() or None if value not in (None, "") else None


def _identifier(posting: dict[str, Any]) -> str | None:
    identifier = posting.get("identifier")
    if isinstance(identifier, dict):
        identifier = identifier.get("value")
    return str(identifier) if identifier not in (None, "") else None


def _address(place: Any) -> dict[str, Any]:
    if not isinstance(place, dict):
        return {}
    address = place.get("address")
    return address if isinstance(address, dict) else {}


def _country(place: Any) -> str | None:
    country = _address(place).get("addressCountry")
    if isinstance(country, dict):
        country = country.get("name")
    country = str(country or "").strip()
    return country.upper() if len(country) == 2 else None


def _place(place: Any) -> str | None:
    address = _address(place)
    if not address and isinstance(place, dict) and isinstance(place.get("address"), str):
        return place["address"].strip() or None
    country = address.get("addressCountry")
    if isinstance(country, dict):
        country = country.get("name")
    parts = [address.get("addressLocality"), address.get("addressRegion"), country]
    return ", ".join(str(part).strip() for part in parts if part and str(part).strip()) or None


def _description(value: Any) -> str | None:
    text = str(value or "").strip()
    # Some sites escape the HTML twice: "&lt;p&gt;" where "<p>" is meant.
    if "&lt;" in text and "<" not in text:
        text = html.unescape(text)
    return text or None


def _page_title(page: str, posting: dict[str, Any]) -> str | None:
    match = re.search(r"<title[^>]*>(.*?)</title>", page, re.IGNORECASE | re.DOTALL)
    if not match:
        return None
    title = html.unescape(match.group(1)).strip()
    organisation = _text(posting.get("hiringOrganization"))
    if organisation and title.endswith(f" - {organisation}"):
        title = title[: -len(organisation) - 3].strip()
    return title or None


def _extra(posting: dict[str, Any]) -> dict[str, Any] | None:
    salary = posting.get("baseSalary")
    extra = {
        "identifier": _identifier(posting),
        "hiring_organization": _text(posting.get("hiringOrganization")),
        "valid_through": _text(posting.get("validThrough")),
        "base_salary": json.loads(json.dumps(salary, default=str)) if isinstance(salary, dict) else None,
    }
    extra = {key: value for key, value in extra.items() if value not in (None, "", {})}
    return extra or None
