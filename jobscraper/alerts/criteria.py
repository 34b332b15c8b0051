"""What an alert looks for: every criterion optional, all given ones combined with AND."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from jobscraper.alerts.errors import InvalidAlert
from jobscraper.alerts.seniority import seniority_level
from jobscraper.normalise.kinds import EMPLOYMENT_TYPES, WORKPLACE_TYPES
from jobscraper.normalise.locations import district_of

SEARCH_SCOPES = ("title", "title_description")
# A hundred years: any longer window is a typo, and would overflow a date.
MAX_POSTED_WITHIN_DAYS = 36_500
LIST_FIELDS = (
    "keywords_any", "keywords_all", "exclude_keywords", "companies", "exclude_companies",
    "cities", "countries", "districts", "workplace", "departments", "seniority", "employment_types",
)


@dataclass
class Criteria:
    """A saved search.

    ``keywords_any``: at least one occurs; ``keywords_all``: every one occurs;
    ``exclude_keywords``: none occurs — whole words, case-insensitive, in the title or, with
    ``search_in: title_description``, in the title and the description.
    ``companies`` / ``exclude_companies``: company slugs or names. ``cities``: the normalised
    city of any of the posting's places (any spelling: "Petach Tikva", "פתח תקווה") or a
    whole-word match in the location text; ``countries``: ISO codes of any of its places;
    ``districts``: Israeli districts of any of its places ("Center", "Haifa district",
    "Jerusalem area", stored as Center, Haifa, Jerusalem, North, South, Tel Aviv).
    ``workplace``: remote / hybrid / onsite; ``departments``: whole words in the department;
    ``seniority``: levels derived from the title; ``employment_types``: full_time, part_time,
    contract, internship, temporary, other; ``posted_within_days``: posted (or, without a
    posted date, first seen) within that many days.
    A posting whose workplace or employment type is unknown does not match a filter on it.
    """

    keywords_any: list[str] = field(default_factory=list)
    keywords_all: list[str] = field(default_factory=list)
    exclude_keywords: list[str] = field(default_factory=list)
    search_in: str = "title"
    companies: list[str] = field(default_factory=list)
    exclude_companies: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    workplace: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    seniority: list[str] = field(default_factory=list)
    employment_types: list[str] = field(default_factory=list)
    posted_within_days: int | None = None

    def __post_init__(self) -> None:
        for name in LIST_FIELDS:
            value = getattr(self, name)
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                raise InvalidAlert(f"criterion {name} must be a list of words")
            setattr(self, name, [v.strip() for v in value if v and v.strip()])
        if self.search_in not in SEARCH_SCOPES:
            raise InvalidAlert(f"search_in must be one of {', '.join(SEARCH_SCOPES)}")
        self.countries = [c.upper() for c in self.countries]
        self.districts = [_district(name) for name in self.districts]
        self.workplace = [_vocabulary("workplace", w, WORKPLACE_TYPES[:3]) for w in self.workplace]
        self.employment_types = [_vocabulary("employment_types", e, EMPLOYMENT_TYPES)
                                 for e in self.employment_types]
        try:
            self.seniority = [seniority_level(s) for s in self.seniority]
        except ValueError as exc:
            raise InvalidAlert(str(exc)) from None
        if self.posted_within_days is not None:
            if isinstance(self.posted_within_days, bool) or not isinstance(self.posted_within_days, int) \
                    or not 1 <= self.posted_within_days <= MAX_POSTED_WITHIN_DAYS:
                raise InvalidAlert(f"posted_within_days must be a whole number of days, "
                                   f"from 1 to {MAX_POSTED_WITHIN_DAYS}")

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Criteria:
        if data is not None and not isinstance(data, dict):
            raise InvalidAlert("criteria must be a mapping of criterion: values")
        data = dict(data or {})
        unknown = sorted(set(data) - {f.name for f in fields(cls)})
        if unknown:
            raise InvalidAlert(f"unknown criteria: {', '.join(unknown)}")
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        """Only the criteria that are set, for storage and YAML."""
        return {key: value for key, value in asdict(self).items()
                if value not in ([], None) and not (key == "search_in" and value == "title")}


def _district(name: str) -> str:
    district = district_of(name)
    if district is None:
        raise InvalidAlert(f"districts: unknown Israeli district {name!r}; choose from "
                           "Center, Haifa, Jerusalem, North, South, Tel Aviv")
    return district


def _vocabulary(name: str, value: str, allowed: tuple[str, ...]) -> str:
    word = value.strip().lower().replace("-", "_").replace(" ", "_")
    if word == "on_site":
        word = "onsite"
    if word not in allowed:
        raise InvalidAlert(f"{name}: unknown value {value!r}; choose from {', '.join(allowed)}")
    return word
