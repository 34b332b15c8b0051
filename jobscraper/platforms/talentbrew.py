"""TalentBrew (Radancy) career sites, through their search-results pages.

To use, specify ``site_url``: the site's address, e.g. ``https://jobs.intuit.com`` (and
``search_path`` when the search is not at ``/search-jobs``, e.g. ``/en/search-jobs``).

The search page ``{site_url}{search_path}?p={n}`` (1-based) is HTML: ``#search-results``
carries ``data-total-pages``, and ``#search-results-list`` the job links
``/job/{city}/{title-slug}/{org id}/{job id}`` with ``data-job-id``, the title, the location
and the posted date (MM/DD/YYYY). Pages are read up to the total, at most ``max_pages`` (more
marks the crawl incomplete); a page without results before the last one marks it incomplete
too. Each job whose listed location is in the spider's countries (a location the gazetteer
cannot place is left out: US sites list "Mountain View, California") needs its page for the text:
the schema.org ``JobPosting`` JSON-LD, else the ``job-*`` meta tags TalentBrew pages carry,
fetched only for new jobs or listing rows that changed (or with ``full=1``).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import urljoin

import scrapy
from parsel import Selector
from scrapy.http import Response

from jobscraper.items import JobItem
from jobscraper.normalise.dates import parse_datetime_or_none
from jobscraper.normalise.locations import countries_of
from jobscraper.platforms.base import JobBoardSpider, fingerprint
from jobscraper.platforms.embedded import as_list, job_posting_json_ld, json_ld_places

JOB_ID_IN_PATH = re.compile(r"/job/(?:[^/]+/)+(\d+)/?$")
META_LOCATION_SEPARATORS = re.compile(r"\s*[;|]\s*")


class TalentBrewSpider(JobBoardSpider):
    platform = "talentbrew"
    fetches_details = True
    required_attributes = ("site_url",)
    site_url: ClassVar[str] = ""
    search_path: ClassVar[str] = "/search-jobs"
    max_pages: ClassVar[int] = 150

    def search_request(self, page: int) -> scrapy.Request:
        return scrapy.Request(
            self.endpoint(f"{self.site_url.rstrip('/')}{self.search_path}?p={page}"),
            callback=self.parse_search,
            errback=self.listing_failed,
            cb_kwargs={"page": page},
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.search_request(1)

    def parse_search(self, response: Response, page: int) -> Iterator[Any]:
        selector = _selector(response)
        results = selector.css("#search-results")
        links = selector.css("#search-results-list a[data-job-id]") or selector.css("a[data-job-id]")
        if not results and not links:
            self.mark_incomplete(f"search page at {response.url} has no #search-results")
            return
        total_pages = _int(results.attrib.get("data-total-pages")) if results else None
        for link in links:
            yield from self.parse_row(link)
        if total_pages is None or page >= total_pages:
            return
        if not links:
            self.mark_incomplete(f"search page {page} of {total_pages} at {response.url} lists no jobs")
        elif page >= self.max_pages:
            self.mark_incomplete(f"search has more than {self.max_pages} pages ({total_pages})")
        else:
            yield self.search_request(page + 1)

    def parse_row(self, link: Selector) -> Iterator[Any]:
        href = link.attrib.get("href") or ""
        match = JOB_ID_IN_PATH.search(href.split("?")[0])
        job_id = link.attrib.get("data-job-id") or (match.group(1) if match else "")
        if not job_id or not href:
            self.count_error("listing_row_without_id", "a TalentBrew result link has no job id")
            return
        row = {
            "title": _text(link.css("h2, h3, .job-title")),
            "location": _text(link.css(".job-location")),
            "posted": _text(link.css(".job-date-posted")),
            "url": urljoin(self.site_url, href),
        }
        # Strict: a site lists every country's jobs, and a job never stored would be fetched
        # again every day; result locations name the country ("Petah Tikva, Israel").
        if self.countries and row["location"] and not countries_of([row["location"]]) & set(self.countries):
            return
        if self.since_cutoff and not self.is_within_since(parse_datetime_or_none(row["posted"])):
            return
        fp = fingerprint(row)
        if not self.listing_changed(job_id, fp):
            yield self.seen_only(job_id, fp)
            return
        yield scrapy.Request(
            self.endpoint(row["url"]),
            callback=self.parse_detail,
            errback=self.detail_failed,
            cb_kwargs={"external_id": job_id, "listing_fingerprint": fp, "listing": row},
        )

    def parse_detail(self, response: Response, external_id: str, listing_fingerprint: str,
                     listing: dict[str, Any]) -> Iterator[JobItem]:
        posting = job_posting_json_ld(response) or {}
        meta = _meta_tags(response)
        description = posting.get("description") or meta.get("job-description")
        if not description:
            yield from self.detail_unusable(external_id, response,
                                            "a page without JobPosting JSON-LD or job meta tags")
            return
        places = json_ld_places(posting) or [
            ", ".join(part for part in place.split("~") if part)
            for place in META_LOCATION_SEPARATORS.split(meta.get("job-location") or "") if place
        ] or ([listing["location"]] if listing.get("location") else [])
        remote = posting.get("jobLocationType") == "TELECOMMUTE"
        level = meta.get("job-experiencelevel")
        item = self.new_item(
            external_id=external_id,
            title=posting.get("title") or meta.get("job-title") or listing.get("title"),
            url=listing["url"],
            location=listing.get("location") or (places[0] if places else None),
            locations=places,
            department=meta.get("job-function") or None,
            employment_type=next(iter(as_list(posting.get("employmentType"))), None),
            workplace_type=meta.get("job-workingmode") or ("Remote" if remote else None),
            description_html=description,
            posted_at_raw=posting.get("datePosted") or meta.get("job-posteddate") or listing.get("posted"),
            extra_metadata={"experience_level": level} if level else None,
            listing_fingerprint=listing_fingerprint,
        )
        yield from self.emit(item, {"listing": listing, "json_ld": posting, "meta": meta})


def _selector(response: Response) -> Selector | None:
    try:
        return response.selector
    except (AttributeError, ValueError):  # not text (a binary or an empty answer)
        return None


def _meta_tags(response: Response) -> dict[str, str]:
    selector = _selector(response)
    if selector is None:
        return {}
    return {name: value for name, value in (
        (tag.attrib.get("name", ""), tag.attrib.get("content", "")) for tag in selector.css("meta[name^='job-']")
    ) if value.strip()}


def _text(found: Any) -> str | None:
    text = " ".join(part.strip() for part in found.css("::text").getall() if part.strip()) if found else ""
    return text or None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None
