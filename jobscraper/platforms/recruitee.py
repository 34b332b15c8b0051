"""Recruitee career sites (``{company}.recruitee.com``).

To use, specify ``company_slug``: the sub-domain of ``{company_slug}.recruitee.com``.

``/api/offers`` returns every published offer with its text (``description`` and
``requirements``, HTML) in one answer, so no detail call is made. Locations are
``locations[] {city, country}`` with a flat ``location`` string beside them; the workplace is
three booleans (``remote``, ``hybrid``, ``on_site``); ``published_at`` looks like
"2026-01-08 09:00:00 UTC". The id is ``id``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response

from jobscraper.items import JobItem
from jobscraper.normalise.dates import parse_datetime_or_none
from jobscraper.platforms.base import JobBoardSpider

EMPLOYMENT_TYPES = {"fulltime": "Full-time", "parttime": "Part-time", "freelance": "Freelance",
                    "internship": "Internship", "contract": "Contract", "temporary": "Temporary"}


class RecruiteeSpider(JobBoardSpider):
    platform = "recruitee"
    robots_txt = "ignore"  # a JSON API that serves job boards, not a page for crawlers
    required_attributes = ("company_slug",)
    company_slug: ClassVar[str] = ""

    @property
    def site_url(self) -> str:
        return f"https://{self.company_slug}.recruitee.com"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.endpoint(f"{self.site_url}/api/offers"), callback=self.parse_offers,
                             errback=self.listing_failed, headers={"Referer": f"{self.site_url}/"})

    def parse_offers(self, response: Response) -> Iterator[JobItem]:
        for offer in self.listing_entries(response, "offers"):
            yield from self.parse_offer(offer)

    def parse_offer(self, offer: dict[str, Any]) -> Iterator[JobItem]:
        places = [
            ", ".join(str(place[key]) for key in ("city", "country") if place.get(key))
            for place in offer.get("locations") or [] if isinstance(place, dict)
        ]
        places = [place for place in places if place] or ([offer["location"]] if offer.get("location") else [])
        if self.since_cutoff and not self.is_within_since(parse_datetime_or_none(offer.get("published_at"))):
            return
        item = self.new_item(
            external_id=offer.get("id"),
            title=offer.get("title"),
            url=offer.get("careers_url") or (f"{self.site_url}/o/{offer['slug']}" if offer.get("slug") else None),
            apply_url=offer.get("careers_apply_url") or None,
            location=places[0] if places else None,
            locations=places,
            department=offer.get("department") or None,
            employment_type=_employment_type(offer.get("employment_type_code")),
            workplace_type=_workplace(offer),
            remote=offer.get("remote") if isinstance(offer.get("remote"), bool) else None,
            description_html="\n".join(
                str(offer[key]) for key in ("description", "requirements") if str(offer.get(key) or "").strip()
            ) or None,
            posted_at_raw=offer.get("published_at"),
            extra_metadata=_extra(offer),
        )
        yield from self.emit(item, offer)


def _employment_type(code: Any) -> str | None:
    if not code:
        return None
    return EMPLOYMENT_TYPES.get(str(code).split("_")[0], str(code))


def _workplace(offer: dict[str, Any]) -> str | None:
    for key, label in (("remote", "Remote"), ("hybrid", "Hybrid"), ("on_site", "On-site")):
        if offer.get(key) is True:
            return label
    return None


def _extra(offer: dict[str, Any]) -> dict[str, Any] | None:
    salary = offer.get("salary") if isinstance(offer.get("salary"), dict) else {}
    extra = {
        "salary": {key: value for key, value in salary.items() if value not in (None, "")} or None,
        "tags": offer.get("tags") or None,
        "category": offer.get("category_code") or None,
    }
    extra = {key: value for key, value in extra.items() if value is not None}
    return extra or None
