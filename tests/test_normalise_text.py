"""Plain text of a description: what ``html_to_text`` reads from sanitised HTML (milliseconds)."""

from __future__ import annotations

import html
import json
import random
import re
from pathlib import Path

import lxml.html
import pytest

from jobscraper.normalise.text import BLOCK_TAGS, clean_text, html_to_text, safe_text, sanitize_html, unescape

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("raw, text", [
    ("<p>One</p><p>Two</p>", "One\nTwo"),
    ("<ul><li>Go</li><li>Python</li></ul>", "• Go\n• Python"),
    ("first<br>second<br/>third", "first\nsecond\nthird"),
    ("above<hr>below", "above\nbelow"),
    ("<p>a  <b>bold</b>\t<i>move</i>   here</p>", "a bold move here"),
    ("<p>R&amp;D &lt;team&gt; &quot;core&quot; &#x5d0;&#1488;</p>", 'R&D <team> "core" אא'),
    ("<p>x&nbsp;&nbsp;y</p>", "x y"),
    ("<table><tr><th>Role</th><th>City</th></tr><tr><td>Dev</td> <td>Haifa</td></tr></table>",
     "RoleCity\nDev Haifa"),
    ('<p><a href="https://x.example/?a=1&amp;b=2" title="a > b">apply</a> now</p>', "apply now"),
    ("<div><p>one</p>two<p>three</p></div>", "one\ntwo\nthree"),
    ("<pre>  code\n\n  more  </pre>", "code\nmore"),
    ("<p>a\u200bb \u202eevil\u202c</p>", "ab evil"),
    ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "<script>alert(1)</script>"),
    ("<p>   </p><br>", None),
    ("", None),
])
def test_block_elements_become_lines_and_inline_text_is_collapsed(raw, text):
    assert html_to_text(sanitize_html(raw)) == text


def test_hostile_markup_is_read_as_the_sanitiser_left_it():
    raw = ('<p onclick="x()">Hi<script>steal()</script><style>p{}</style><!-- note --></p>'
           '<img src=x onerror=alert(1)><a href="javascript:alert(1)">link</a>')
    assert html_to_text(sanitize_html(raw)) == "Hi\nlink"


def tree_text(value: str) -> str | None:
    """The same reading through a parse tree (lxml): slower, and the reference."""
    root = lxml.html.fragment_fromstring(value, create_parent="div")
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in BLOCK_TAGS:
            element.text = "\n" + ("• " if element.tag == "li" else "") + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    lines = (safe_text(re.sub(r"\s+", " ", line)).strip() for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line) or None


def fixture_descriptions() -> list[str]:
    """Every string with markup in the recorded responses of the fixtures, sanitised."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str) and "<" in value:
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix == ".json":
            try:
                walk(json.loads(path.read_text()))
            except (ValueError, UnicodeDecodeError):
                continue
        elif path.suffix in {".html", ".xml", ".rss"}:
            text = path.read_text(errors="replace")
            found += [text, html.unescape(text)]
    return [clean for clean in map(sanitize_html, found) if clean]


def test_the_tag_reader_agrees_with_a_parse_tree_on_every_fixture_description():
    descriptions = fixture_descriptions()
    assert len(descriptions) > 300
    disagreeing = [value[:200] for value in descriptions if html_to_text(value) != tree_text(value)]
    assert disagreeing == []


@pytest.mark.parametrize("value", [
    "", "plain", "&lt;p&gt;R&amp;D&lt;/p&gt;", "&amp;lt;", "&amp;amp;", "&&lt;", "a & b", "&lt",
    "&LT;", "&#39;&quot;&nbsp;", "&#x27;", "&lt;&copy;", "&#1488;&lt;", "&amp", "&nbsp", "&;",
])
def test_unescape_reads_entities_as_html_unescape_does(value):
    assert unescape(value) == html.unescape(value)


def test_unescape_agrees_with_html_unescape_on_random_and_recorded_text():
    alphabet = "&&&lt;gamp#39xquonbs <>"
    rng = random.Random(13)
    samples = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 30))) for _ in range(20_000)]
    samples += [html.escape(value) for value in fixture_descriptions()]
    disagreeing = [value for value in samples if unescape(value) != html.unescape(value)]
    assert disagreeing == []


def test_clean_text_collapses_every_whitespace_and_drops_unsafe_characters():
    def by_pattern(value: str) -> str | None:  # the rule, spelt with the whitespace pattern
        return re.sub(r"\s+", " ", safe_text(re.sub(r"\s+", " ", html.unescape(value)))).strip() or None

    alphabet = ["a", "ב", " ", "\t", "\n", "\r", "\x0b", "\x85", "\u2028", "\xa0", "\u3000", "\u200b", "\u202e",
                "\x00", "\x1c", "&amp;", "&nbsp;", "&#10;"]
    rng = random.Random(11)
    samples = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 14))) for _ in range(20_000)]
    assert [value for value in samples if clean_text(value) != by_pattern(value)] == []
