"""Normalise: the stored form of every field, and the content hash over it.

Items are read and written as mappings (``JobItem`` or a plain dict): no adapter per field. A
``seen_only`` item (its listing is the stored one) has nothing but an id to clean. As the first
pipeline, it is also where an item waits for the next turn of the reactor when the present
one has run long (``jobscraper.turns``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, MutableMapping
from typing import Any

from scrapy.crawler import Crawler

from jobscraper.gil import fed
from jobscraper.items import CONTENT_FIELDS
from jobscraper.middlewares.seen_listings import entries_of
from jobscraper.normalise import kinds
from jobscraper.normalise.dates import parse_datetime
from jobscraper.normalise.locations import resolve
from jobscraper.normalise.salary import from_item_metadata
from jobscraper.normalise.text import clean_lines, clean_text, html_to_text, safe_json, sanitize_html, web_url
from jobscraper.turns import REACTOR

# Each text field and the length it is cut at (None: never cut). An external id is never cut:
# one too long for the database makes the posting invalid (the validate pipeline).
TEXT_FIELDS: dict[str, int | None] = {
    "external_id": None, "title": 500, "location": 500, "city": 200, "department": 200,
}
LINK_FIELDS = ("url", "apply_url")
LOCATION_LIMIT = 500


class NormalisePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.logger = crawler.spider.logger if crawler.spider else None
        self.logged_bad_dates: set[str] = set()
        wanted = getattr(crawler.spider, "countries", None) if crawler.spider else None
        self.preferred_country = wanted[0] if wanted else "IL"

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalisePipeline:
        return cls(crawler)

    def process_item(self, item: MutableMapping[str, Any]) -> Any:
        if REACTOR.due():
            return self._in_next_turn(item)
        return self._normalise(item)

    async def _in_next_turn(self, item: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        await REACTOR.next_turn()
        return self._normalise(item)

    def _normalise(self, item: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        if item.get("seen_only"):
            for entry in entries_of(item) or (item,):
                entry["external_id"] = clean_text(entry.get("external_id"))
            return item
        # Read and written as a plain dict from here on: a JobItem's every get and set is a
        # Python call, and a posting is read and written some ninety times on its way.
        item = item if type(item) is dict else dict(item)
        for field, limit in TEXT_FIELDS.items():
            item[field] = clean_text(item.get(field), limit)
        for field in LINK_FIELDS:
            item[field] = web_url(item.get(field))
        item["locations"] = [
            text for text in (clean_text(v, LOCATION_LIMIT) for v in item.get("locations") or []) if text
        ]
        if item.get("extra_metadata") is not None:
            item["extra_metadata"] = safe_json(item["extra_metadata"])
        self._description(item)
        self._dates(item)
        remote_only = self._place(item)
        item["employment_type"] = kinds.employment_type(item.get("employment_type"))
        item["workplace_type"] = kinds.workplace_type(
            item.get("workplace_type"),
            True if remote_only else item.get("remote"),
            " ; ".join([item.get("location") or "", *item["locations"],
                        *(str(raw.get("text") or "") for raw in item.get("places_raw") or [])]),
        )
        self._salary(item)
        item["content_hash"] = content_hash(item)
        return item

    def _description(self, item: MutableMapping[str, Any]) -> None:
        html = sanitize_html(item.get("description_html"))
        item["description_html"] = html
        if html:
            item["description_text"] = html_to_text(html)
        else:
            text = item.get("description_text")
            item["description_text"] = clean_lines(str(text)) if text else None

    def _dates(self, item: MutableMapping[str, Any]) -> None:
        for field in ("posted_at", "source_updated_at"):
            value = item.get(field)
            raw = item.get(f"{field}_raw")
            try:
                item[field] = parse_datetime(value if value is not None else raw)
            except ValueError:
                item[field] = None
                self.stats.inc_value("jobscraper/items/invalid_date")
                if field not in self.logged_bad_dates and self.logger:
                    self.logged_bad_dates.add(field)
                    self.logger.warning("unparsable %s %r (e.g. posting %s); stored without it",
                                        field, raw if value is None else value, item.get("external_id"))

    def _place(self, item: MutableMapping[str, Any]) -> bool:
        """Every location field of the source, structured ones first, to one resolver; whether
        every place it found is a remote one ("Remote", "Anywhere in the World")."""
        location = item.get("location")
        texts = item["locations"] or ([location] if location else [])
        if not location and texts:
            item["location"] = location = clean_text("; ".join(texts), LOCATION_LIMIT)
        raw = [entry for entry in item.get("places_raw") or [] if isinstance(entry, dict)]
        city, country = clean_text(item.get("city")), clean_text(item.get("country"))
        if (city or country) and not raw:
            raw.append({"city": city, "country": country, "text": location})
        resolution = resolve([*raw, *texts], prefer=self.preferred_country)
        item["city"] = clean_text(resolution.primary.city, TEXT_FIELDS["city"])
        item["country"] = resolution.primary.country
        item["region"] = resolution.primary.region
        item["places"] = [place.as_dict() for place in resolution.places] or None
        return resolution.remote_only

    def _salary(self, item: MutableMapping[str, Any]) -> None:
        salary = from_item_metadata(item.get("extra_metadata"), item.get("description_text"))
        item["salary_min"] = salary.minimum if salary else None
        item["salary_max"] = salary.maximum if salary else None
        item["salary_currency"] = salary.currency if salary else None
        item["salary_period"] = salary.period if salary else None


def _canonical(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def content_hash(item: Mapping[str, Any]) -> str:
    payload = [_canonical(item.get(field)) for field in CONTENT_FIELDS]
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return fed(hashlib.sha256(), encoded.encode("utf-8", "surrogatepass")).hexdigest()
