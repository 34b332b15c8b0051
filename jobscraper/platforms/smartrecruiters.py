"""SmartRecruiters Posting API.

To use, specify ``company_identifier``: the case-sensitive company id of
``jobs.smartrecruiters.com/{company_identifier}`` (often with a numeric suffix, e.g. ``Wix2``).

The listing ``/v1/companies/{id}/postings`` is paged by ``offset`` up to ``totalFound``
(at most 100 a page) and is asked for one country at a time with the lower-case ``country``
filter (the API answers nothing for ``country=IL``). It carries no description: each posting
needs a detail call ``/postings/{id}`` for ``jobAd.sections``, made only for new postings or
listing rows that changed (or with ``full=1``). ``releasedDate`` is the first-published date.
"""

from __future__ import annotations

import html
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import quote, urlencode

import scrapy
from scrapy.http import Response

from jobscraper.items import JobItem
from jobscraper.normalise.dates import parse_datetime_or_none
from jobscraper.platforms.base import JobBoardSpider, extra_metadata, fingerprint

# The sections of a job ad in the order its page shows them; other sections follow.
SECTION_ORDER = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")
# The listing values whose change means the detail must be read again.
LISTED_LOCATION_KEYS = ("city", "region", "country", "remote", "hybrid", "fullLocation")
LISTED_LABELS = ("department", "function", "typeOfEmployment", "experienceLevel")


class SmartRecruitersSpider(JobBoardSpider):
    platform = "smartrecruiters"
    fetches_details = True
    robots_txt = "ignore"  # a JSON API that serves job boards, not a page for crawlers
    required_attributes = ("company_identifier",)
    company_identifier: ClassVar[str] = ""
    api_host: ClassVar[str] = "https://api.smartrecruiters.com"
    job_page_host: ClassVar[str] = "https://jobs.smartrecruiters.com"
    page_size: ClassVar[int] = 100

    @property
    def postings_url(self) -> str:
        return f"{self.api_host}/v1/companies/{quote(self.company_identifier)}/postings"

    def listing_request(self, offset: int, country: str | None) -> scrapy.Request:
        query = {"limit": self.page_size, "offset": offset}
        if country:
            query["country"] = country.lower()
        return scrapy.Request(
            self.endpoint(f"{self.postings_url}?{urlencode(query)}"),
            callback=self.parse_listing,
            errback=self.listing_failed,
            cb_kwargs={"offset": offset, "country": country},
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for country in self.countries or (None,):
            yield self.listing_request(0, country)

    def parse_listing(self, response: Response, offset: int, country: str | None) -> Iterator[Any]:
        data = self.load_json(response)
        if data is None:
            return
        content = data.get("content") if isinstance(data, dict) else None
        total = data.get("totalFound") if isinstance(data, dict) else None
        if not isinstance(content, list) or not isinstance(total, int):
            self.mark_incomplete(f"listing at {response.url} has no 'content' list or 'totalFound'")
            return
        if offset == 0:
            self.advertised(total)
        for posting in content:
            if isinstance(posting, dict):
                self.listed()
                yield from self.parse_posting(posting)
        next_offset = offset + len(content)
        if next_offset < total:
            if content:
                if self.next_page_allowed(next_offset):
                    yield self.listing_request(next_offset, country)
            else:
                self.mark_incomplete(f"listing at {response.url} is empty before totalFound={total}")

    def parse_posting(self, posting: dict[str, Any]) -> Iterator[Any]:
        external_id = posting.get("id")
        if not external_id:
            return
        external_id = str(external_id)
        location = posting.get("location") or {}
        country = str(location.get("country") or "").upper()
        if self.countries and country and country not in self.countries:
            return
        if self.since_cutoff and not self.is_within_since(parse_datetime_or_none(posting.get("releasedDate"))):
            return
        fp = fingerprint(
            posting.get("name"),
            {key: location.get(key) for key in LISTED_LOCATION_KEYS},
            posting.get("releasedDate"),
            *(_label(posting, key) for key in LISTED_LABELS),
            posting.get("refNumber"),
        )
        if not self.listing_changed(external_id, fp):
            yield self.seen_only(external_id, fp)
            return
        yield scrapy.Request(
            self.endpoint(f"{self.postings_url}/{quote(external_id)}"),
            callback=self.parse_detail,
            errback=self.detail_failed,
            cb_kwargs={"external_id": external_id, "listing_fingerprint": fp, "listing": posting},
        )

    def parse_detail(self, response: Response, external_id: str, listing_fingerprint: str,
                     listing: dict[str, Any]) -> Iterator[JobItem]:
        detail = self.load_json(response, what="detail")
        if not isinstance(detail, dict):
            yield from self.detail_unusable(external_id, response,
                                            "not JSON" if detail is None else "not a posting object")
            return
        posting = {**listing, **{key: value for key, value in detail.items() if value not in (None, "")}}
        location = posting.get("location") or {}
        place = location.get("fullLocation") or ", ".join(
            str(location[key]) for key in ("city", "region") if location.get(key)
        ) or None
        url = posting.get("postingUrl") or (
            f"{self.job_page_host}/{quote(self.company_identifier)}/{quote(external_id)}"
        )
        apply_url = posting.get("applyUrl")
        item = self.new_item(
            external_id=external_id,
            title=posting.get("name"),
            url=url,
            apply_url=apply_url if apply_url and apply_url != url else None,
            location=place,
            locations=[place] if place else [],
            places_raw=[{"text": place, "city": location.get("city"), "region": location.get("region"),
                         "country": location.get("country"), "remote": location.get("remote") is True}],
            country=str(location.get("country") or "").upper() or None,
            department=_label(posting, "department") or _label(posting, "function"),
            employment_type=_label(posting, "typeOfEmployment"),
            workplace_type=_workplace(location),
            remote=location.get("remote") if isinstance(location.get("remote"), bool) else None,
            description_html=_description(posting.get("jobAd")),
            posted_at_raw=posting.get("releasedDate"),
            extra_metadata=_extra(posting),
            listing_fingerprint=listing_fingerprint,
        )
        yield from self.emit(item, posting)


def _label(posting: dict[str, Any], key: str) -> str | None:
    value = posting.get(key)
    return (value.get("label") or None) if isinstance(value, dict) else None


def _workplace(location: dict[str, Any]) -> str | None:
    if location.get("hybrid") is True:
        return "Hybrid"
    if location.get("remote") is True:
        return "Remote"
    return None


def _description(job_ad: Any) -> str | None:
    sections = job_ad.get("sections") if isinstance(job_ad, dict) else None
    if not isinstance(sections, dict):
        return None
    rank = {key: position for position, key in enumerate(SECTION_ORDER)}
    parts = []
    for key in sorted(sections, key=lambda key: rank.get(key, len(rank))):
        section = sections[key]
        if not isinstance(section, dict) or not str(section.get("text") or "").strip():
            continue
        if section.get("title"):
            parts.append(f"<h2>{html.escape(str(section['title']))}</h2>")
        parts.append(str(section["text"]))
    return "\n".join(parts) or None


def _extra(posting: dict[str, Any]) -> dict[str, Any] | None:
    return extra_metadata(ref_number=posting.get("refNumber"), experience_level=_label(posting, "experienceLevel"),
                          function=_label(posting, "function"), compensation=posting.get("compensation"))
