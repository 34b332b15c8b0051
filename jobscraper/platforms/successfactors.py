"""SAP SuccessFactors career sites (Career Site Builder) through their Google feed.

To use, specify ``careers_host``: the career site's host, e.g. ``jobs.sap.com``.

One request to ``/googlefeed.xml`` (RSS 2.0 with the Google Base ``g:`` namespace) returns the
whole board with descriptions. ``guid`` is the id; titles end with the location in brackets
(" (Ra'anana, IL, 4366504)"), removed when ``g:location`` gives it; ``g:location`` reads
"City, [State,] Country, Postcode", so its last two-letter part is the country (a bare "IL" is
Israel there: Illinois comes as "…, IL, US, 60601"). Tenants without ``g:location`` put a bold
"Location:" label in the description. ``g:job_function`` ``ATS_WEBFORM`` is a placeholder.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import ClassVar

import scrapy
from lxml import etree
from scrapy.http import Response

from jobscraper.items import JobItem
from jobscraper.normalise.dates import parse_datetime_or_none
from jobscraper.platforms.base import JobBoardSpider

GOOGLE_BASE = "{http://base.google.com/ns/1.0}"
PLACEHOLDER_FUNCTIONS = {"ATS_WEBFORM"}
_TITLE_LOCATION = re.compile(r"\s*\([^()]*\)\s*$")
_LOCATION_LABEL = re.compile(r"<b>\s*Location:?\s*</b>:?\s*([^<]+)", re.IGNORECASE)
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


class SuccessFactorsSpider(JobBoardSpider):
    platform = "successfactors"
    required_attributes = ("careers_host",)
    careers_host: ClassVar[str] = ""

    async def start(self) -> AsyncIterator[scrapy.Request]:
        # The careers page as Referer, as a visitor following the site's feed link sends it.
        yield scrapy.Request(self.endpoint(f"https://{self.careers_host}/googlefeed.xml"),
                             callback=self.parse_feed, errback=self.listing_failed,
                             headers={"Referer": self.careers_url or f"https://{self.careers_host}/"})

    def parse_feed(self, response: Response) -> Iterator[JobItem]:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        try:
            root = etree.fromstring(response.body, parser=parser)
        except etree.XMLSyntaxError as exc:
            self.mark_incomplete(f"feed at {response.url} is not well-formed XML: {str(exc)[:120]}")
            return
        if root.tag != "rss" or root.find("channel") is None:
            self.mark_incomplete(f"feed at {response.url} is not an RSS feed (root <{root.tag}>)")
            return
        for entry in root.find("channel").iterfind("item"):
            yield from self.parse_item(entry)

    def parse_item(self, entry: etree._Element) -> Iterator[JobItem]:
        def text(tag: str) -> str | None:
            value = entry.findtext(tag)
            return value.strip() if value and value.strip() else None

        link = text("link")
        external_id = text("guid") or link
        if not external_id or not link:
            self.count_error("item_without_link", f"feed item {text('title')!r} has no guid or link")
            return
        description = text("description")
        location = text(f"{GOOGLE_BASE}location")
        title = text("title") or ""
        if location:
            title = _TITLE_LOCATION.sub("", title)
        else:
            label = _LOCATION_LABEL.search(description or "")
            location = label.group(1).strip() if label else None
        if self.since_cutoff and not self.is_within_since(parse_datetime_or_none(text("pubDate"))):
            return
        function = text(f"{GOOGLE_BASE}job_function")
        extra = {"employer": text(f"{GOOGLE_BASE}employer"),
                 "expiration_date": text(f"{GOOGLE_BASE}expiration_date")}
        item = self.new_item(
            external_id=external_id,
            title=title or None,
            url=link,
            location=location,
            locations=[location] if location else [],
            country=_country(location),
            department=function if function not in PLACEHOLDER_FUNCTIONS else None,
            description_html=description,
            posted_at_raw=text("pubDate"),
            extra_metadata={key: value for key, value in extra.items() if value} or None,
        )
        yield from self.emit(item, entry)


def _country(location: str | None) -> str | None:
    parts = [part.strip() for part in (location or "").split(",") if part.strip()]
    if parts and any(char.isdigit() for char in parts[-1]):
        parts.pop()
    return parts[-1] if len(parts) > 1 and _COUNTRY_CODE.match(parts[-1]) else None
