"""Normalise: the stored form of every field, and the content hash over it."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from jobscraper.items import CONTENT_FIELDS, JobItem
from jobscraper.normalise import kinds
from jobscraper.normalise.dates import parse_datetime
from jobscraper.normalise.locations import primary_place
from jobscraper.normalise.text import clean_lines, clean_text, html_to_text, safe_json, sanitize_html, web_url

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

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalisePipeline:
        return cls(crawler)

    def process_item(self, item: JobItem) -> JobItem:
        adapter = ItemAdapter(item)
        if adapter.get("seen_only"):
            adapter["external_id"] = clean_text(adapter.get("external_id"))
            return item
        for field, limit in TEXT_FIELDS.items():
            adapter[field] = clean_text(adapter.get(field), limit)
        for field in LINK_FIELDS:
            adapter[field] = web_url(adapter.get(field))
        adapter["locations"] = [
            text for text in (clean_text(v, LOCATION_LIMIT) for v in adapter.get("locations") or []) if text
        ]
        if adapter.get("extra_metadata") is not None:
            adapter["extra_metadata"] = safe_json(adapter["extra_metadata"])
        self._description(adapter)
        self._dates(adapter)
        self._place(adapter)
        adapter["employment_type"] = kinds.employment_type(adapter.get("employment_type"))
        adapter["workplace_type"] = kinds.workplace_type(
            adapter.get("workplace_type"),
            adapter.get("remote"),
            " ; ".join([adapter.get("location") or "", *adapter["locations"]]),
        )
        adapter["content_hash"] = content_hash(adapter)
        return item

    def _description(self, adapter: ItemAdapter) -> None:
        html = sanitize_html(adapter.get("description_html"))
        adapter["description_html"] = html
        if html:
            adapter["description_text"] = html_to_text(html)
        else:
            text = adapter.get("description_text")
            adapter["description_text"] = clean_lines(str(text)) if text else None

    def _dates(self, adapter: ItemAdapter) -> None:
        for field in ("posted_at", "source_updated_at"):
            value = adapter.get(field)
            raw = adapter.get(f"{field}_raw")
            try:
                adapter[field] = parse_datetime(value if value is not None else raw)
            except ValueError:
                adapter[field] = None
                self.stats.inc_value("jobscraper/items/invalid_date")
                if field not in self.logged_bad_dates and self.logger:
                    self.logged_bad_dates.add(field)
                    self.logger.warning("unparsable %s %r (e.g. posting %s); stored without it",
                                        field, raw if value is None else value, adapter.get("external_id"))

    def _place(self, adapter: ItemAdapter) -> None:
        location = adapter.get("location")
        texts = adapter["locations"] or ([location] if location else [])
        if not location and texts:
            adapter["location"] = location = clean_text("; ".join(texts), LOCATION_LIMIT)
        place = primary_place(texts)
        if not adapter.get("city"):
            adapter["city"] = place.city
        if adapter.get("city"):
            adapter["city"] = clean_text(adapter["city"], TEXT_FIELDS["city"])
        country = clean_text(adapter.get("country"))
        adapter["country"] = country.upper() if country and len(country) == 2 else place.country


def _canonical(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def content_hash(adapter: ItemAdapter) -> str:
    payload = [_canonical(adapter.get(field)) for field in CONTENT_FIELDS]
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8", "surrogatepass")).hexdigest()
