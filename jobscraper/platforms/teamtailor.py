"""Teamtailor career sites (``{company}.teamtailor.com``), through their RSS feed.

To use, specify ``company_slug``: the sub-domain of ``{company_slug}.teamtailor.com``.

``/jobs.rss?offset={n}&per_page=100`` is paged by ``offset`` until a page has fewer than
``page_size`` items (at most ``max_pages`` pages; more marks the crawl incomplete). Each item
carries its text (``description``, entity-escaped HTML), ``pubDate`` (RFC 822), ``guid`` (the
id), ``remoteStatus`` and the ``tt:`` elements (namespace ``https://teamtailor.com/locations``):
``tt:department``, ``tt:role`` and ``tt:locations/tt:location`` with ``tt:name``, ``tt:city``
and ``tt:country``. A healthy feed sometimes answers 400 once: a 400 is asked again
(``bad_request_retries`` times) before the page counts as lost.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import urlencode

import scrapy
from lxml import etree
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from jobscraper.items import JobItem
from jobscraper.normalise.dates import parse_datetime_or_none
from jobscraper.platforms.base import JobBoardSpider

TT = "{https://teamtailor.com/locations}"


class TeamtailorSpider(JobBoardSpider):
    platform = "teamtailor"
    required_attributes = ("company_slug",)
    company_slug: ClassVar[str] = ""
    page_size: ClassVar[int] = 100
    max_pages: ClassVar[int] = 50
    bad_request_retries: ClassVar[int] = 2

    def page_request(self, page: int, attempt: int = 0) -> scrapy.Request:
        query = urlencode({"offset": page * self.page_size, "per_page": self.page_size})
        return scrapy.Request(
            self.endpoint(f"https://{self.company_slug}.teamtailor.com/jobs.rss?{query}"),
            callback=self.parse_feed,
            errback=self.page_failed,
            cb_kwargs={"page": page, "attempt": attempt},
            dont_filter=attempt > 0,
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.page_request(0)

    def page_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        request = failure.request
        page, attempt = request.cb_kwargs["page"], request.cb_kwargs["attempt"]
        if (failure.check(HttpError) and failure.value.response.status == 400
                and attempt < self.bad_request_retries):
            if self.crawler:
                self.crawler.stats.inc_value("jobscraper/teamtailor/retried_400")
            yield self.page_request(page, attempt + 1)
            return
        self.listing_failed(failure)

    def parse_feed(self, response: Response, page: int, attempt: int) -> Iterator[Any]:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        try:
            root = etree.fromstring(response.body, parser=parser)
        except etree.XMLSyntaxError as exc:
            self.mark_incomplete(f"feed at {response.url} is not well-formed XML: {str(exc)[:120]}")
            return
        channel = root.find("channel")
        if root.tag != "rss" or channel is None:
            self.mark_incomplete(f"feed at {response.url} is not RSS (root <{root.tag}>)")
            return
        entries = channel.findall("item")
        for entry in entries:
            yield from self.parse_item(entry)
        if len(entries) >= self.page_size:
            if page + 1 >= self.max_pages:
                self.mark_incomplete(f"feed has more than {self.max_pages} pages of {self.page_size}")
            else:
                yield self.page_request(page + 1)

    def parse_item(self, entry: etree._Element) -> Iterator[JobItem]:
        places = []
        for place in entry.iterfind(f"{TT}locations/{TT}location"):
            name = _text(place, f"{TT}name")
            city, country = _text(place, f"{TT}city"), _text(place, f"{TT}country")
            label = ", ".join(part for part in (city or name, country) if part)
            if label:
                places.append(label)
        if self.since_cutoff and not self.is_within_since(parse_datetime_or_none(_text(entry, "pubDate"))):
            return
        item = self.new_item(
            external_id=_text(entry, "guid") or _text(entry, "link"),
            title=_text(entry, "title"),
            url=_text(entry, "link"),
            location=places[0] if places else None,
            locations=places,
            department=_text(entry, f"{TT}department"),
            workplace_type=_workplace(_text(entry, "remoteStatus")),
            remote=_workplace(_text(entry, "remoteStatus")) == "Remote" if _text(entry, "remoteStatus") else None,
            description_html=_text(entry, "description"),  # the XML parser undoes the one escaping
            posted_at_raw=_text(entry, "pubDate"),
            extra_metadata={"role": _text(entry, f"{TT}role")} if _text(entry, f"{TT}role") else None,
        )
        yield from self.emit(item, entry)


def _text(element: etree._Element, path: str) -> str | None:
    found = element.find(path)
    text = (found.text or "").strip() if found is not None else ""
    return text or None


def _workplace(status: str | None) -> str | None:
    value = (status or "").strip().lower()
    if "fully" in value or value == "remote":
        return "Remote"
    if value == "hybrid":
        return "Hybrid"
    if value in ("none", "onsite", "on-site"):
        return "On-site"
    return None
