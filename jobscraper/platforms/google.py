"""Google careers (www.google.com/about/careers/applications).

To use, specify ``name`` and ``company``; ``search_location`` is the careers site's
``location=`` filter ("Israel" by default).

There is no public JSON API. Each results page (20 per page, ``page=N``) is server-rendered HTML
that embeds ``AF_initDataCallback({key: 'ds:1', hash: '…', data: [...], sideChannel: {}})``.
``data`` is ``[jobs, null, total, page_size]`` and every job is a positional array with no field
names: 0 id, 1 title, 3 ``[null, responsibilities_html]``, 4 ``[null, qualifications_html]``,
7 brand ("Google", "YouTube"), 9 locations ``[[display, [addresses], city, zip, state, country]]``,
10 ``[null, about_the_job_html]``, 12 and 13 ``[seconds, nanos]`` (12 = created, the posted date).
The layout can move without notice, so every field is read through a bounds-checked accessor and
a page without the ``ds:1`` block is a markup change that marks the crawl incomplete. The total
drifts during a walk, so paging stops on a short page, not on the total.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from jobscraper.items import JobItem
from jobscraper.normalise.dates import parse_datetime
from jobscraper.platforms.base import JobBoardSpider

# The ds:1 callback's opening up to its ``data:`` value; older pages wrap the value in
# ``function(){return …}``.
_DS1 = re.compile(
    r"AF_initDataCallback\(\s*\{[^{}]*?\bkey\s*:\s*(['\"])ds:1\1[^{}]*?\bdata\s*:\s*"
    r"(?:function\s*\(\s*\)\s*\{\s*return\s+)?",
    re.S,
)


class GoogleCareersSpider(JobBoardSpider):
    platform = "google"
    host: ClassVar[str] = "https://www.google.com"
    search_location: ClassVar[str] = "Israel"
    page_size: ClassVar[int] = 20

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen_ids: set[str] = set()

    def page_url(self, page: int) -> str:
        # The first page has no page parameter: google.com/robots.txt disallows "?*&page=".
        query = urlencode({"hl": "en_US", "location": self.search_location, **({"page": page} if page > 1 else {})})
        return self.endpoint(f"{self.host}/about/careers/applications/jobs/results/?{query}")

    def job_url(self, job_id: str) -> str:
        return f"{self.host}/about/careers/applications/jobs/results/{job_id}"

    def page_request(self, page: int) -> scrapy.Request:
        return scrapy.Request(self.page_url(page), callback=self.parse_page, errback=self.listing_failed,
                              cb_kwargs={"page": page})

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.page_request(1)

    def parse_page(self, response: Response, page: int) -> Iterator[JobItem | scrapy.Request]:
        try:
            data = ds1_data(response.text)
        except (AttributeError, ValueError, OverflowError) as exc:
            self.mark_incomplete(f"results page {page} at {response.url}: ds:1 data unreadable: {exc}")
            return
        if data is None:
            self.mark_incomplete(f"results page {page} at {response.url} has no ds:1 block (markup changed?)")
            return
        jobs = at(data, 0)
        if isinstance(data, list) and jobs is None:
            jobs = []  # an empty page (no results, or past the end)
        if not isinstance(jobs, list):
            self.mark_incomplete(f"results page {page} at {response.url}: ds:1 is not [jobs, …]")
            return
        for job in jobs:
            if isinstance(job, list):
                yield from self.parse_job(job)
            else:
                self.count_error("listing_row_unreadable", f"results page {page}: job row {job!r:.80}")
        if len(jobs) < self.page_size:
            return
        if self.next_page_allowed(len(self.seen_ids)):
            yield self.page_request(page + 1)

    def parse_job(self, job: list[Any]) -> Iterator[JobItem]:
        job_id = text_at(job, 0)
        if job_id is None or job_id in self.seen_ids:
            return
        self.seen_ids.add(job_id)
        created, updated = timestamp(at(job, 12)), timestamp(at(job, 13))
        if self.since_cutoff and not self.is_within_since(_moment(created), _moment(updated)):
            return
        places = [place for place in at(job, 9) or [] if isinstance(place, list)]
        locations = [text for place in places if (text := text_at(place, 0))]
        brand = text_at(job, 7)
        item = self.new_item(
            external_id=job_id,
            title=text_at(job, 1),
            url=self.job_url(job_id),
            location=locations[0] if locations else None,
            locations=locations,
            places_raw=[{"text": text_at(place, 0), "city": text_at(place, 2), "region": text_at(place, 4),
                         "country": text_at(place, 5)} for place in places],
            country=self.source_country(places),
            description_html=description_html(job),
            posted_at_raw=created,
            source_updated_at_raw=updated,
            extra_metadata={"brand": brand} if brand else None,
        )
        yield from self.emit(item, job)

    def source_country(self, places: list[list[Any]]) -> str | None:
        """The source's country code of the first wanted location, else of the first location."""
        codes = [code.upper() for place in places if (code := text_at(place, 5)) and len(code) == 2]
        wanted = [code for code in codes if self.countries and code in self.countries]
        return (wanted or codes or [None])[0]


def at(value: Any, *indexes: int) -> Any:
    """``value[i][j]…`` through nested positional arrays, or None where an index is missing."""
    for index in indexes:
        if not isinstance(value, list) or not 0 <= index < len(value):
            return None
        value = value[index]
    return value


def text_at(value: Any, *indexes: int) -> str | None:
    found = at(value, *indexes)
    if isinstance(found, int) and not isinstance(found, bool):
        found = str(found)
    if not isinstance(found, str):
        return None
    return found.strip() or None


def timestamp(value: Any) -> list[int | float] | None:
    """A ``[seconds, nanos]`` field, or None when the position holds something else."""
    if isinstance(value, list) and value and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        return value
    return None


def description_html(job: list[Any]) -> str | None:
    """The sections in the job page's order: qualifications (with their own headings), about, responsibilities."""
    sections = [
        ("", text_at(job, 4, 1)),
        ("<h3>About the job</h3>", text_at(job, 10, 1)),
        ("<h3>Responsibilities</h3>", text_at(job, 3, 1)),
    ]
    return "".join(heading + body for heading, body in sections if body) or None


def _moment(value: list[int | float] | None):
    try:
        return parse_datetime(value)
    except (ValueError, OverflowError, OSError):
        return None


def ds1_data(page: str) -> Any | None:
    """The ``data`` value of the page's ``ds:1`` callback; None when the page has no such block.

    Raises ValueError when the block is there but its value does not parse.
    """
    match = _DS1.search(page)
    if match is None:
        return None
    return js_value(page, match.end())


# --- JavaScript literal -> Python ---------------------------------------------------------------

_JS_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "0": "\0"}
_JS_CONSTANTS = {"true": "true", "false": "false", "null": "null", "undefined": "null",
                 "NaN": "null", "Infinity": "null"}
_JS_NUMBER = re.compile(r"-?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_JS_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
_WHITESPACE = re.compile(r"\s*")


def js_value(text: str, start: int = 0) -> Any:
    """The JavaScript literal (array, object, string, number, …) at ``text[start:]``, as Python.

    Strict JSON is decoded directly; otherwise the literal is rewritten as JSON first: quoted or
    single-quoted strings with ``\\xHH`` escapes, unquoted keys, ``undefined``, ``!0``/``!1``,
    array holes and trailing commas.
    """
    start = _WHITESPACE.match(text, start).end()
    try:
        return json.JSONDecoder().raw_decode(text, start)[0]
    except ValueError:
        pass
    return json.loads(_js_to_json(text, start))


def _js_to_json(text: str, position: int) -> str:
    out: list[str] = []
    depth = 0
    length = len(text)
    while position < length:
        char = text[position]
        if char.isspace():
            position += 1
            continue
        previous = out[-1] if out else ""
        if char in "[{":
            depth += 1
            out.append(char)
            position += 1
        elif char in "]}":
            if previous == ",":
                out.pop()  # a trailing comma adds no element
            depth -= 1
            out.append(char)
            position += 1
        elif char == ",":
            if previous in ("[", ","):
                out.append("null")  # an array hole
            out.append(",")
            position += 1
        elif char == ":":
            out.append(":")
            position += 1
        elif char in "\"'":
            value, position = _js_string(text, position)
            out.append(json.dumps(value))
        elif char == "!" and text[position + 1:position + 2] in ("0", "1"):
            out.append("true" if text[position + 1] == "0" else "false")
            position += 2
        elif (number := _JS_NUMBER.match(text, position)) is not None:
            out.append(_json_number(number.group()))
            position = number.end()
        elif (identifier := _JS_IDENTIFIER.match(text, position)) is not None:
            word = identifier.group()
            out.append(_JS_CONSTANTS.get(word) or json.dumps(word))  # else an unquoted key
            position = identifier.end()
        else:
            raise ValueError(f"unexpected {char!r} at {position} in a JavaScript literal")
        if depth == 0:
            return "".join(out)
    raise ValueError("JavaScript literal ends before its closing bracket")


def _json_number(token: str) -> str:
    if token.lstrip("-")[:2].lower() == "0x":
        return str(int(token, 16))
    return token if _JSON_NUMBER.fullmatch(token) else repr(float(token))


def _js_string(text: str, position: int) -> tuple[str, int]:
    quote = text[position]
    plain = re.compile(rf"[^\\{quote}\n]+")
    parts: list[str] = []
    position += 1
    while position < len(text):
        run = plain.match(text, position)
        if run:
            parts.append(run.group())
            position = run.end()
            continue
        char = text[position]
        if char == quote:
            return "".join(parts), position + 1
        if char == "\n":
            break
        escape = text[position + 1:position + 2]
        if escape == "x":
            parts.append(chr(int(text[position + 2:position + 4], 16)))
            position += 4
        elif escape == "u" and text[position + 2:position + 3] == "{":
            end = text.index("}", position)
            parts.append(chr(int(text[position + 3:end], 16)))
            position = end + 1
        elif escape == "u":
            parts.append(chr(int(text[position + 2:position + 6], 16)))
            position += 6
        elif escape in ("\n", "\r"):
            position += 2  # a line continuation
        else:
            parts.append(_JS_ESCAPES.get(escape, escape))
            position += 2
    raise ValueError("unterminated string in a JavaScript literal")
