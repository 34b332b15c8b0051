"""Crawls that fail quietly: each raises the right health finding within one crawl and tells
the operator's channel (a local JSON webhook, through apprise) once."""

from __future__ import annotations

import json

import pytest
from prometheus_client.parser import text_string_to_metric_families

from faultfixtures import FAST, db, fault_pg, fault_server, runner, scenario  # noqa: F401
from fixtureserver import SITES_DIR
from greenhouse_format import WIZ_PATH, board, greenhouse_job

pytestmark = pytest.mark.faults

HOOK = "/ops-hook"
INTEL_ISRAEL = {"locations": ["1f6cfc7b1f4a100149f3bbf0c1e80000", "1f6cfc7b1f4a100149f3bc2fd26c0000",
                              "1f6cfc7b1f4a10014a0efe3a1d3f0000"]}


@pytest.fixture
def hook(fault_server):
    fault_server.add(HOOK, {"ok": True}, method="POST")
    return {"JOBSCRAPER_OPS_NOTIFY": "json://" + fault_server.base_url.split("://", 1)[1] + HOOK}


def notices(server) -> list[dict]:
    return [json.loads(request.body) for request in server.requests_to(HOOK)]


def crawl_day(runner, server, company: str, env: dict[str, str]):
    result = runner.scrapy("crawlall", "--company", company, "-a", f"base_url={server.base_url}", *FAST, env=env)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result


def health(runner, company: str) -> dict[str, dict]:
    result = runner.scrapy("health", "--company", company, "--format", "json")
    assert result.returncode == 0, result.stderr
    return {finding["kind"]: finding for finding in json.loads(result.stdout)["findings"]}


def told(server, kind: str) -> list[str]:
    """The notices that announced ``kind`` as a new or worse finding (not its all-clear)."""
    return [n["message"] for n in notices(server)
            if any(kind in line and not line.startswith("[resolved]") for line in n["message"].splitlines())]


def test_a_board_that_silently_returns_a_third_of_its_postings(db, fault_server, runner, hook):
    jobs = [greenhouse_job(700 + n, f"Engineer {n}") for n in range(30)]
    fault_server.add(WIZ_PATH, board(*jobs))
    crawl_day(runner, fault_server, "wiz", hook)
    assert notices(fault_server) == [] and health(runner, "wiz") == {}

    fault_server.add(WIZ_PATH, board(*jobs[:10]))
    crawl_day(runner, fault_server, "wiz", hook)
    found = health(runner, "wiz")
    assert "saw 10 postings; the median of the last 1 healthy crawl(s) is 30" in found["yield_drop"]["evidence"]
    assert "held_removal" in found
    assert len(told(fault_server, "yield_drop")) == 1

    for _ in range(2):
        crawl_day(runner, fault_server, "wiz", hook)
    assert "yield_drop" in health(runner, "wiz")
    assert len(told(fault_server, "yield_drop")) == 1, "a finding that persists is told once"
    assert any("[resolved] wiz held_removal" in n["message"] for n in notices(fault_server))


def test_a_board_whose_descriptions_go_blank(db, fault_server, runner, hook):
    jobs = [greenhouse_job(800 + n, f"Engineer {n}", content=f"<p>Build part {n}.</p>") for n in range(8)]
    fault_server.add(WIZ_PATH, board(*jobs))
    crawl_day(runner, fault_server, "wiz", hook)

    blank = [greenhouse_job(800 + n, f"Engineer {n}", content="", updated_at="2026-11-28T10:00:00-05:00")
             for n in range(8)]
    fault_server.add(WIZ_PATH, board(*blank))
    crawl_day(runner, fault_server, "wiz", hook)
    found = health(runner, "wiz")
    assert "description empty in 100% of 8 postings parsed (was 0%)" in found["blank_fields"]["evidence"]

    crawl_day(runner, fault_server, "wiz", hook)
    assert "blank_fields" in health(runner, "wiz")
    assert len(told(fault_server, "blank_fields")) == 1


def test_a_workday_board_whose_total_exceeds_what_it_pages(db, fault_server, runner, hook):
    fault_server.load_sites(only=["intel"])
    israel = json.loads((SITES_DIR / "intel" / "israel.json").read_text("utf-8"))
    israel["total"] = 10  # three postings come back, and paging ends there
    fault_server.add("/wday/cxs/intel/External/jobs", israel, method="POST",
                     json_match={"appliedFacets": INTEL_ISRAEL, "offset": 0})
    crawl_day(runner, fault_server, "intel", hook)
    found = health(runner, "intel")
    assert found["advertised_gap"]["evidence"] == "the platform advertised 10 postings; the crawl listed 3"
    assert len(told(fault_server, "advertised_gap")) == 1


def test_a_listing_answering_a_bot_wall_with_200(db, fault_server, runner, hook):
    fault_server.add(WIZ_PATH, board(*(greenhouse_job(900 + n) for n in range(5))))
    crawl_day(runner, fault_server, "wiz", hook)
    fault_server.add(WIZ_PATH, "<html><body><h1>Just a moment...</h1><div class=cf-challenge></div></body></html>",
                     content_type="text/html; charset=utf-8")
    crawl_day(runner, fault_server, "wiz", hook)
    found = health(runner, "wiz")
    assert found["blocked"]["evidence"] == ("bot wall (an HTML page answered 200 where JSON was expected) "
                                            "on the listing in 1 consecutive crawl(s)")
    crawl_day(runner, fault_server, "wiz", hook)
    assert health(runner, "wiz")["blocked"]["severity"] == "critical"
    assert len(told(fault_server, "blocked")) == 2, "told when found, and again when it turned critical"


def test_metrics_textfile_after_every_cron_command(db, fault_server, runner, tmp_path):
    path = tmp_path / "node-exporter" / "jobscraper.prom"
    path.parent.mkdir()
    env = {"JOBSCRAPER_METRICS_FILE": str(path)}
    fault_server.add(WIZ_PATH, board(*(greenhouse_job(950 + n) for n in range(4))))
    crawl_day(runner, fault_server, "wiz", env)
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(path.read_text())
               for s in family.samples}
    wiz = (("company", "wiz"),)
    assert samples[("jobscraper_postings_active", wiz)] == 4
    assert samples[("jobscraper_last_crawl_postings", (("company", "wiz"), ("outcome", "new")))] == 4
    assert samples[("jobscraper_last_crawl_status", (("company", "wiz"), ("status", "completed")))] == 1
    assert samples[("jobscraper_last_crawl_requests", wiz)] >= 1
    assert list(path.parent.iterdir()) == [path], "written through a temporary file renamed into place"

    path.unlink()
    assert runner.scrapy("markstale", "--days", "60", env=env).returncode == 0
    assert "jobscraper_postings_active" in path.read_text()
    path.unlink()
    assert runner.scrapy("cleanup", "--days", "90", env=env).returncode == 0
    assert path.exists()


def test_a_bad_notification_url_is_one_line(db, fault_server, runner):
    fault_server.add(WIZ_PATH, board(greenhouse_job(990)))
    result = crawl_day(runner, fault_server, "wiz", {"JOBSCRAPER_OPS_NOTIFY": "nosuchscheme://x"})
    assert result.returncode == 1
    assert "health: JOBSCRAPER_OPS_NOTIFY: not a notification URL apprise knows (nosuchscheme://…)" in result.stderr
