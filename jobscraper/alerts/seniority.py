"""Seniority from a job title, by an ordered rule set over English and common Hebrew terms.

The first level whose terms occur in the title wins, in this order: intern, manager,
staff (staff/principal), senior, junior; a title with none of them is ``mid``. Manager comes
before the individual-contributor levels so "Senior Engineering Manager" is a manager; titles
that say "manager" of a product, programme, project or account are individual contributors and
fall through to their level ("Senior Product Manager" is senior). Terms use the whole-word rule
of ``jobscraper.alerts.keywords`` (Hebrew prefixes allowed, ``/ת`` folded away).
"""

from __future__ import annotations

import re

from jobscraper.alerts.keywords import contains_any, fold

SENIORITY_LEVELS = ("intern", "junior", "mid", "senior", "staff", "manager")
SENIORITY_ALIASES = {"principal": "staff", "staff/principal": "staff", "staff_principal": "staff",
                     "internship": "intern", "student": "intern", "management": "manager",
                     "middle": "mid", "medior": "mid", "entry": "junior"}

RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("intern", (
        "intern", "interns", "internship", "student", "working student", "co-op",
        "סטודנט", "סטודנטית", "סטודנטים", "מתמחה", "התמחות", "סטאז'",
    )),
    ("manager", (
        "manager", "managers", "head of", "director", "vp", "vice president", "chief", "cto",
        "ceo", "cfo", "coo", "cio", "ciso", "cpo", "team lead", "team leader", "group lead",
        "group leader",
        "מנהל", "מנהלת", "ראש צוות", "ראש קבוצה", "ראש תחום", "ראש מחלקה", 'ר"צ', "דירקטור",
        "דירקטורית", 'סמנכ"ל*', 'מנכ"ל*', 'סמנכ"לית', 'מנמ"ר',
    )),
    ("staff", (
        "staff", "principal", "distinguished", "fellow", "tech lead", "technical lead",
        "מוביל טכנולוגי", "מובילה טכנולוגית",
    )),
    ("senior", (
        "senior", "sr", "lead", "expert", "בכיר", "בכירה", "סניור", "מומחה", "מומחית",
    )),
    ("junior", (
        "junior", "jr", "entry level", "entry-level", "graduate", "new grad", "no experience",
        "ג'וניור", "זוטר", "זוטרה", "מתחיל", "מתחילה", "ללא ניסיון", "בוגר", "בוגרת", "בוגרי",
    )),
)

# "Manager" of a thing rather than of people: an individual contributor.
_INDIVIDUAL_MANAGER = re.compile(
    r"(?:product|program|programme|project|account|customer success|success|partner|channel|"
    r"release|community|brand|content|campaign|office|category|territory)[\s-]+managers?(?!\w)"
    r"|מנהל(?:ת)?[\s-]+(?:מוצר|פרויקט|פרויקטים|פרוייקט|פרוייקטים|לקוחות|תיק[\s-]+לקוחות|תוכן)(?!\w)"
)


def seniority(title: str | None) -> str:
    """The seniority level of a title: one of ``SENIORITY_LEVELS``."""
    text = fold(title)
    for level, terms in RULES:
        candidate = _INDIVIDUAL_MANAGER.sub(" ", text) if level == "manager" else text
        if contains_any(candidate, terms):
            return level
    return "mid"


def seniority_level(value: str) -> str:
    """A user's seniority word as a level; ``ValueError`` for an unknown one."""
    word = value.strip().lower()
    level = SENIORITY_ALIASES.get(word, word)
    if level not in SENIORITY_LEVELS:
        raise ValueError(f"unknown seniority {value!r}; choose from {', '.join(SENIORITY_LEVELS)}")
    return level
