"""Locations: split display text into city and ISO country, and recognise Israel.

Place names come from ``jobscraper/data/locations.json`` (read through importlib.resources so
it works from a scrapyd egg). Hebrew names are matched as written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_SEPARATORS = re.compile(r"\s*(?:;|\||\n|/| or | & )\s*")
_PARTS = re.compile(r"\s*,\s*|\s+-\s+|\s*\(\s*|\s*\)\s*")
_FOLD = re.compile(r"[\s\u2010-\u2015_]+")


def _fold(value: str) -> str:
    return _FOLD.sub(" ", value.lower().replace("’", "'")).strip(" .")


@dataclass(frozen=True)
class Gazetteer:
    israel_cities: dict[str, str]
    israel_names: frozenset[str]
    israel_regions: frozenset[str]
    countries: dict[str, str]


@cache
def gazetteer() -> Gazetteer:
    raw = json.loads(resources.files("jobscraper.data").joinpath("locations.json").read_text("utf-8"))
    cities = {_fold(alias): city for city, aliases in raw["israel_cities"].items() for alias in aliases}
    countries = {_fold(alias): code for code, aliases in raw["countries"].items() for alias in aliases}
    return Gazetteer(
        israel_cities=cities,
        israel_names=frozenset(_fold(name) for name in raw["israel_names"]),
        israel_regions=frozenset(_fold(name) for name in raw["israel_regions"]),
        countries=countries,
    )


@dataclass(frozen=True)
class Place:
    city: str | None
    country: str | None


def split_locations(text: str | None) -> list[str]:
    """One display string per location ("Tel Aviv, Israel; New York, NY" -> two)."""
    if not text:
        return []
    return [part for part in _SEPARATORS.split(text) if part and part.strip()]


def _israeli_city_in(folded: str) -> str | None:
    g = gazetteer()
    if folded in g.israel_cities:
        return g.israel_cities[folded]
    for alias, city in g.israel_cities.items():
        if len(alias) > 3 and re.search(rf"(?<![\w]){re.escape(alias)}(?![\w])", folded):
            return city
    return None


def parse_place(text: str) -> Place:
    """City and country of one location string such as "Tel Aviv-Yafo, Israel"."""
    g = gazetteer()
    parts = [_fold(p) for p in _PARTS.split(text) if p and p.strip()]
    originals = [p.strip() for p in _PARTS.split(text) if p and p.strip()]
    country = None
    for part in reversed(parts):
        # "IL" alone is Israel, but "Chicago, IL" is Illinois: short codes count only alone.
        if (part in g.israel_names and (len(part) > 3 or len(parts) == 1)) or part in g.israel_regions:
            country = "IL"
            break
        if part in g.countries:
            country = g.countries[part]
            break
    city = _israeli_city_in(_fold(text))
    if city:
        return Place(city, "IL" if country in (None, "IL") else country)
    remaining = [
        original
        for part, original in zip(parts, originals)
        if part not in g.countries and part not in g.israel_names and part not in g.israel_regions
        and part not in ("remote", "hybrid", "onsite")
    ]
    if country == "IL" or remaining:
        return Place(remaining[0] if remaining else None, country)
    return Place(None, country)


def places(texts: list[str]) -> list[Place]:
    return [parse_place(location) for text in texts for location in split_locations(text)]


def primary_place(texts: list[str], prefer: str | None = "IL") -> Place:
    """The first place in ``prefer`` (Israel by default), else the first place with a country."""
    found = places(texts)
    for place in found:
        if prefer and place.country == prefer:
            return place
    for place in found:
        if place.country:
            return place
    return found[0] if found else Place(None, None)


def countries_of(texts: list[str]) -> set[str]:
    return {place.country for place in places(texts) if place.country}
