"""Lever Postings API.

To use, specify ``site``: the path segment of ``jobs.lever.co/{site}``; set ``eu_instance = True``
when the board lives on ``jobs.eu.lever.co`` (the API is then ``api.eu.lever.co``).

The list is a bare JSON array read ``page_size`` postings at a time (``skip``/``limit``) until a
short page; it carries the full text, so no detail request is made. ``createdAt`` is epoch
milliseconds, ``country`` an ISO code (or null), ``workplaceType`` one of ``unspecified``,
``on-site``, ``remote``, ``hybrid``. The description is ``description`` followed by each of
``lists`` (a heading and its ``<li>`` items) and ``additional``.
"""

from __future__ import annotations

import html
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import quote

import scrapy
from scrapy.http import Response

from jobscraper.items import JobItem
from jobscraper.normalise.text import unique_texts
from jobscraper.platforms.base import JobBoardSpider, extra_metadata
from jobscraper.seen import SeenIds


class LeverSpider(JobBoardSpider):
    platform = "lever"
    fingerprints_entries = True
    robots_txt = "ignore"  # a JSON API that serves job boards, not a page for crawlers
    required_attributes = ("site",)
    site: ClassVar[str] = ""
    eu_instance: ClassVar[bool] = False
    page_size: ClassVar[int] = 100

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen_ids = SeenIds()

    def closed(self, reason: str) -> None:
        self.seen_ids.clear()  # the pages are read: 8 MB at 500,000 postings, free before the closing reads

    @property
    def api_host(self) -> str:
        return "https://api.eu.lever.co" if self.eu_instance else "https://api.lever.co"

    def page_url(self, skip: int) -> str:
        return self.endpoint(
            f"{self.api_host}/v0/postings/{quote(self.site)}?mode=json&skip={skip}&limit={self.page_size}"
        )

    def page_request(self, skip: int) -> scrapy.Request:
        return scrapy.Request(self.page_url(skip), callback=self.parse_page, errback=self.listing_failed,
                              cb_kwargs={"skip": skip})

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.page_request(0)

    def parse_page(self, response: Response, skip: int) -> Iterator[JobItem | scrapy.Request]:
        postings = self.load_json(response)
        if postings is None:
            return
        if not isinstance(postings, list):
            self.mark_incomplete(f"listing at {response.url} is not a list of postings")
            return
        new = [p for p in postings if isinstance(p, dict) and str(p.get("id")) not in self.seen_ids]
        if len(postings) >= self.page_size:
            if new:
                if self.next_page_allowed(len(self.seen_ids) + len(new)):
                    yield self.page_request(skip + len(postings))
            else:
                # A full page of postings already seen: the server ignores ``skip``.
                self.mark_incomplete(f"listing at {response.url} repeats earlier postings; paging stopped")
        for posting in new:
            self.seen_ids.add(str(posting.get("id")))
            yield from self.parse_posting(posting)

    def parse_posting(self, posting: dict[str, Any]) -> Iterator[JobItem | dict[str, Any]]:
        if self.outside_since(posting.get("createdAt")):
            return
        listing_fingerprint, seen = self.unchanged_entry(posting.get("id"), posting)
        if seen:
            yield seen
            return
        categories = posting.get("categories") or {}
        location = categories.get("location")
        locations = unique_texts([location, *(categories.get("allLocations") or [])])
        department = categories.get("department") or categories.get("team")
        item = self.new_item(
            external_id=posting.get("id"),
            title=posting.get("text"),
            url=posting.get("hostedUrl"),
            apply_url=posting.get("applyUrl"),
            location=location,
            locations=locations,
            places_raw=[{"text": location, "country": posting.get("country")}],
            country=posting.get("country"),
            department=department,
            employment_type=categories.get("commitment"),
            workplace_type=posting.get("workplaceType"),
            description_html=description_html(posting),
            posted_at_raw=posting.get("createdAt"),
            extra_metadata=_extra(posting, department),
            listing_fingerprint=listing_fingerprint,
        )
        yield from self.emit(item, posting)


def description_html(posting: dict[str, Any]) -> str:
    parts = [posting.get("description") or ""]
    for entry in posting.get("lists") or []:
        if not isinstance(entry, dict):
            continue
        if entry.get("text"):
            parts.append(f"<h3>{html.escape(str(entry['text']), quote=False)}</h3>")
        if entry.get("content"):
            parts.append(f"<ul>{entry['content']}</ul>")
    parts.append(posting.get("additional") or "")
    return "".join(parts)


def _extra(posting: dict[str, Any], department: str | None) -> dict[str, Any] | None:
    categories = posting.get("categories") or {}
    extra: dict[str, Any] = {}
    if categories.get("team") and categories.get("team") != department:
        extra["team"] = categories["team"]
    if posting.get("salaryRange"):
        extra["salary_range"] = posting["salaryRange"]
    salary_text = posting.get("salaryDescriptionPlain") or posting.get("salaryDescription")
    if salary_text and str(salary_text).strip():
        extra["salary_description"] = str(salary_text).strip()
    return extra_metadata(**extra)
