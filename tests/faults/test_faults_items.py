"""An item that fails must never look like a posting that vanished: a poison character, a
lone surrogate, a pipeline that raises on every item or on a few. Nothing is removed, nothing
is lost, and a crawl whose items fail never confirms a held removal."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dbcheck import postings, rows, sessions
from faultfixtures import db, fault_pg, fault_server, pg, runner, scenario  # noqa: F401
from greenhouse_format import WIZ_PATH, board, greenhouse_job
from jobscraper import settings as project_settings

pytestmark = pytest.mark.faults

HERE = Path(__file__).resolve().parent


def with_raising_pipeline(every: int) -> tuple[tuple[str, ...], dict[str, str]]:
    """Crawl arguments and environment that add a pipeline raising on every ``every``-th item
    (between deduplication and the diff) to the project's own."""
    pipelines = {**project_settings.ITEM_PIPELINES, "faultpipelines.RaisingPipeline": 450}
    env = {"PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
           "FAULT_RAISE_EVERY": str(every)}
    return ("-s", f"ITEM_PIPELINES={json.dumps(pipelines)}"), env


def held_removals(url: str) -> int:
    return rows(url, "SELECT consecutive_held_removals AS n FROM companies WHERE slug = 'wiz'")[0]["n"]


def test_poison_nul_title_on_postgresql_removes_nothing(pg, fault_server, runner, scenario):
    day1 = [greenhouse_job(10_000 + n, f"Engineer {n}") for n in range(2100)]
    fault_server.add(WIZ_PATH, board(*day1))
    assert runner.crawl("wiz").returncode == 0
    day2 = [*day1]
    day2[1234] = greenhouse_job(10_000 + 1234, "Engineer\x00 1234")
    fault_server.add(WIZ_PATH, board(*day2))
    result = runner.crawl("wiz")
    scenario.tally(pg, "wiz", {str(job["id"]) for job in day1})
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)
    assert result.returncode == 0, result.stderr[-2000:]
    session = sessions(pg)[-1]
    assert (session["status"], session["items_seen"], session["jobs_removed"]) == ("completed", 2100, 0)
    assert postings(pg)["11234"]["title"] == "Engineer 1234"


def test_lone_surrogate_in_the_json_on_sqlite_removes_nothing(sqlite_url, fault_server, runner, scenario):
    day1 = [greenhouse_job(500 + n, f"Engineer {n}") for n in range(40)]
    fault_server.add(WIZ_PATH, board(*day1))
    assert runner.crawl("wiz").returncode == 0
    day2 = [*day1]
    day2[7] = greenhouse_job(507, "Engineer \ud800 7", location="Tel Aviv\ud800, Israel")
    # json.dumps escapes the lone surrogate as \ud800, as a buggy server writes it.
    fault_server.add(WIZ_PATH, json.dumps(board(*day2)).encode(), content_type="application/json")
    result = runner.crawl("wiz")
    scenario.tally(sqlite_url, "wiz", {str(job["id"]) for job in day1})
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)
    assert result.returncode == 0, result.stderr[-2000:]
    assert postings(sqlite_url)["507"]["title"] == "Engineer 7"
    assert sessions(sqlite_url)[-1]["status"] == "completed"


def test_a_pipeline_raising_on_every_item_for_five_days_removes_nothing(db, fault_server, runner, scenario):
    listed = [greenhouse_job(700 + n, f"Engineer {n}") for n in range(20)]
    fault_server.add(WIZ_PATH, board(*listed))
    assert runner.crawl("wiz").returncode == 0
    args, env = with_raising_pipeline(every=1)
    for _day in range(5):
        result = runner.crawl("wiz", *args, env=env)
        assert result.returncode == 1, result.stderr[-2000:]
        session = sessions(db)[-1]
        assert (session["status"], session["jobs_removed"], session["removals_skipped"]) == ("failed", 0, True)
        assert "20 item error(s)" in session["removals_skipped_reason"]
        assert session["stats"]["jobscraper/errors/item_pipeline"] == 20 and session["errors"] >= 20
        assert held_removals(db) == 0  # never a confirming crawl
    scenario.tally(db, "wiz", {str(job["id"]) for job in listed})
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)
    assert runner.crawl("wiz").returncode == 0  # fixed: a healthy crawl, still nothing to remove
    assert sessions(db)[-1]["jobs_removed"] == 0


def test_a_pipeline_raising_on_one_percent_of_items_costs_only_those(pg, fault_server, runner, scenario):
    day1 = [greenhouse_job(900 + n, f"Engineer {n}") for n in range(300)]
    fault_server.add(WIZ_PATH, board(*day1))
    assert runner.crawl("wiz").returncode == 0
    # Every posting changed (its title), 10 gone and 10 new: 300 postings reach the pipelines one
    # by one (unchanged ones would arrive together, as one item).
    day2 = [*(greenhouse_job(900 + n, f"Engineer {n} (Tel Aviv)") for n in range(290)),
            *(greenhouse_job(1900 + n, f"New role {n}") for n in range(10))]
    fault_server.add(WIZ_PATH, board(*day2))
    args, env = with_raising_pipeline(every=100)
    result = runner.crawl("wiz", *args, env=env)
    assert result.returncode == 3, result.stderr[-2000:]
    session = sessions(pg)[-1]
    assert (session["status"], session["jobs_removed"]) == ("partial", 0)
    assert session["stats"]["jobscraper/errors/item_pipeline"] == 3
    assert session["items_seen"] == 297 and "3 item error(s)" in session["removals_skipped_reason"]
    stored = postings(pg)
    assert len({str(1900 + n) for n in range(10)} & set(stored)) >= 7  # at most the 3 failed ones missing
    scenario.tally(pg, "wiz", {str(job["id"]) for job in day1})
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)
    assert all(stored[e]["is_active"] for e in stored)
