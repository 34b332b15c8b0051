"""Each item pipeline on its own, with a real crawler and its stats (milliseconds)."""

from __future__ import annotations

import json

import pytest
from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from jobscraper.crawlstate import CrawlState, attach
from jobscraper.items import JobItem
from jobscraper.pipelines.deduplicate import DeduplicatePipeline
from jobscraper.pipelines.normalise import NormalisePipeline, content_hash
from jobscraper.pipelines.validate import ValidatePipeline
from jobscraper.normalise.text import clean_text, safe_text, web_url


@pytest.fixture
def crawler():
    crawler = get_crawler()
    crawler.stats.open_spider()
    return crawler


def posting(**fields) -> JobItem:
    return JobItem(**{"company": "wiz", "external_id": "1", "title": "Backend Engineer",
                      "url": "https://job-boards.greenhouse.io/wizinc/jobs/1",
                      "location": "Tel Aviv-Yafo, Israel", **fields})


UNSAFE = "\x00\x01\x07\x1b\x7f\x85\x9f\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ud800\udfff"


def test_safe_text_removes_controls_surrogates_zero_width_and_bidi_but_keeps_lines_and_tabs():
    assert safe_text(f"a{UNSAFE}b\n\tc") == "ab\n\tc"
    assert safe_text("מפתח/ת Backend 😀") == "מפתח/ת Backend 😀"  # Hebrew and a real pair stay
    assert clean_text("&#x202e;evil&#x1b;[31m") == "evil[31m"  # entities are unescaped before the check
    assert clean_text("x" * 600, 500) == "x" * 500


@pytest.mark.parametrize("url, kept", [
    ("https://ok.example/jobs/1", True), ("HTTP://ok.example/", True), ("javascript:alert(1)", False),
    ("data:text/html,<script>", False), ("/relative/path", False), ("ftp://host/file", False),
    (" jav\tascript:alert(1)", False), ("http://[::1", False),
])
def test_only_http_links_are_kept(url, kept):
    assert (web_url(url) is not None) is kept


def test_normalise_makes_every_text_field_safe_and_capped(crawler):
    item = posting(
        title=f"Engineer{UNSAFE} " + "t" * 600, location="Tel Aviv\x00, Israel" + "l" * 600,
        department="R&D\u202e" + "d" * 300, apply_url="javascript:alert(1)",
        description_html=f"<p>Role{UNSAFE}</p>", extra_metadata={"salary\x00": ["100\ud800"]},
        locations=["Haifa\u200b, Israel"],
    )
    adapter = ItemAdapter(NormalisePipeline(crawler).process_item(item))
    assert adapter["title"].startswith("Engineer ttt") and len(adapter["title"]) == 500
    assert adapter["location"].startswith("Tel Aviv, Israel") and len(adapter["location"]) == 500
    assert adapter["department"].startswith("R&Dddd") and len(adapter["department"]) == 200
    assert adapter["apply_url"] is None and adapter["url"].startswith("https://")
    assert adapter["description_text"] == "Role" and "\x00" not in adapter["description_html"]
    assert adapter["extra_metadata"] == {"salary": ["100"]} and adapter["locations"] == ["Haifa, Israel"]
    json.dumps([adapter[f] for f in ("title", "location", "department")], ensure_ascii=False).encode("utf-8")
    assert len(adapter["content_hash"]) == 64


def test_a_lone_surrogate_in_any_field_never_breaks_the_content_hash(crawler):
    item = posting(title="Engineer \ud800", employment_type="Full\ud800time")
    adapter = ItemAdapter(NormalisePipeline(crawler).process_item(item))
    assert adapter["title"] == "Engineer" and content_hash(adapter) == adapter["content_hash"]


def test_validate_counts_each_reason_and_drops(crawler):
    pipeline = ValidatePipeline(crawler)
    for broken in (posting(title=None), posting(url=None), posting(external_id="x" * 256)):
        with pytest.raises(DropItem):
            pipeline.process_item(broken)
    stats = crawler.stats.get_stats()
    assert stats["jobscraper/items/invalid"] == 3
    assert [stats[f"jobscraper/items/invalid/{r}"] for r in ("missing_title", "missing_url", "external_id_too_long")] == [1, 1, 1]
    assert pipeline.process_item(posting(external_id="x" * 255))["external_id"] == "x" * 255


def test_validate_keeps_a_stored_posting_that_arrives_broken_as_seen(crawler):
    state = CrawlState(engine=None, database=None, company_id=1, session_id=1, started_at=None,
                       active_before=1, held_before=0, known_listings={"1": "fp"})
    attach(crawler, state)
    kept = ValidatePipeline(crawler).process_item(posting(title=""))
    assert dict(kept) == {"company": "wiz", "external_id": "1", "listing_fingerprint": "fp", "seen_only": True}


def test_deduplicate_drops_the_second_sight_and_counts_it(crawler):
    pipeline = DeduplicatePipeline(crawler)
    pipeline.process_item(posting())
    with pytest.raises(DropItem):
        pipeline.process_item(posting(title="Other"))
    assert crawler.stats.get_value("jobscraper/items/duplicate") == 1


def test_a_failed_item_is_an_error_and_stays_seen():
    state = CrawlState(engine=None, database=None, company_id=1, session_id=1, started_at=None,
                       active_before=1, held_before=0)
    state.item_failed("42")
    state.outcomes["new"] += 3
    assert (state.item_errors, state.written, "42" in state.seen) == (1, 3, True)
