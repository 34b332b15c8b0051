"""Text and HTML: safe characters, whitespace, entities, a real sanitiser (nh3, the Ammonia
bindings), plain text, length caps and link schemes.

Every text a crawl stores passes ``safe_text`` first: what no reader needs and some databases,
terminals or feeds refuse is removed — NUL and the other C0/C1 control characters (newline and
tab stay), lone surrogates, zero-width characters and the BOM, and the bidirectional embeddings,
overrides and isolates that can make a line read differently from what it holds.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
import re
from typing import Any
from urllib.parse import urlsplit

import nh3

from jobscraper.gil import with_short_waits

_WHITESPACE = re.compile(r"\s+")
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 and C1 controls but tab and newline (DEL too)
    "\u200b-\u200d\u2060\ufeff"  # zero-width space, non-joiner, joiner; word joiner; BOM
    "\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides and isolates
    "\ud800-\udfff]"  # surrogates: in a str only a lone one (a pair is one character)
)
WEB_SCHEMES = ("http", "https")
# A tag or a comment. A quoted attribute value may hold ">".
_MARKUP = re.compile(r"""<(?:!--.*?-->|(/?)([A-Za-z][A-Za-z0-9]*)(?:[^>"']+|"[^"]*"|'[^']*')*>)""", re.DOTALL)

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "span", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "*": {"dir", "lang"}}
BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "blockquote", "pre", "hr", "dd", "dt", "dl",
}


# The entities escaped HTML is mostly made of (Greenhouse escapes a whole description: forty
# or so a posting). ``html.unescape`` calls back into Python for each one; where these are the
# only ones, replacing them is the same text at half the cost. "&amp;" goes last, so that an
# escaped entity ("&amp;lt;") stays one ("&lt;"), as ``html.unescape`` reads it.
_COMMON_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"), ("&nbsp;", "\xa0"),
                    ("&amp;", "&"))


def unescape(value: str) -> str:
    """``html.unescape(value)``, faster where every "&" starts one of the common entities."""
    ampersands = value.count("&")
    if not ampersands:
        return value
    text = value
    for entity, character in _COMMON_ENTITIES:
        found = text.count(entity)
        if found:
            text = text.replace(entity, character)
            ampersands -= found
    return text if ampersands == 0 else html.unescape(value)


def safe_text(value: str) -> str:
    """``value`` without the characters no stored text may hold (see the module docstring)."""
    return _UNSAFE.sub("", value)


def safe_json(value: Any) -> Any:
    """``safe_text`` over every string of a JSON-like value (keys too)."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        return {safe_json(key): safe_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [safe_json(item) for item in value]
    return value


def clean_text(value: object, limit: int | None = None) -> str | None:
    """Unescape entities, collapse whitespace, remove unsafe characters, trim, cut at ``limit``
    characters; empty becomes None."""
    if value is None:
        return None
    # Line-breaking controls (\r, \x0b, \x85 ...) become spaces first; what is left of the
    # unsafe characters goes, and the spaces around them collapse. str.split() splits on the
    # whitespace \s matches, at half the cost of the pattern on short fields.
    text = " ".join(safe_text(" ".join(unescape(str(value)).split())).split())
    if limit is not None and len(text) > limit:
        text = text[:limit].rstrip()
    return text or None


def web_url(value: object) -> str | None:
    """A cleaned URL if it is an http(s) link, else None (``javascript:``, ``data:``, relative)."""
    text = clean_text(value)
    if not text:
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in WEB_SCHEMES and parts.netloc else None


def clean_lines(value: str) -> str | None:
    """Plain text with its line breaks kept and each line's whitespace collapsed."""
    lines = (safe_text(_WHITESPACE.sub(" ", unescape(line))).strip() for line in value.splitlines())
    return "\n".join(line for line in lines if line) or None


# Built once: nh3.clean() converts its tag and attribute sets into the sanitiser's own on every
# call, five times the cost of sanitising a 2 KB description.
_SANITISER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def sanitize_html(value: str | None) -> str | None:
    """Keep formatting tags and plain links; drop scripts, styles, event handlers, bad URLs."""
    if not value or not value.strip():
        return None
    cleaned = with_short_waits(_SANITISER.clean, safe_text(value)).strip()
    return cleaned or None


def html_to_text(value: str | None) -> str | None:
    """Readable plain text of sanitised HTML (``sanitize_html``'s output): one line per block
    element, list items bulleted, inline whitespace collapsed, entities decoded.

    The sanitiser's output is well-formed (every tag closed, attributes quoted, comments gone),
    so one substitution over its tags reads it, at a third of the cost of building a parse
    tree; its text holds no tag, so its entities are decoded after, in one pass."""
    if not value or not value.strip():
        return None
    text = unescape(_MARKUP.sub(_line_break_of, value))
    # Whitespace collapsed line by line (str.split is many times faster than a regex here),
    # then the unsafe characters removed, then the lines trimmed and the empty ones dropped.
    collapsed = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in map(str.strip, safe_text(collapsed).split("\n")) if line) or None


def _line_break_of(tag: re.Match[str]) -> str:
    """What a tag becomes in plain text: a line break for a block element, a bullet for a list item."""
    name = tag.group(2)
    if name is None:  # a comment
        return ""
    name = name.lower()
    if name not in BLOCK_TAGS:
        return ""
    return "\n• " if name == "li" and not tag.group(1) else "\n"


def unique_texts(values: Iterable[object]) -> list[str]:
    """Non-empty texts, trimmed, first spelling kept, repeats (in any letter case) dropped."""
    seen: dict[str, str] = {}
    for value in values:
        text = str(value).strip() if value is not None else ""
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return list(seen.values())
