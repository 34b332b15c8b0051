"""Hostile descriptions and secrets: no script survives, reordered markup is no update, and the
database password shows up in no output."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.engine import make_url

from dbcheck import events, postings, rows, sessions
from faultfixtures import db, fault_pg, fault_server, pg, runner, scenario  # noqa: F401
from greenhouse_format import WIZ_PATH, board, greenhouse_job
from jobscraper.normalise.text import ALLOWED_TAGS, sanitize_html

pytestmark = pytest.mark.faults

XSS = [
    '<script>alert(1)</script><p>Role</p>',
    '<p onclick="alert(1)" onmouseover=alert(2)>Role</p>',
    '<img src=x onerror=alert(1)><p>Role</p>',
    '<a href="javascript:alert(1)">apply</a>',
    '<a href="JaVaScRiPt:alert(1)">apply</a>',
    '<a href="jav&#x09;ascript:alert(1)">apply</a>',
    '<a href="&#106;avascript:alert(1)">apply</a>',
    '<a href=" javascript:alert(1)">apply</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">apply</a>',
    '<a href="vbscript:msgbox(1)">apply</a>',
    '<svg onload=alert(1)><circle r=1 /></svg>',
    '<svg><script>alert(1)</script></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
    '<iframe src="javascript:alert(1)"></iframe><iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<details open ontoggle=alert(1)><summary>x</summary></details>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="width: expression(alert(1))">x</p>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:alert(1)//">',
    '<scr<script>ipt>alert(1)</scr</script>ipt>',
    '<a href="https://ok.example/" onfocus="alert(1)" autofocus>ok</a>',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<template><script>alert(1)</script></template><p>Role</p>',
]
DANGER = re.compile(
    r"<\s*(script|svg|math|iframe|object|embed|form|style|meta|base|img|template|noscript)\b"
    r"|\son[a-z]+\s*=|javascript:|vbscript:|data:text/html|srcdoc|xlink:|expression\(|style=",
    re.IGNORECASE,
)


def test_nothing_of_an_xss_vector_survives_sanitising():
    survivors = {vector: cleaned for vector in XSS if DANGER.search(cleaned := sanitize_html(vector) or "")}
    assert survivors == {}


def test_xss_corpus_crawled_is_stored_clean_and_reordered_attributes_are_no_update(db, fault_server, runner, scenario):
    descriptions = {1000 + n: f'<p dir="rtl" lang="he">Role {n}</p>{vector}' for n, vector in enumerate(XSS)}
    descriptions[2000] = '<p lang="en" dir="ltr">Plain <a title="Apply" href="https://ok.example/a">link</a></p>'
    fault_server.add(WIZ_PATH, board(*(greenhouse_job(i, content=html) for i, html in descriptions.items())))
    assert runner.crawl("wiz").returncode == 0
    for posting in postings(db).values():
        assert not DANGER.search(posting["description_html"] or ""), posting["description_html"]
        tags = set(re.findall(r"</?\s*([a-zA-Z][\w:-]*)", posting["description_html"] or ""))
        assert tags <= ALLOWED_TAGS, tags  # what is left of a vector is escaped text

    def reorder(html: str) -> str:  # the same markup with each tag's attributes in reverse order
        return re.sub(r"<(\w+)((?:\s+[\w:-]+=\"[^\"]*\"){2,})>",
                      lambda m: f"<{m.group(1)} {' '.join(reversed(m.group(2).split()))}>", html)

    reordered = {i: reorder(html) for i, html in descriptions.items()}
    assert reordered[2000] != descriptions[2000]
    fault_server.add(WIZ_PATH, board(*(greenhouse_job(i, content=html) for i, html in reordered.items())))
    assert runner.crawl("wiz").returncode == 0
    session = sessions(db)[-1]
    assert (session["jobs_updated"], session["jobs_unchanged"]) == (0, len(descriptions))
    assert events(db, session["id"]) == []
    scenario.tally(db, "wiz", {str(i) for i in descriptions})
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)


def test_the_database_password_appears_in_no_output(pg, fault_server, runner, run_scrapy):
    password = make_url(pg).password
    assert password and runner.secrets == (password,)
    fault_server.add(WIZ_PATH, board(greenhouse_job(1)))
    runner.crawl("wiz", "-L", "DEBUG")
    fault_server.add(WIZ_PATH, {"error": "boom"}, status=500)
    runner.scrapy("crawlall", "--company", "wiz", "-a", f"base_url={fault_server.base_url}", "-L", "DEBUG")
    for command in (("stats",), ("companies",), ("newjobs",), ("doctor",)):
        runner.scrapy(*command)
    wrong = make_url(pg).set(password="Wr0ngPassw0rd9").render_as_string(hide_password=False)
    refused = runner.scrapy("crawl", "wiz", "-a", f"base_url={fault_server.base_url}", env={"DATABASE_URL": wrong})
    assert refused.returncode == 1 and "Wr0ngPassw0rd9" not in refused.stderr + refused.stdout
    down = make_url(pg).set(port=1).render_as_string(hide_password=False)
    runner.scrapy("crawlall", "--company", "wiz", env={"DATABASE_URL": down})
    assert len(runner.outputs) == 8 and all(password not in output for output in runner.outputs)
    stored = rows(pg, "SELECT stats::text AS s FROM scraping_sessions")
    assert stored and all(password not in row["s"] for row in stored)
