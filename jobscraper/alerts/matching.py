"""Matching postings to an alert's criteria, in Python, over postings read in bulk."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from jobscraper.alerts.criteria import Criteria
from jobscraper.alerts.keywords import contains, contains_all, contains_any, fold
from jobscraper.alerts.seniority import seniority
from jobscraper.normalise.locations import city_name


@dataclass(frozen=True)
class Reason:
    """One criterion a posting met: ``criterion`` (keywords, company, city, ...), the ``value``
    that met it, and for a keyword ``where`` it was found (title or description)."""

    criterion: str
    value: str
    where: str | None = None

    def __str__(self) -> str:
        return f"{self.value} ({self.where})" if self.where else self.value

    def to_dict(self) -> dict[str, str]:
        found = {"criterion": self.criterion, "value": self.value}
        return {**found, "where": self.where} if self.where else found


@dataclass(eq=False)
class Posting:
    """The columns of a stored posting that alerts match on and show."""

    id: int
    company_slug: str
    company_name: str
    title: str
    url: str
    location: str | None = None
    city: str | None = None
    country: str | None = None
    department: str | None = None
    employment_type: str | None = None
    workplace_type: str | None = None
    description_text: str | None = None
    posted_at: datetime | None = None
    first_seen_at: datetime | None = None
    is_active: bool = True
    region: str | None = None
    places: list[dict[str, Any]] | None = None
    reposted_from_id: int | None = None
    requisition_id: int | None = None
    # The cities of the same role's other postings shown with it (one requisition, many cities).
    also_in: list[str] = field(default_factory=list)
    # Why it matched the alert it is delivered for (``why_matched``).
    why: list[Reason] = field(default_factory=list)

    @property
    def all_places(self) -> list[dict[str, Any]]:
        """Every stored place; the primary city and country alone for postings stored before places."""
        return self.places or [{"city": self.city, "region": self.region, "country": self.country}]

    @cached_property
    def folded_title(self) -> str:
        return fold(self.title)

    @cached_property
    def folded_description(self) -> str:
        return fold(self.description_text)

    @cached_property
    def folded_title_description(self) -> str:
        return f"{self.folded_title} \n {self.folded_description}"

    @cached_property
    def seniority(self) -> str:
        return seniority(self.title)

    @property
    def listed_at(self) -> datetime | None:
        return self.posted_at or self.first_seen_at


def matches(criteria: Criteria, posting: Posting, now: datetime) -> bool:
    """Whether the posting meets every criterion that is set."""
    c = criteria
    if c.companies or c.exclude_companies:
        names = {posting.company_slug.casefold(), posting.company_name.casefold()}
        if c.companies and not names & {name.casefold() for name in c.companies}:
            return False
        if names & {name.casefold() for name in c.exclude_companies}:
            return False
    if c.countries and not {(place.get("country") or "").upper() for place in posting.all_places} & set(c.countries):
        return False
    if c.cities and not _in_city(c.cities, posting):
        return False
    if c.districts and not any(place.get("country") == "IL" and place.get("region") in c.districts
                               for place in posting.all_places):
        return False
    if c.workplace and posting.workplace_type not in c.workplace:
        return False
    if c.employment_types and posting.employment_type not in c.employment_types:
        return False
    if c.departments and not contains_any(fold(posting.department), c.departments):
        return False
    if c.seniority and posting.seniority not in c.seniority:
        return False
    if c.posted_within_days is not None:
        listed = posting.listed_at
        if listed is None or listed < now - timedelta(days=c.posted_within_days):
            return False
    if c.keywords_any or c.keywords_all or c.exclude_keywords:
        text = posting.folded_title if c.search_in == "title" else posting.folded_title_description
        if c.keywords_any and not contains_any(text, c.keywords_any):
            return False
        if not contains_all(text, c.keywords_all):
            return False
        if contains_any(text, c.exclude_keywords):
            return False
    return True


def _in_city(cities: list[str], posting: Posting) -> bool:
    """Any of the posting's places is one of the cities (in any of its spellings), or the
    location text names it."""
    return bool(_cities_met(cities, posting))


def _cities_met(cities: list[str], posting: Posting) -> list[str]:
    stored = {(place.get("city") or "").casefold() for place in posting.all_places} - {""}
    location = fold(posting.location)
    return [name for name in cities
            if name.casefold() in stored or city_name(name).casefold() in stored or contains(location, name)]


def why_matched(criteria: Criteria, posting: Posting) -> list[Reason]:
    """The criteria a matching posting met, each with what met it: the keywords found and
    where, the company, cities, countries, districts, workplace, departments, seniority,
    employment type and the posting window. Exclusions are not reasons; an alert without
    criteria has none."""
    c = criteria
    reasons = []
    for keyword in dict.fromkeys(c.keywords_any + c.keywords_all):
        if contains(posting.folded_title, keyword):
            reasons.append(Reason("keywords", keyword, "title"))
        elif c.search_in == "title_description" and contains(posting.folded_description, keyword):
            reasons.append(Reason("keywords", keyword, "description"))
    if c.companies:
        reasons.append(Reason("company", posting.company_name))
    reasons += [Reason("city", city_name(name)) for name in _cities_met(c.cities, posting)]
    places = posting.all_places
    reasons += [Reason("country", code) for code in c.countries
                if any((place.get("country") or "").upper() == code for place in places)]
    reasons += [Reason("district", district) for district in c.districts
                if any(place.get("country") == "IL" and place.get("region") == district for place in places)]
    if c.workplace and posting.workplace_type:
        reasons.append(Reason("workplace", posting.workplace_type))
    department = fold(posting.department)
    reasons += [Reason("department", word) for word in c.departments if contains(department, word)]
    if c.seniority:
        reasons.append(Reason("seniority", posting.seniority))
    if c.employment_types and posting.employment_type:
        reasons.append(Reason("employment type", posting.employment_type))
    if c.posted_within_days is not None and posting.listed_at is not None:
        reasons.append(Reason("listed", f"{posting.listed_at:%Y-%m-%d}, within {c.posted_within_days} days"))
    return reasons


def matching(criteria: Criteria, postings: list[Posting], now: datetime) -> list[Posting]:
    return [posting for posting in postings if matches(criteria, posting, now)]
