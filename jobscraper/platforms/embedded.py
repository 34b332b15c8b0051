"""Reading data that careers pages embed: schema.org ``JobPosting`` JSON-LD, and JSON objects
assigned in a script (``phApp.ddo = {...};``). Helpers of the platform bases, not a base."""

from __future__ import annotations

import json
from typing import Any

from scrapy.http import Response


def job_posting_json_ld(response: Response) -> dict[str, Any] | None:
    """The page's schema.org ``JobPosting`` (top level, in a list or in ``@graph``), or None."""
    try:
        blocks = response.css('script[type="application/ld+json"]::text').getall()
    except (AttributeError, ValueError):
        return None
    for block in blocks:
        try:
            data = json.loads(block.strip().removeprefix("//<![CDATA[").removesuffix("//]]>"), strict=False)
        except ValueError:
            continue
        candidates = data if isinstance(data, list) else [data]
        for candidate in list(candidates):
            if isinstance(candidate, dict) and isinstance(candidate.get("@graph"), list):
                candidates.extend(candidate["@graph"])
        for candidate in candidates:
            if isinstance(candidate, dict) and "JobPosting" in as_list(candidate.get("@type")):
                return candidate
    return None


def json_ld_places(posting: dict[str, Any]) -> list[str]:
    """"Locality, Region, Country" of each ``jobLocation`` address."""
    places = []
    for place in as_list(posting.get("jobLocation")):
        address = place.get("address") if isinstance(place, dict) else None
        if not isinstance(address, dict):
            continue
        country = address.get("addressCountry")
        if isinstance(country, dict):
            country = country.get("name")
        parts = [address.get("addressLocality"), address.get("addressRegion"), country]
        text = ", ".join(str(part) for part in parts if part)
        if text:
            places.append(text)
    return places


def assigned_json(text: str, marker: str) -> Any | None:
    """The JSON value assigned after ``marker`` (e.g. ``phApp.ddo``) in a script, read with
    ``raw_decode`` from its opening brace, so nested objects and a trailing ``;`` are fine."""
    start = text.find(marker)
    if start < 0:
        return None
    brace = text.find("{", start + len(marker))
    if brace < 0 or text[start + len(marker):brace].strip() not in ("=", ":"):
        return None
    try:
        value, _ = json.JSONDecoder(strict=False).raw_decode(text, brace)
    except ValueError:
        return None
    return value


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
