"""BambooHR careers pages (``{tenant}.bamboohr.com/careers``).

To use, specify ``tenant``: the sub-domain of ``{tenant}.bamboohr.com``.

``/careers/list`` returns every open job in one answer (``result``, with ``meta.totalCount``;
fewer rows than the count means a truncated answer and an incomplete crawl). Rows carry no text
or date: ``/careers/{id}/detail`` (``result.jobOpening``: ``description`` HTML, ``datePosted``
YYYY-MM-DD) is fetched only for new postings or listing rows that changed (or with ``full=1``),
and only for rows in the spider's countries or with no country. A row's ``location`` (and its
fallback ``atsLocation``) is an object or a plain string; ``locationType`` is "0" on-site, "1"
remote, "2" hybrid, and older rows only say ``isRemote``. A retired tenant redirects to
www.bamboohr.com, which makes the listing unusable (an incomplete crawl, nothing removed).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import quote, urlsplit

import scrapy
from scrapy.http import Response

from jobscraper.items import JobItem
from jobscraper.normalise.dates import parse_datetime_or_none
from jobscraper.normalise.locations import countries_of
from jobscraper.platforms.base import JobBoardSpider, fingerprint

LISTED_KEYS = ("jobOpeningName", "departmentLabel", "employmentStatusLabel", "location", "atsLocation",
               "isRemote", "locationType")
LOCATION_TYPES = {"0": "On-site", "1": "Remote", "2": "Hybrid"}


class BambooHRSpider(JobBoardSpider):
    platform = "bamboohr"
    fetches_details = True
    robots_txt = "ignore"  # the JSON behind the careers page, meant for job boards
    required_attributes = ("tenant",)
    tenant: ClassVar[str] = ""

    @property
    def careers_root(self) -> str:
        return f"https://{self.tenant}.bamboohr.com/careers"

    def request(self, url: str, **kwargs: Any) -> scrapy.Request:
        # The careers page as Referer, as the page's own script sends it.
        return scrapy.Request(self.endpoint(url), headers={"Referer": self.careers_root,
                                                          "Accept": "application/json"}, **kwargs)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.request(f"{self.careers_root}/list", callback=self.parse_listing, errback=self.listing_failed)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        if urlsplit(response.url).hostname == "www.bamboohr.com":
            self.mark_incomplete(f"tenant {self.tenant!r} redirects to www.bamboohr.com (retired board)")
            return
        data = self.load_json(response)
        if data is None:
            return
        rows = data.get("result") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            self.mark_incomplete(f"listing at {response.url} has no 'result' list")
            return
        total = (data.get("meta") or {}).get("totalCount")
        if isinstance(total, int) and total > len(rows):
            self.mark_incomplete(f"listing at {response.url} has {len(rows)} rows of totalCount={total}")
        for row in rows:
            if isinstance(row, dict):
                yield from self.parse_row(row)

    def parse_row(self, row: dict[str, Any]) -> Iterator[Any]:
        external_id = str(row.get("id") or "")
        if not external_id:
            self.count_error("listing_row_without_id", "a BambooHR listing row has no id")
            return
        place = _place(row)
        found = countries_of([place]) if place else set()
        if self.countries and found and not found & set(self.countries):
            return
        fp = fingerprint({key: row.get(key) for key in LISTED_KEYS})
        if not self.listing_changed(external_id, fp):
            yield self.seen_only(external_id, fp)
            return
        yield self.request(
            f"{self.careers_root}/{quote(external_id)}/detail",
            callback=self.parse_detail,
            errback=self.detail_failed,
            cb_kwargs={"external_id": external_id, "listing_fingerprint": fp, "listing": row},
        )

    def parse_detail(self, response: Response, external_id: str, listing_fingerprint: str,
                     listing: dict[str, Any]) -> Iterator[JobItem]:
        data = self.load_json(response, what="detail")
        opening = ((data.get("result") or {}).get("jobOpening") if isinstance(data, dict) else None)
        if not isinstance(opening, dict):
            yield from self.detail_unusable(external_id, response,
                                            "not JSON" if data is None else "without result.jobOpening")
            return
        job = {**listing, **{key: value for key, value in opening.items() if value not in (None, "", {})}}
        place = _place(opening) or _place(listing)
        location_type = str(job.get("locationType") or "")
        workplace = LOCATION_TYPES.get(location_type) or ("Remote" if job.get("isRemote") is True else None)
        if self.since_cutoff and not self.is_within_since(parse_datetime_or_none(job.get("datePosted"))):
            return
        item = self.new_item(
            external_id=external_id,
            title=job.get("jobOpeningName"),
            url=f"{self.careers_root}/{quote(external_id)}",
            location=place,
            locations=[place] if place else [],
            department=job.get("departmentLabel") or None,
            employment_type=job.get("employmentStatusLabel") or None,
            workplace_type=workplace,
            remote=workplace == "Remote" if workplace else None,
            description_html=job.get("description") or None,
            posted_at_raw=job.get("datePosted"),
            extra_metadata={"minimum_experience": job["minimumExperience"]} if job.get("minimumExperience")
            else None,
            listing_fingerprint=listing_fingerprint,
        )
        yield from self.emit(item, job)


def _place(row: dict[str, Any]) -> str | None:
    """"City, State, Country" from ``location``, else from ``atsLocation`` (objects or strings)."""
    for key in ("location", "atsLocation"):
        value = row.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, dict):
            parts = [value.get("city"), value.get("state") or value.get("province"),
                     value.get("addressCountry") or value.get("country")]
            text = ", ".join(str(part) for part in parts if part)
            if text:
                return text
    return None
