"""Text and HTML: whitespace, entities, a real sanitiser (nh3, the Ammonia bindings), plain text."""

from __future__ import annotations

import html
from collections.abc import Iterable
import re

import lxml.html
import nh3

_WHITESPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n\s*\n+")

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


def clean_text(value: object) -> str | None:
    """Unescape entities, collapse whitespace, trim; empty becomes None."""
    if value is None:
        return None
    text = html.unescape(str(value))
    text = _WHITESPACE.sub(" ", text).strip()
    return text or None


def clean_lines(value: str) -> str | None:
    """Plain text with its line breaks kept and each line's whitespace collapsed."""
    lines = (_WHITESPACE.sub(" ", html.unescape(line)).strip() for line in value.splitlines())
    return "\n".join(line for line in lines if line) or None


def sanitize_html(value: str | None) -> str | None:
    """Keep formatting tags and plain links; drop scripts, styles, event handlers, bad URLs."""
    if not value or not value.strip():
        return None
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()
    return cleaned or None


def html_to_text(value: str | None) -> str | None:
    """Readable plain text: one line per block element, inline whitespace collapsed."""
    if not value or not value.strip():
        return None
    try:
        root = lxml.html.fragment_fromstring(value, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return clean_text(value)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in BLOCK_TAGS:
            bullet = "• " if element.tag == "li" else ""
            element.text = "\n" + bullet + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    lines = (_WHITESPACE.sub(" ", line).strip() for line in root.text_content().split("\n"))
    text = "\n".join(line for line in lines if line)
    return _BLANK_LINES.sub("\n", text).strip() or None


def unique_texts(values: Iterable[object]) -> list[str]:
    """Non-empty texts, trimmed, first spelling kept, repeats (in any letter case) dropped."""
    seen: dict[str, str] = {}
    for value in values:
        text = str(value).strip() if value is not None else ""
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return list(seen.values())
