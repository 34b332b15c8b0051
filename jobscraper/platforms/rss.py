"""Job feeds in RSS 2.0 or Atom.

To use, specify ``feed_url``: the feed's address.

One request reads the whole feed. Each RSS ``<item>`` (or Atom ``<entry>``) is a posting: the
id is the ``guid`` (Atom ``id``), else the ``link``; ``content:encoded`` or ``description``
(Atom ``content`` or ``summary``) is the HTML description; ``pubDate`` (Atom ``published``) the
posted date and ``updated`` the source's update time; ``category`` elements name the department;
``location`` elements, where the feed has them, the locations. Elements are matched by local
name, so namespaced extensions (``job:location``, ``a10:updated``) are read too.

Knobs for feeds that pack more into these fields:

- ``id_pattern``: a regular expression searched in the guid, then in the link; its first group
  that matched is the id (a numeric requisition id inside a URL, say).
- ``title_pattern``: a regular expression with named groups ``title`` and ``location`` for
  feeds whose titles carry the location ("Engineer - (Tel Aviv, Israel)").

``TALENTBREW_ID`` and ``TALENTBREW_TITLE`` are these for TalentBrew (Radancy) careers sites.

A feed that is not well-formed XML, or is neither RSS nor Atom, marks the crawl incomplete.
"""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar

import scrapy
from lxml import etree
from scrapy.http import Response

from jobscraper.items import JobItem
from jobscraper.platforms.base import JobBoardSpider

# TalentBrew (Radancy) careers-site feeds: guid "{job id}-{location}-{category}", link
# ".../job/{city}/{slug}/{org id}/{job id}", title "{title} - ({location})".
TALENTBREW_ID = r"^(\d+)(?:-|$)|/(\d+)/?(?:[?#].*)?$"
TALENTBREW_TITLE = r"^(?P<title>.*\S)\s+-\s+\((?P<location>[^()]*)\)\s*$"


class RssFeedSpider(JobBoardSpider):
    platform = "rss"
    fingerprints_entries = True
    required_attributes = ("feed_url",)
    feed_url: ClassVar[str] = ""
    id_pattern: ClassVar[str | None] = None
    title_pattern: ClassVar[str | None] = None
    location_elements: ClassVar[tuple[str, ...]] = ("location",)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.endpoint(self.feed_url), callback=self.parse_feed, errback=self.listing_failed)

    def parse_feed(self, response: Response) -> Iterator[JobItem | dict[str, Any]]:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        try:
            root = etree.fromstring(response.body, parser=parser)
        except etree.XMLSyntaxError as exc:
            self.mark_incomplete(f"feed at {response.url} is not well-formed XML: {str(exc)[:120]}")
            return
        kind = _local(root)
        if kind == "rss" or kind == "RDF":
            entries = [el for el in root.iter() if _local(el) == "item"]
            parse_entry = self.parse_rss_item
        elif kind == "feed":
            entries = [el for el in root if _local(el) == "entry"]
            parse_entry = self.parse_atom_entry
        else:
            self.mark_incomplete(f"feed at {response.url} is neither RSS nor Atom (root <{kind}>)")
            return
        for entry in entries:
            item = parse_entry(entry)
            if self.outside_since(item.get("posted_at_raw"), item.get("source_updated_at_raw")):
                continue
            item["listing_fingerprint"], seen = self.unchanged_entry(item.get("external_id"),
                                                                     etree.tostring(entry))
            if seen:
                yield seen
                continue
            yield from self.emit(item, entry)

    def parse_rss_item(self, entry: etree._Element) -> JobItem:
        links = [_text(el) or el.get("href") for el in _children(entry, "link")]
        return self._item(
            guid=_text(_child(entry, "guid")),
            link=next((link for link in links if link), None),
            raw_title=_text(_child(entry, "title")),
            description_html=_text(_child(entry, "encoded")) or _text(_child(entry, "description")),
            categories=[_text(el) for el in _children(entry, "category", "subject")],
            posted=_text(_child(entry, "pubDate", "date", "published")),
            updated=_text(_child(entry, "updated", "modified")),
            entry=entry,
        )

    def parse_atom_entry(self, entry: etree._Element) -> JobItem:
        links = [el for el in _children(entry, "link") if el.get("rel", "alternate") == "alternate"]
        return self._item(
            guid=_text(_child(entry, "id")),
            link=links[0].get("href") if links else None,
            raw_title=_atom_text(_child(entry, "title"), as_html=False),
            description_html=(_atom_text(_child(entry, "content"), as_html=True)
                              or _atom_text(_child(entry, "summary"), as_html=True)),
            categories=[el.get("label") or el.get("term") for el in _children(entry, "category")],
            posted=_text(_child(entry, "published")),
            updated=_text(_child(entry, "updated")),
            entry=entry,
        )

    def _item(self, *, guid: str | None, link: str | None, raw_title: str | None,
              description_html: str | None, categories: list[str | None], posted: str | None,
              updated: str | None, entry: etree._Element) -> JobItem:
        title, title_location = self.split_title(raw_title)
        locations = [loc for loc in (_text(el) for el in _children(entry, *self.location_elements)) if loc]
        if title_location and title_location not in locations:
            locations.insert(0, title_location)
        return self.new_item(
            external_id=self.external_id(guid, link),
            title=title,
            url=link or (guid if guid and guid.startswith(("http://", "https://")) else None),
            location=locations[0] if locations else None,
            locations=locations,
            employment_type=_text(_child(entry, "type", "jobType", "employmentType")),
            department=", ".join(dict.fromkeys(c.strip() for c in categories if c and c.strip())) or None,
            description_html=description_html,
            posted_at_raw=posted,
            source_updated_at_raw=updated,
        )

    def external_id(self, guid: str | None, link: str | None) -> str | None:
        if self.id_pattern:
            for value in (guid, link):
                match = re.search(self.id_pattern, value or "")
                if match:
                    found = next((group for group in match.groups() if group), None)
                    if found:
                        return found
        return guid or link

    def split_title(self, raw_title: str | None) -> tuple[str | None, str | None]:
        if raw_title and self.title_pattern:
            match = re.match(self.title_pattern, raw_title)
            if match:
                return match.group("title").strip(), match.group("location").strip() or None
        return raw_title, None


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element, *names: str) -> list[etree._Element]:
    return [child for child in element if _local(child) in names]


def _child(element: etree._Element, *names: str) -> etree._Element | None:
    for name in names:  # in order of preference
        for child in element:
            if _local(child) == name:
                return child
    return None


def _text(element: etree._Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    text = element.text.strip()
    return text or None


def _atom_text(element: etree._Element | None, as_html: bool) -> str | None:
    """An Atom text construct (type text, html or xhtml) as plain text or as HTML."""
    if element is None:
        return None
    kind = element.get("type", "text")
    if kind == "xhtml":
        # The content sits inside one xhtml <div> that is not part of it.
        container = element[0] if len(element) == 1 and _local(element[0]) == "div" else element
        markup = html.escape(container.text or "") + "".join(
            etree.tostring(child, encoding="unicode", with_tail=True) for child in container
        )
        markup = re.sub(r"\sxmlns(:\w+)?=\"[^\"]*\"", "", markup).strip()
        return markup if as_html else (_text(element) or re.sub(r"<[^>]+>", "", markup).strip() or None)
    text = _text(element)
    if text is None:
        return None
    if as_html and kind != "html":
        return f"<p>{html.escape(text)}</p>"
    if not as_html and kind == "html":
        return html.unescape(re.sub(r"<[^>]+>", "", text)).strip() or None
    return text
