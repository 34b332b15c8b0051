"""Comeet careers: the careers API, or the hosted careers page when no token is known.

To use, specify ``company_uid`` (like ``41.00B``) and either ``token``, the public token the
company's careers widget uses with the careers API, or ``hosted_slug``, the slug of the hosted
careers page ``www.comeet.com/jobs/{hosted_slug}/{company_uid}``.

With a token, one request to ``www.comeet.co/careers-api/2.0/company/{uid}/positions`` with
``details=true`` returns every position as a JSON array. Without one, the hosted page embeds the
same positions as JSON after ``COMPANY_POSITIONS_DATA =``; there the description sections sit in
``custom_fields.details`` rather than ``details``. Positions carry an ISO-2 ``location.country``
(used to keep the spider's countries) and ``time_updated`` but no posted date.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import quote, urlencode

import scrapy
from scrapy.http import Response, TextResponse

from jobscraper.items import JobItem
from jobscraper.normalise.text import unique_texts
from jobscraper.platforms.base import JobBoardSpider, SpiderConfigurationError, extra_metadata

POSITIONS_MARK = re.compile(r"\bCOMPANY_POSITIONS_DATA\s*=\s*")
# A page script may leave a JavaScript ``undefined`` where JSON wants ``null``.
UNDEFINED_VALUE = re.compile(r"(?<=[:\[,])(\s*)undefined\b")


class ComeetSpider(JobBoardSpider):
    platform = "comeet"
    fingerprints_entries = True
    required_attributes = ("company_uid",)
    company_uid: ClassVar[str] = ""
    token: ClassVar[str | None] = None
    hosted_slug: ClassVar[str | None] = None
    api_host: ClassVar[str] = "https://www.comeet.co"
    hosted_host: ClassVar[str] = "https://www.comeet.com"

    @classmethod
    def check_configuration(cls) -> None:
        super().check_configuration()
        if not cls.token and not cls.hosted_slug:
            raise SpiderConfigurationError(f"spider {cls.__name__} must set token or hosted_slug")

    @property
    def listing_url(self) -> str:
        uid = quote(self.company_uid)
        if self.token:
            query = urlencode({"token": self.token, "details": "true"})
            return self.endpoint(f"{self.api_host}/careers-api/2.0/company/{uid}/positions?{query}")
        return self.endpoint(f"{self.hosted_host}/jobs/{quote(self.hosted_slug or '')}/{uid}")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        callback = self.parse_api if self.token else self.parse_hosted_page
        yield scrapy.Request(self.listing_url, callback=callback, errback=self.listing_failed)

    def parse_api(self, response: Response) -> Iterator[JobItem]:
        data = self.load_json(response)
        if data is None:
            return
        if isinstance(data, dict) and isinstance(data.get("positions"), list):
            data = data["positions"]
        if not isinstance(data, list):
            self.mark_incomplete(f"listing at {response.url} is not a list of positions: {str(data)[:120]}")
            return
        yield from self.parse_positions(data)

    def parse_hosted_page(self, response: Response) -> Iterator[JobItem]:
        page = response.text if isinstance(response, TextResponse) else ""
        positions = embedded_positions(page)
        if positions is None:
            self.mark_incomplete(f"careers page {response.url} embeds no COMPANY_POSITIONS_DATA list")
            return
        yield from self.parse_positions(positions)

    def parse_positions(self, positions: list[Any]) -> Iterator[JobItem]:
        for position in positions:
            if isinstance(position, dict) and position.get("uid"):
                yield from self.parse_position(position)

    def parse_position(self, position: dict[str, Any]) -> Iterator[JobItem]:
        location = position.get("location") if isinstance(position.get("location"), dict) else {}
        country = str(location.get("country") or "").upper() or None
        if self.countries and country and country not in self.countries:
            return
        if self.outside_since(position.get("time_updated")):
            return
        listing_fingerprint, seen = self.unchanged_entry(position["uid"], position)
        if seen:
            yield seen
            return
        places = unique_texts([location.get("name"), location.get("city")])
        hosted_url = position.get("url_comeet_hosted_page")
        url = position.get("url_active_page") or hosted_url
        item = self.new_item(
            external_id=position["uid"],
            title=position.get("name"),
            url=url,
            apply_url=hosted_url if hosted_url and hosted_url != url else None,
            location=places[0] if places else None,
            locations=places,
            places_raw=[{"text": location.get("name"), "city": location.get("city"), "region": location.get("state"),
                         "country": country, "remote": location.get("is_remote") is True}],
            country=country,
            department=position.get("department"),
            employment_type=position.get("employment_type"),
            workplace_type=position.get("workplace_type"),
            remote=location.get("is_remote") if isinstance(location.get("is_remote"), bool) else None,
            description_html=_description(position),
            source_updated_at_raw=position.get("time_updated"),
            extra_metadata=_extra(position),
            listing_fingerprint=listing_fingerprint,
        )
        yield from self.emit(item, position)


def embedded_positions(page: str) -> list[Any] | None:
    """The JSON list a hosted careers page assigns to ``COMPANY_POSITIONS_DATA``, or None."""
    decoder = json.JSONDecoder()
    for mark in POSITIONS_MARK.finditer(page):
        tail = page[mark.end():]
        for candidate in (tail, UNDEFINED_VALUE.sub(r"\1null", tail)):
            try:
                value, _ = decoder.raw_decode(candidate)
            except ValueError:
                continue
            if isinstance(value, list):
                return value
    return None


def _description(position: dict[str, Any]) -> str | None:
    details = position.get("details")
    if not isinstance(details, list):
        custom_fields = position.get("custom_fields")
        details = custom_fields.get("details") if isinstance(custom_fields, dict) else None
    if not isinstance(details, list):
        return None
    sections = [entry for entry in details if isinstance(entry, dict) and str(entry.get("value") or "").strip()]
    sections.sort(key=lambda entry: entry["order"] if isinstance(entry.get("order"), (int, float)) else 0)
    parts = []
    for section in sections:
        if section.get("name"):
            parts.append(f"<h2>{html.escape(str(section['name']))}</h2>")
        parts.append(str(section["value"]))
    return "\n".join(parts) or None


def _extra(position: dict[str, Any]) -> dict[str, Any] | None:
    categories = {
        str(entry["name"]): entry.get("value")
        for entry in position.get("categories") or []
        if isinstance(entry, dict) and entry.get("name") and entry.get("value") not in (None, "")
    }
    return extra_metadata(internal_use_custom_id=position.get("internal_use_custom_id"),
                          experience_level=position.get("experience_level"), categories=categories)
