"""The browser soak measures what it says: a real crawl renders every page in Chromium, parses the
job search, and the memory sampled is the crawl's plus its browser processes'."""

from __future__ import annotations

import os

import pytest

from soak import bench_browser_soak, tree
from spidertest import chromium_or_skip


def test_the_process_tree_of_this_process_includes_itself():
    assert tree(os.getpid())[0] == os.getpid()


@pytest.mark.browser
def test_a_five_page_soak_renders_five_pages_and_counts_chromium(tmp_path):
    chromium_or_skip()
    result = bench_browser_soak(tmp_path, pages=5, interval=0.2, timeout=120)
    assert result["exit"] == 0, open(result["log"]).read()[-3000:]
    assert (result["pages_rendered"], result["graphql_answers"]) == (5, 5)
    assert result["detail_requests"] == 3  # the answer's three jobs, fetched once for five pages
    assert (result["postings_stored"], result["session_status"]) == (3, "completed")
    assert result["peak_total_rss_mb"] > result["peak_crawl_rss_sampled_mb"] > 0
    assert result["max_processes"] > 2  # the crawl, the node driver and Chromium at least
    assert result["samples"]
