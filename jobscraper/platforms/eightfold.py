"""Eightfold careers sites ("PCSX" API): Microsoft, NVIDIA and other Eightfold tenants.

To use, specify ``host``: the careers host that serves ``/api/pcsx`` (``nvidia.eightfold.ai``,
``apply.careers.microsoft.com``), and ``domain``: the company domain the API is keyed on
(``nvidia.com``).

The search (``/api/pcsx/search?domain=&query=&location=&start=&sort_by=timestamp``) answers 10
positions a page with ``data.count`` the total. Its order is not stable between requests (ties on
a day-resolution ``postedTs`` are broken differently by each replica), so one pass can repeat some
positions and miss others: positions are deduplicated by ``id`` and the search is swept again from
the start until the distinct ids reach ``data.count``, at most ``max_sweeps`` times; a shortfall
that remains marks the crawl incomplete. ``location=Israel`` also returns remote roles based
elsewhere, so the positions are filtered again on their own locations. The description is only in
``/api/pcsx/position_details`` (``data.jobDescription``), fetched per position when its listing
changed. ``postedTs`` is epoch seconds; ``workLocationOption`` is ``onsite``, ``hybrid``,
``remote_local`` or ``remote_global``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from jobscraper.items import JobItem
from jobscraper.normalise.dates import parse_datetime_or_none
from jobscraper.normalise.locations import countries_of
from jobscraper.platforms.base import GONE_STATUSES, JobBoardSpider, fingerprint

PAGE_SIZE = 10  # fixed by the API
JSON_HEADERS = {"Accept": "application/json, text/plain, */*"}


class EightfoldSpider(JobBoardSpider):
    platform = "eightfold"
    fetches_details = True
    robots_txt = "ignore"  # a JSON API that serves job boards, not a page for crawlers
    required_attributes = ("host", "domain")
    host: ClassVar[str] = ""
    domain: ClassVar[str] = ""
    location_query: ClassVar[str] = "Israel"
    max_sweeps: ClassVar[int] = 3

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen_ids: set[str] = set()
        self.total: int | None = None
        self.pages_pending = 0
        self.new_in_sweep = 0

    # --- requests --------------------------------------------------------------------------

    def search_request(self, start: int, sweep: int) -> scrapy.Request:
        query = urlencode({"domain": self.domain, "query": "", "location": self.location_query,
                           "start": start, "sort_by": "timestamp"})
        self.pages_pending += 1
        return scrapy.Request(
            self.endpoint(f"https://{self.host}/api/pcsx/search?{query}"),
            headers=JSON_HEADERS, callback=self.parse_search, errback=self.listing_failed,
            cb_kwargs={"start": start, "sweep": sweep}, dont_filter=sweep > 1,
        )

    def detail_request(self, position: dict[str, Any], listing_fingerprint: str) -> scrapy.Request:
        query = urlencode({"position_id": position["id"], "domain": self.domain, "hl": "en"})
        return scrapy.Request(
            self.endpoint(f"https://{self.host}/api/pcsx/position_details?{query}"),
            headers=JSON_HEADERS, callback=self.parse_detail, errback=self.detail_failed,
            cb_kwargs={"external_id": str(position["id"]), "position": position,
                       "listing_fingerprint": listing_fingerprint},
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.search_request(0, sweep=1)

    # --- the search, swept until every position was seen ------------------------------------

    def parse_search(self, response: Response, start: int, sweep: int) -> Iterator[JobItem | scrapy.Request]:
        # The page is read whole before anything is yielded: pages answered together must not
        # interleave their counts, or a sweep could end before a page's positions are counted.
        output = list(self.read_search_page(response, start, sweep))
        self.pages_pending -= 1
        if self.pages_pending == 0:
            output += self.sweep_finished(sweep)
        yield from output

    def read_search_page(self, response: Response, start: int, sweep: int) -> Iterator[JobItem | scrapy.Request]:
        payload = self.load_json(response)
        data = payload.get("data") if isinstance(payload, dict) else None
        positions = data.get("positions") if isinstance(data, dict) else None
        if payload is not None and not isinstance(positions, list):
            error = payload.get("error") if isinstance(payload, dict) else None
            message = error.get("message") if isinstance(error, dict) else error
            self.mark_incomplete(f"search at {response.url} has no 'data.positions' list"
                                 + (f": {str(message)[:120]}" if message else ""))
            return
        if positions is None:
            return
        if isinstance(data.get("count"), int):
            self.total = data["count"]
            self.advertised(self.total)
        if start == 0:
            for page_start in range(PAGE_SIZE, self.total or 0, PAGE_SIZE):
                yield self.search_request(page_start, sweep)
        for position in positions:
            if isinstance(position, dict):
                yield from self.parse_position(position)

    def listing_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        yield from super().listing_failed(failure) or ()
        self.pages_pending -= 1
        if self.pages_pending == 0:
            yield from list(self.sweep_finished(failure.request.cb_kwargs["sweep"]))

    def sweep_finished(self, sweep: int) -> Iterator[scrapy.Request]:
        found, total = len(self.seen_ids), self.total
        if total is None or found >= total:
            return
        if sweep >= self.max_sweeps or (sweep > 1 and self.new_in_sweep == 0):
            self.mark_incomplete(
                f"search at {self.host} gave {found} distinct positions of the {total} it counts "
                f"after {sweep} sweep(s)"
            )
            return
        self.logger.info("sweep %d saw %d of %d positions; sweeping again", sweep, found, total)
        self.new_in_sweep = 0
        yield self.search_request(0, sweep + 1)

    def parse_position(self, position: dict[str, Any]) -> Iterator[JobItem | scrapy.Request]:
        if position.get("id") in (None, ""):
            return
        external_id = str(position["id"])
        if external_id in self.seen_ids:
            return
        self.seen_ids.add(external_id)
        self.listed()
        self.new_in_sweep += 1
        if not self.in_wanted_countries(position):
            return
        if self.since_cutoff and not self.is_within_since(parse_datetime_or_none(position.get("postedTs"))):
            return
        listing_fingerprint = fingerprint(
            position.get("name"), position.get("locations"), position.get("standardizedLocations"),
            position.get("postedTs"), position.get("department"), position.get("workLocationOption"),
        )
        if self.detail_needed(external_id, listing_fingerprint):
            yield self.detail_request(position, listing_fingerprint)
        else:
            yield self.seen_only(external_id, listing_fingerprint)

    def in_wanted_countries(self, position: dict[str, Any]) -> bool:
        """The search's location match also returns remote roles based elsewhere."""
        if self.countries is None:
            return True
        texts = [str(text) for key in ("locations", "standardizedLocations")
                 for text in position.get(key) or [] if text]
        found = countries_of(texts)
        return not found or bool(found & set(self.countries))

    # --- the detail --------------------------------------------------------------------------

    def parse_detail(self, response: Response, external_id: str, position: dict[str, Any],
                     listing_fingerprint: str) -> Iterator[JobItem]:
        payload = self.load_json(response, what="detail")
        if payload is None:
            yield from self.detail_unusable(external_id, response)
            return
        if isinstance(payload, dict) and payload.get("status") in GONE_STATUSES:
            self.gone_external_ids.add(external_id)
            self.logger.info("posting %s is gone (%s in the payload)", external_id, payload["status"])
            return
        detail = payload.get("data") if isinstance(payload, dict) else None
        if not isinstance(detail, dict):
            yield from self.detail_unusable(external_id, response, "without a 'data' object")
            return
        merged = {**position, **{k: v for k, v in detail.items() if v not in (None, "", [])}}
        locations = [str(text) for text in merged.get("locations") or merged.get("standardizedLocations") or []]
        item = self.new_item(
            external_id=external_id,
            title=merged.get("name"),
            url=self.position_url(merged),
            location=self.primary_location(locations),
            locations=locations,
            department=merged.get("department"),
            workplace_type=merged.get("workLocationOption"),
            description_html=detail.get("jobDescription"),
            posted_at_raw=merged.get("postedTs"),
            extra_metadata=_extra(merged),
            listing_fingerprint=listing_fingerprint,
        )
        yield from self.emit(item, merged)

    def primary_location(self, locations: list[str]) -> str | None:
        """The first location in one of the spider's countries, else the first."""
        wanted = [text for text in locations if self.countries and countries_of([text]) & set(self.countries)]
        return (wanted or locations or [None])[0]

    def position_url(self, position: dict[str, Any]) -> str:
        path = position.get("canonicalPositionUrl") or position.get("positionUrl")
        if isinstance(path, str) and path.startswith("http"):
            return path
        if isinstance(path, str) and path.startswith("/"):
            return f"https://{self.host}{path}"
        return f"https://{self.host}/careers/job/{position.get('id')}"


def _extra(position: dict[str, Any]) -> dict[str, Any] | None:
    requisition = position.get("atsJobId") or position.get("displayJobId")
    return {"requisition_id": str(requisition)} if requisition not in (None, "") else None
