"""Salary: minimum, maximum, currency and period, only where the source publishes them.

Structured values come first (Lever's ``salaryRange``, Ashby's compensation components); pay
text (Ashby's salary summary, Lever's salary description, a Workday description's "pay range"
sentence) is read only when it carries a currency marker ($, €, £, ₪, "NIS", "ש"ח", an ISO code):
a number without one is never taken for a salary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Iterator
from typing import Any

PERIODS = ("year", "month", "week", "day", "hour")

_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "₪": "ILS", "nis": "ILS", "ils": "ILS",
                   'ש"ח': "ILS", "ש״ח": "ILS", "שח": "ILS", "שקל": "ILS", "שקלים": "ILS", "usd": "USD",
                   "eur": "EUR", "gbp": "GBP", "cad": "CAD", "ca$": "CAD", "c$": "CAD", "aud": "AUD",
                   "a$": "AUD", "chf": "CHF", "inr": "INR", "₹": "INR", "pln": "PLN", "zł": "PLN",
                   "sek": "SEK", "dkk": "DKK", "nok": "NOK", "jpy": "JPY", "¥": "JPY", "sgd": "SGD",
                   "s$": "SGD"}
_CURRENCY = "|".join(sorted((re.escape(sign) for sign in _CURRENCY_SIGNS), key=len, reverse=True))
_AMOUNT = r"\d{1,3}(?:[,.\u00a0 ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONEY = rf"(?:(?P<@a>{_CURRENCY})\s?)?(?P<@n>{_AMOUNT})\s?(?P<@k>[kKmM](?![a-zA-Z]))?(?:\s?(?P<@b>{_CURRENCY})(?![a-zA-Z]))?"
_RANGE = re.compile(
    _MONEY.replace("@", "lo") + r"\s*(?:-|–|—|to|עד)\s*" + _MONEY.replace("@", "hi")
    + r"|" + _MONEY.replace("@", "one"),
    re.IGNORECASE,
)
_PERIOD_WORDS = (
    ("hour", r"per hour|an hour|hourly|/\s?h(?:ou)?r\b|לשעה"),
    ("day", r"per day|a day|daily|/\s?day\b|ליום"),
    ("week", r"per week|a week|weekly|/\s?w(?:ee)?k\b|לשבוע"),
    ("month", r"per month|a month|monthly|/\s?mo(?:nth)?\b|לחודש|חודשי"),
    ("year", r"per year|a year|annual|annually|yearly|per annum|/\s?y(?:ea)?r\b|לשנה|שנתי"),
)
_PAY_WORD = re.compile(r"\b(?:pay|salary|compensation|wage|שכר)\b", re.IGNORECASE)
_PAY_WORD_STEMS = ("pay", "salary", "compensation", "wage", "שכר")
# The rest of a sentence: up to a full stop or a line end; a point before a digit is a decimal.
_SENTENCE_REST = re.compile(r"[^.\n]*(?:\.\d[^.\n]*)*")
_LEVER_INTERVALS = {"per-year-salary": "year", "per-month-salary": "month", "per-week-salary": "week",
                    "per-day-wage": "day", "per-hour-wage": "hour"}


@dataclass(frozen=True)
class Salary:
    minimum: float | None
    maximum: float | None
    currency: str
    period: str | None


def from_item_metadata(extra: dict[str, Any] | None, description: str | None = None) -> Salary | None:
    """The salary of a posting from what its platform base kept in ``extra_metadata``, else
    from a pay sentence of its description."""
    extra = extra or {}
    salary = (lever_range(extra.get("salary_range")) or ashby_components(extra.get("compensation_components"))
              or ashby_components(_tier_components(extra.get("compensation_tiers"))))
    for key in ("salary", "compensation", "salary_description", "pay"):
        if salary is None and isinstance(extra.get(key), str):
            salary = from_text(extra[key])
    if salary is None and description:
        for sentence in pay_sentences(description):
            salary = from_text(sentence)
            if salary:
                break
    return salary


def pay_sentences(text: str) -> Iterator[str]:
    """The sentences of ``text`` that name pay, salary, compensation or a wage.

    Found from the word outwards, so a long description costs one pass (a pattern that starts
    every sentence with ``[^.]*`` and backtracks to look for the word is quadratic in it).
    """
    end = 0
    for start, stop in _pay_words(text):
        if start < end:
            continue  # a second pay word in the sentence already taken
        start = max(text.rfind(".", end, start), text.rfind("\n", end, start), end - 1) + 1
        end = _SENTENCE_REST.match(text, stop).end()
        yield text[start:end]


def _pay_words(text: str) -> list[tuple[int, int]]:
    """Where the pay words of ``text`` are, in order: a whole word in any letter case.

    Most descriptions have none, and a substring test settles that. Where one has a stem
    ("payments" has "pay"), each stem is found with ``str.find`` and its ends checked: the
    case-blind word pattern walked every character, 100 us for a 2 KB description.
    """
    lowered = text.lower()
    if not any(stem in lowered for stem in _PAY_WORD_STEMS):
        return []
    if len(lowered) != len(text):  # a letter whose lower case is longer: positions would differ
        return [word.span() for word in _PAY_WORD.finditer(text)]
    found = []
    for stem in _PAY_WORD_STEMS:
        start = lowered.find(stem)
        while start != -1:
            stop = start + len(stem)
            if not (_is_word_character(lowered, start - 1) or _is_word_character(lowered, stop)):
                found.append((start, stop))
            start = lowered.find(stem, stop)
    return sorted(found)


def _is_word_character(text: str, position: int) -> bool:
    """Whether ``text`` has a word character (as the pattern's ``\\b`` reads one) at ``position``."""
    return 0 <= position < len(text) and (text[position].isalnum() or text[position] == "_")


def lever_range(value: Any) -> Salary | None:
    """Lever's ``salaryRange {currency, interval, min, max}``."""
    if not isinstance(value, dict) or not value.get("currency"):
        return None
    minimum, maximum = _number(value.get("min")), _number(value.get("max"))
    if minimum is None and maximum is None:
        return None
    interval = str(value.get("interval") or "")
    return Salary(minimum, maximum, str(value["currency"]).upper(),
                  _LEVER_INTERVALS.get(interval) or _period_of(interval.replace("-", " ")))


def ashby_components(components: Any) -> Salary | None:
    """The ``Salary`` component of Ashby's compensation (``interval`` such as "1 YEAR")."""
    for component in components if isinstance(components, list) else []:
        if not isinstance(component, dict) or component.get("compensationType") != "Salary":
            continue
        currency = component.get("currencyCode")
        minimum, maximum = _number(component.get("minValue")), _number(component.get("maxValue"))
        if currency and (minimum is not None or maximum is not None):
            interval = str(component.get("interval") or "").lower()
            period = next((p for p in PERIODS if p in interval), None)
            return Salary(minimum, maximum, str(currency).upper(), period)
    return None


def _tier_components(tiers: Any) -> list[Any]:
    return [c for tier in tiers if isinstance(tier, dict) for c in tier.get("components") or []] \
        if isinstance(tiers, list) else []


def from_text(text: str | None) -> Salary | None:
    """A salary written as text: "$180K - $220K", "25,000-30,000 ₪ לחודש", "NIS 40k per month".
    ``None`` unless a currency marker stands beside the amounts."""
    if not text:
        return None
    for match in _RANGE.finditer(text):
        groups = match.groupdict()
        prefix = "lo" if groups["lon"] is not None else "one"
        signs = [groups.get(f"{prefix}a"), groups.get(f"{prefix}b"), groups.get("hia"), groups.get("hib")]
        currency = next((_CURRENCY_SIGNS[sign.lower()] for sign in signs if sign), None)
        if currency is None:
            continue
        low = _amount(groups[f"{prefix}n"], groups[f"{prefix}k"] or groups.get("hik"))
        high = _amount(groups["hin"], groups["hik"]) if prefix == "lo" else None
        if low is None or (low < 10 and not groups[f"{prefix}k"]):
            continue
        return Salary(low, high if high is not None else low, currency,
                      _period_of(text[match.end():match.end() + 40]) or _period_of(text))
    return None


def _amount(number: str | None, suffix: str | None) -> float | None:
    if not number:
        return None
    digits = re.sub(r"[,\u00a0 ]", "", number)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):  # 25.000 written the European way
        digits = digits.replace(".", "")
    value = float(digits)
    if suffix:
        value *= 1000 if suffix.lower() == "k" else 1_000_000
    return value


def _period_of(text: str) -> str | None:
    lowered = text.lower()
    for period, pattern in _PERIOD_WORDS:
        if re.search(pattern, lowered):
            return period
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
