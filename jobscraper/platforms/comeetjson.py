"""Comeet positions re-served as a JSON file from a company's own site (Lumen, Cyolo).

To use, specify ``positions_url``: the file's full URL (e.g. ``https://www.lumen.me/careers.json``);
optionally ``job_url_template``, the company's job page with ``{uid}`` in it, when the site shows
its jobs under its own URLs.

The file holds Comeet position objects (``uid``, ``name``, ``location``, ``details``, …) in one of
three wrappings, all accepted: a bare list, ``{"positions": [...]}``, or a list of groups each
with its own ``positions`` list. Positions are read exactly as the Comeet base reads them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response

from jobscraper.items import JobItem
from jobscraper.platforms.comeet import ComeetSpider


class ComeetJsonSpider(ComeetSpider):
    platform = "comeet_json"
    robots_txt = "obey"  # a file on the company's own website
    required_attributes = ("positions_url",)
    positions_url: ClassVar[str] = ""
    job_url_template: ClassVar[str | None] = None

    @classmethod
    def check_configuration(cls) -> None:
        # The company site serves the positions itself: no Comeet uid, token or hosted page.
        super(ComeetSpider, cls).check_configuration()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.endpoint(self.positions_url), callback=self.parse_file,
                             errback=self.listing_failed)

    def parse_file(self, response: Response) -> Iterator[JobItem]:
        data = self.load_json(response)
        if data is None:
            return
        positions = unwrap_positions(data)
        if positions is None:
            self.mark_incomplete(f"listing at {response.url} holds no list of positions: {str(data)[:120]}")
            return
        yield from self.parse_positions(positions)

    def parse_position(self, position: dict[str, Any]) -> Iterator[JobItem]:
        if self.job_url_template:
            position = {**position, "url_active_page": self.job_url_template.format(uid=position["uid"])}
        yield from super().parse_position(position)


def unwrap_positions(data: Any) -> list[Any] | None:
    """The positions of a bare list, a ``{"positions": [...]}`` object, or a list of such groups."""
    if isinstance(data, dict):
        return data["positions"] if isinstance(data.get("positions"), list) else None
    if not isinstance(data, list):
        return None
    if data and all(isinstance(entry, dict) and isinstance(entry.get("positions"), list) for entry in data):
        return [position for group in data for position in group["positions"]]
    return data
