"""The removal guard as a pure function: a crawl's outcome in, a decision out (milliseconds)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jobscraper.db.models import SessionStatus
from jobscraper.db.sessions import CrawlOutcome, RemovalGuard, decide_removal

GUARD = RemovalGuard()
HEALTHY = CrawlOutcome(finish_reason="finished", incomplete_reasons=(), spider_exceptions=0, seen=95,
                       active_before=100, unseen=5, since_window=False, held_before=0)


def test_a_healthy_crawl_removes_what_it_did_not_see():
    decision = decide_removal(HEALTHY, GUARD)
    assert (decision.remove, decision.status, decision.skip_reason, decision.held) == (
        True, SessionStatus.COMPLETED, None, 0)


@pytest.mark.parametrize("unhealthy, status, reason", [
    (dict(finish_reason="shutdown"), SessionStatus.FAILED, "crawl ended with shutdown"),
    (dict(incomplete_reasons=("page 3 failed",)), SessionStatus.PARTIAL, "incomplete listing: page 3 failed"),
    (dict(spider_exceptions=2), SessionStatus.PARTIAL, "2 spider exception(s)"),
    (dict(item_errors=1), SessionStatus.PARTIAL, "1 item error(s): postings not written"),
    (dict(item_errors=100, seen=0, unseen=100), SessionStatus.FAILED, "100 item error(s)"),
])
def test_an_unhealthy_crawl_removes_nothing_and_confirms_no_held_removal(unhealthy, status, reason):
    decision = decide_removal(replace(HEALTHY, held_before=2, **unhealthy), GUARD)
    assert not decision.remove and decision.status == status
    assert decision.skip_reason.startswith(reason)
    assert decision.held == 2  # neither a confirming crawl nor a reset


def test_item_errors_on_every_item_never_confirm_an_empty_board():
    """Five days on which every item fails look like an empty board; none may count."""
    held = 0
    for _day in range(5):
        decision = decide_removal(replace(HEALTHY, seen=0, unseen=100, item_errors=100, held_before=held), GUARD)
        assert not decision.remove
        held = decision.held
    assert held == 0


def test_an_empty_board_is_removed_on_the_third_healthy_crawl():
    held, removed_on = 0, None
    for day in (1, 2, 3):
        decision = decide_removal(replace(HEALTHY, seen=0, unseen=100, held_before=held), GUARD)
        held = decision.held
        if decision.remove:
            removed_on = day
    assert removed_on == 3 and held == 0


def test_a_large_removal_is_held_and_a_small_one_is_not():
    large = decide_removal(replace(HEALTHY, seen=70, unseen=30), GUARD)
    assert (large.remove, large.status, large.held) == (False, SessionStatus.PARTIAL, 1)
    assert "removing the other 30 (30%)" in large.skip_reason
    small = decide_removal(replace(HEALTHY, seen=2, active_before=6, unseen=4), GUARD)
    assert small.remove is False and "below the 50% guard" in small.skip_reason
    few = decide_removal(replace(HEALTHY, seen=7, active_before=10, unseen=3), GUARD)
    assert few.remove is True


def test_a_since_window_crawl_never_removes():
    decision = decide_removal(replace(HEALTHY, since_window=True), GUARD)
    assert (decision.remove, decision.status) == (False, SessionStatus.COMPLETED)
