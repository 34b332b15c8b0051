"""Whole-word, case-insensitive keyword matching that works for English and Hebrew.

The rule, applied to the keyword and the text alike after folding them (``fold``):

- Folding: Unicode NFKD, combining marks dropped (Hebrew niqqud, Latin accents), casefolded;
  geresh/gershayim and curly quotes become ``'`` and ``"``; the maqaf and dashes become ``-``;
  a Hebrew gender suffix after a slash is dropped (``מפתח/ת`` reads ``מפתח``).
- A keyword matches where it is not glued to a letter or digit on either side. The check is
  made only at an edge that is itself a letter or digit, so ``C++``, ``C#`` and ``.NET``
  match (a plain ``\\b`` never matches after ``+``).
- Hebrew writes the conjunction, article and prepositions ``ו ה ב כ ל מ ש`` as prefixes of
  the next word, so up to three of them (and an optional ``-``, as in ``ה-DevOps``) may stand
  before the keyword: ``מפתח`` matches ``והמפתח`` and ``למפתח``. Suffixes are not stripped, so
  ``מפתח`` does not match ``מפתחים`` nor ``engineer`` ``engineers``: list both forms, or end
  the keyword with ``*`` for a prefix match (``מפתח*``, ``engineer*``).
- Spaces and hyphens inside a keyword match any run of spaces and hyphens
  (``full stack`` matches ``Full-Stack``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

HEBREW_PREFIX_LETTERS = "ובכלמשה"

_PUNCTUATION = str.maketrans({
    "\u05f3": "'", "\u05f4": '"', "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
    "\u05be": "-", "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-",
})
_GENDER_SUFFIX = re.compile(r"(?<=[\u05d0-\u05ea])/(?:ית|ת|ה)(?![\u05d0-\u05ea])")
_WHITESPACE = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[\s-]+")


def fold(text: str | None) -> str:
    """The text as matching sees it (see the module docstring)."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    folded = stripped.translate(_PUNCTUATION).casefold()
    folded = _GENDER_SUFFIX.sub("", folded)
    return _WHITESPACE.sub(" ", folded).strip()


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@lru_cache(maxsize=4096)
def keyword_pattern(keyword: str) -> re.Pattern[str] | None:
    """The compiled pattern of one keyword, or None for an empty one."""
    folded = fold(keyword)
    prefix_match = folded.endswith("*")
    folded = folded.rstrip("*").strip(" -")
    if not folded:
        return None
    body = r"[\s-]+".join(re.escape(part) for part in _SEPARATORS.split(folded) if part)
    head = ""
    if _is_word_char(folded[0]):
        head = rf"(?:(?<!\w)[{HEBREW_PREFIX_LETTERS}]{{1,3}}-?|(?<!\w))"
    tail = ""
    if prefix_match:
        tail = r"\w*"
    elif _is_word_char(folded[-1]):
        tail = r"(?!\w)"
    return re.compile(head + body + tail)


def contains(folded_text: str, keyword: str) -> bool:
    """Whether the keyword occurs in text already passed through ``fold``."""
    pattern = keyword_pattern(keyword)
    return bool(pattern and pattern.search(folded_text))


def contains_any(folded_text: str, keywords: Iterable[str]) -> bool:
    return any(contains(folded_text, keyword) for keyword in keywords)


def contains_all(folded_text: str, keywords: Iterable[str]) -> bool:
    return all(contains(folded_text, keyword) for keyword in keywords)
