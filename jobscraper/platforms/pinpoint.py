"""Pinpoint career sites.

To use, specify ``subdomain``: the first label of ``{subdomain}.pinpointhq.com``.

One request to ``/postings.json`` returns ``{"data": [...]}``, every open posting with its full
text, so there is no detail call. A posting has no id field of its own: its ``url`` ends in the
posting number, which is the external id. The description is ``description`` followed by the
optional sections ``key_responsibilities``, ``skills_knowledge_expertise`` and ``benefits``, each
with its own ``*_header``. No posted date is published (``deadline_at`` is a closing date, kept in
``extra_metadata``), and pay is kept only when ``compensation_visible`` is true.
"""

from __future__ import annotations

import html
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from jobscraper.items import JobItem
from jobscraper.normalise.text import unique_texts
from jobscraper.platforms.base import JobBoardSpider

# The optional sections after ``description``, as (text key, header key, header when empty).
SECTIONS = (
    ("key_responsibilities", "key_responsibilities_header", "Responsibilities"),
    ("skills_knowledge_expertise", "skills_knowledge_expertise_header", "Requirements"),
    ("benefits", "benefits_header", "Benefits"),
)


class PinpointSpider(JobBoardSpider):
    platform = "pinpoint"
    robots_txt = "ignore"  # a JSON feed that serves the job board, not a page for crawlers
    required_attributes = ("subdomain",)
    subdomain: ClassVar[str] = ""

    @property
    def listing_url(self) -> str:
        return self.endpoint(f"https://{self.subdomain}.pinpointhq.com/postings.json")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.listing_url, callback=self.parse_postings, errback=self.listing_failed)

    def parse_postings(self, response: Response) -> Iterator[JobItem]:
        for posting in self.listing_entries(response, "data"):
            yield from self.parse_posting(posting)

    def parse_posting(self, posting: dict[str, Any]) -> Iterator[JobItem]:
        url = posting.get("url")
        external_id = _posting_number(url) or _requisition_id(posting)
        if not url or not external_id:
            self.count_error("posting_without_url", f"posting {str(posting.get('title'))[:60]!r} has no url")
            return
        location = posting.get("location") if isinstance(posting.get("location"), dict) else {}
        places = unique_texts([location.get("name"), location.get("city")])
        job = posting.get("job") if isinstance(posting.get("job"), dict) else {}
        item = self.new_item(
            external_id=external_id,
            title=html.unescape(str(posting.get("title") or "")) or None,
            url=url,
            location=places[0] if places else None,
            locations=places,
            department=_name(job.get("department")),
            employment_type=posting.get("employment_type_text") or posting.get("employment_type"),
            workplace_type=posting.get("workplace_type"),
            description_html=_description(posting),
            extra_metadata=_extra(posting, job),
        )
        yield from self.emit(item, posting)


def _posting_number(url: Any) -> str | None:
    if not isinstance(url, str):
        return None
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return last or None


def _requisition_id(posting: dict[str, Any]) -> str | None:
    job = posting.get("job")
    return str(job["requisition_id"]) if isinstance(job, dict) and job.get("requisition_id") else None


def _name(value: Any) -> str | None:
    return (value.get("name") or None) if isinstance(value, dict) else None


def _description(posting: dict[str, Any]) -> str | None:
    parts = [str(posting["description"])] if str(posting.get("description") or "").strip() else []
    for key, header_key, default_header in SECTIONS:
        text = str(posting.get(key) or "").strip()
        if text:
            parts.append(f"<h2>{html.escape(str(posting.get(header_key) or default_header))}</h2>")
            parts.append(text)
    return "\n".join(parts) or None


def _extra(posting: dict[str, Any], job: dict[str, Any]) -> dict[str, Any] | None:
    extra: dict[str, Any] = {
        "requisition_id": job.get("requisition_id"),
        "division": _name(job.get("division")),
        "deadline_at": posting.get("deadline_at"),
    }
    if posting.get("compensation_visible") is True:
        extra["compensation"] = {
            key: posting.get(f"compensation_{key}")
            for key in ("minimum", "maximum", "currency", "frequency")
            if posting.get(f"compensation_{key}") not in (None, "")
        }
    extra = {key: value for key, value in extra.items() if value not in (None, "", {})}
    return extra or None
