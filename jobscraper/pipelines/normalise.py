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
from jobscraper.normalise.locations import resolve
from jobscraper.normalise.salary import from_item_metadata
from jobscraper.normalise.text import clean_lines, clean_text, html_to_text, sanitize_html

TEXT_FIELDS = ("external_id", "title", "url", "apply_url", "location", "city", "department")


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

    def process_item(self, item: JobItem) -> JobItem:
        adapter = ItemAdapter(item)
        if adapter.get("seen_only"):
            adapter["external_id"] = clean_text(adapter.get("external_id"))
            return item
        for field in TEXT_FIELDS:
            adapter[field] = clean_text(adapter.get(field))
        adapter["locations"] = [
            text for text in (clean_text(v) for v in adapter.get("locations") or []) if text
        ]
        self._description(adapter)
        self._dates(adapter)
        remote_only = self._place(adapter)
        adapter["employment_type"] = kinds.employment_type(adapter.get("employment_type"))
        adapter["workplace_type"] = kinds.workplace_type(
            adapter.get("workplace_type"),
            True if remote_only else adapter.get("remote"),
            " ; ".join([adapter.get("location") or "", *adapter["locations"],
                        *(str(raw.get("text") or "") for raw in adapter.get("places_raw") or [])]),
        )
        self._salary(adapter)
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

    def _place(self, adapter: ItemAdapter) -> bool:
        """Every location field of the source, structured ones first, to one resolver; whether
        every place it found is a remote one ("Remote", "Anywhere in the World")."""
        location = adapter.get("location")
        texts = adapter["locations"] or ([location] if location else [])
        if not location and texts:
            adapter["location"] = location = "; ".join(texts)
        raw = [entry for entry in adapter.get("places_raw") or [] if isinstance(entry, dict)]
        city, country = clean_text(adapter.get("city")), clean_text(adapter.get("country"))
        if (city or country) and not raw:
            raw.append({"city": city, "country": country, "text": location})
        resolution = resolve([*raw, *texts], prefer=self.preferred_country)
        adapter["city"] = resolution.primary.city
        adapter["country"] = resolution.primary.country
        adapter["region"] = resolution.primary.region
        adapter["places"] = [place.as_dict() for place in resolution.places] or None
        return resolution.remote_only

    def _salary(self, adapter: ItemAdapter) -> None:
        salary = from_item_metadata(adapter.get("extra_metadata"), adapter.get("description_text"))
        adapter["salary_min"] = salary.minimum if salary else None
        adapter["salary_max"] = salary.maximum if salary else None
        adapter["salary_currency"] = salary.currency if salary else None
        adapter["salary_period"] = salary.period if salary else None


def _canonical(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def content_hash(adapter: ItemAdapter) -> str:
    payload = [_canonical(adapter.get(field)) for field in CONTENT_FIELDS]
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
