"""Workable job boards (``apply.workable.com``).

To use, specify ``account``: the path segment of ``apply.workable.com/{account}/``.

The widget listing ``/api/v1/widget/accounts/{account}`` returns every open job in one answer,
with its locations (``locations[].countryCode``) but no description, so postings outside the
spider's countries are left out before any detail call. Each kept posting's text comes from
the detail ``/api/v2/accounts/{account}/jobs/{shortcode}`` (``description``, ``requirements``
and ``benefits``, HTML), fetched only for new postings or listing rows that changed (or with
``full=1``). The id is the ``shortcode``. Workable rate-limits with 429, which the retry
middleware backs off from; an unknown account answers 404.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import quote

import scrapy
from scrapy.http import Response

from jobscraper.items import JobItem
from jobscraper.normalise.dates import parse_datetime_or_none
from jobscraper.normalise.locations import countries_of
from jobscraper.platforms.base import JobBoardSpider, fingerprint

LISTED_KEYS = ("title", "code", "employment_type", "telecommuting", "department", "function",
               "experience", "published_on", "country", "city", "state")
DESCRIPTION_SECTIONS = ("description", "requirements", "benefits")
WORKPLACES = {"remote": "Remote", "hybrid": "Hybrid", "onsite": "On-site", "on_site": "On-site"}
EMPLOYMENT_TYPES = {"full": "Full-time", "part": "Part-time", "contract": "Contract",
                    "temporary": "Temporary", "internship": "Internship"}


class WorkableSpider(JobBoardSpider):
    platform = "workable"
    fetches_details = True
    robots_txt = "ignore"  # a JSON API that serves job boards, not a page for crawlers
    required_attributes = ("account",)
    account: ClassVar[str] = ""
    api_host: ClassVar[str] = "https://apply.workable.com"

    @property
    def listing_url(self) -> str:
        return self.endpoint(f"{self.api_host}/api/v1/widget/accounts/{quote(self.account)}")

    def detail_url(self, shortcode: str) -> str:
        return self.endpoint(f"{self.api_host}/api/v2/accounts/{quote(self.account)}/jobs/{quote(shortcode)}")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.listing_url, callback=self.parse_listing, errback=self.listing_failed)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        for job in self.listing_entries(response, "jobs"):
            yield from self.parse_job(job)

    def parse_job(self, job: dict[str, Any]) -> Iterator[Any]:
        shortcode = str(job.get("shortcode") or "")
        if not shortcode:
            self.count_error("listing_row_without_id", "a Workable listing row has no shortcode")
            return
        if not self.in_countries(job):
            return
        if self.since_cutoff and not self.is_within_since(parse_datetime_or_none(job.get("published_on"))):
            return
        fp = fingerprint({key: job.get(key) for key in LISTED_KEYS}, _listed_places(job))
        if not self.listing_changed(shortcode, fp):
            yield self.seen_only(shortcode, fp)
            return
        yield scrapy.Request(
            self.detail_url(shortcode),
            callback=self.parse_detail,
            errback=self.detail_failed,
            cb_kwargs={"external_id": shortcode, "listing_fingerprint": fp, "listing": job},
        )

    def in_countries(self, job: dict[str, Any]) -> bool:
        """Whether a listed location is in the spider's countries (a row without any is kept:
        the location filter decides once the detail has arrived)."""
        if not self.countries:
            return True
        codes = {str(place.get("countryCode") or "").upper()
                 for place in job.get("locations") or [] if isinstance(place, dict)} - {""}
        codes |= countries_of(_listed_places(job))
        return not codes or bool(codes & set(self.countries))

    def parse_detail(self, response: Response, external_id: str, listing_fingerprint: str,
                     listing: dict[str, Any]) -> Iterator[JobItem]:
        detail = self.load_json(response, what="detail")
        if not isinstance(detail, dict) or not detail.get("title"):
            yield from self.detail_unusable(external_id, response,
                                            "not JSON" if detail is None else "not a job object")
            return
        places = _detail_places(detail) or _listed_places(listing)
        department = detail.get("department") or listing.get("department")
        if isinstance(department, list):
            department = ", ".join(str(part) for part in department if part)
        workplace = WORKPLACES.get(str(detail.get("workplace") or "").lower())
        remote = detail.get("remote") if isinstance(detail.get("remote"), bool) else listing.get("telecommuting")
        item = self.new_item(
            external_id=external_id,
            title=detail.get("title"),
            url=f"{self.api_host}/{quote(self.account)}/j/{quote(external_id)}/",
            apply_url=listing.get("application_url"),
            location=places[0] if places else None,
            locations=places,
            department=department or None,
            employment_type=EMPLOYMENT_TYPES.get(str(detail.get("type") or "")) or listing.get("employment_type"),
            workplace_type=workplace or ("Remote" if remote is True else None),
            remote=remote if isinstance(remote, bool) else None,
            description_html="\n".join(
                str(detail[section]) for section in DESCRIPTION_SECTIONS if str(detail.get(section) or "").strip()
            ) or None,
            posted_at_raw=detail.get("published") or listing.get("published_on"),
            extra_metadata=_extra(listing),
            listing_fingerprint=listing_fingerprint,
        )
        yield from self.emit(item, {"listing": listing, "detail": detail})


def _place(place: dict[str, Any]) -> str | None:
    parts = [place.get(key) for key in ("city", "region", "country")]
    return ", ".join(str(part) for part in parts if part) or None


def _listed_places(job: dict[str, Any]) -> list[str]:
    places = [_place(place) for place in job.get("locations") or []
              if isinstance(place, dict) and not place.get("hidden")]
    if not places:
        places = [_place({"city": job.get("city"), "region": job.get("state"), "country": job.get("country")})]
    return [place for place in places if place]


def _detail_places(detail: dict[str, Any]) -> list[str]:
    entries = detail.get("locations") or ([detail["location"]] if isinstance(detail.get("location"), dict) else [])
    return [place for place in (_place(entry) for entry in entries if isinstance(entry, dict)) if place]


def _extra(listing: dict[str, Any]) -> dict[str, Any] | None:
    extra = {key: listing.get(key) for key in ("code", "function", "experience", "education")}
    extra = {key: value for key, value in extra.items() if value not in (None, "")}
    return extra or None
