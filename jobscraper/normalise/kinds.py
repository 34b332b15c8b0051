"""Controlled vocabularies: employment type and workplace type."""

from __future__ import annotations

import re

EMPLOYMENT_TYPES = ("full_time", "part_time", "contract", "internship", "temporary", "other")
WORKPLACE_TYPES = ("onsite", "hybrid", "remote", "unknown")

_EMPLOYMENT_PATTERNS = (
    ("internship", r"intern|student|graduate program|סטודנט|התמחות"),
    ("part_time", r"part[\s_-]*time|חלקית"),
    ("temporary", r"temp|seasonal|fixed[\s_-]*term"),
    ("contract", r"contract|freelance|consult"),
    ("full_time", r"full[\s_-]*time|permanent|regular|מלאה"),
)
_WORKPLACE_PATTERNS = (
    ("hybrid", r"hybrid|flexible|היברידי"),
    ("remote", r"remote|work from home|wfh|מרחוק"),
    ("onsite", r"on[\s_-]*site|in[\s_-]*office|office"),
)


def _match(value: str, patterns) -> str | None:
    lowered = value.lower()
    for kind, pattern in patterns:
        if re.search(pattern, lowered):
            return kind
    return None


def employment_type(value: object) -> str | None:
    if value is None or str(value).strip() == "":
        return None
    return _match(str(value), _EMPLOYMENT_PATTERNS) or "other"


def workplace_type(value: object, remote_flag: object = None, location: str | None = None) -> str:
    """The source's structured work mode, never the description's perks text.

    Its own workplace field first ("Hybrid", "on-site", "remote_local", Workday's ``remoteType``),
    then its remote flag, then the words of its location fields ("Remote - US", "Tel Aviv
    (Hybrid)"). A remote flag on a posting whose location fields say "hybrid" is hybrid: boards
    set the flag for any role that allows some days at home.
    """
    if value not in (None, ""):
        kind = _match(str(value), _WORKPLACE_PATTERNS)
        if kind:
            return kind
    from_location = _match(location, _WORKPLACE_PATTERNS[:2]) if location else None
    if remote_flag is True:
        return "hybrid" if from_location == "hybrid" else "remote"
    return from_location or "unknown"
