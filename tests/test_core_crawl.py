"""The core loop end to end: a real crawl subprocess against a local Greenhouse imitation,
into a real database (SQLite and PostgreSQL), then the rows and the session read back."""

from __future__ import annotations

import json

import pytest

from dbcheck import events, postings, rows, sessions
from greenhouse_format import WIZ_PATH, board, greenhouse_job as job

DAY1 = [job(100 + n, f"Engineer {n}", content=f"<p>Role {n}</p>") for n in range(8)]


def crawl(run_scrapy, server, *args: str, env: dict[str, str] | None = None):
    return run_scrapy("crawl", "wiz", "-a", f"base_url={server.base_url}", *args, env=env)


def test_day1_all_new_day2_exact_diff(database_url, server, run_scrapy):
    server.add(WIZ_PATH, board(*DAY1))
    first = crawl(run_scrapy, server)
    assert first.returncode == 0, first.stderr[-2000:]
    assert len(postings(database_url)) == 8
    day1 = sessions(database_url)[-1]
    assert (day1["status"], day1["jobs_new"], day1["items_seen"]) == ("completed", 8, 8)

    day2 = [
        DAY1[0] | {"title": "Staff Engineer 0"},                               # changed title
        job(101, "Engineer 1", content="<p>Rewritten role</p>"),                # changed description
        *DAY1[2:6],                                                            # 4 unchanged
        job(200, "New role A"), job(201, "New role B"),                        # 2 added
    ]                                                                          # 106, 107 gone
    server.add(WIZ_PATH, board(*day2))
    second = crawl(run_scrapy, server)
    assert second.returncode == 0, second.stderr[-2000:]

    session = sessions(database_url)[-1]
    counts = {k: session[k] for k in ("jobs_new", "jobs_updated", "jobs_unchanged", "jobs_removed", "jobs_reactivated")}
    assert counts == {"jobs_new": 2, "jobs_updated": 2, "jobs_unchanged": 4, "jobs_removed": 2, "jobs_reactivated": 0}
    assert session["status"] == "completed" and not session["removals_skipped"]
    assert events(database_url, session["id"]) == [
        ("100", "updated", ["title"]),
        ("101", "updated", ["description"]),
        ("106", "removed", None),
        ("107", "removed", None),
        ("200", "created", None),
        ("201", "created", None),
    ]
    stored = postings(database_url)
    assert stored["100"]["title"] == "Staff Engineer 0"
    assert not stored["106"]["is_active"] and stored["106"]["removed_at"] is not None
    # Unchanged and seen again within JOBSCRAPER_LAST_SEEN_REFRESH_HOURS: not written at all.
    assert stored["102"]["last_seen_at"] == stored["102"]["first_seen_at"]


def test_same_crawl_twice_is_all_unchanged(database_url, server, run_scrapy):
    server.add(WIZ_PATH, board(*DAY1))
    assert crawl(run_scrapy, server).returncode == 0
    assert crawl(run_scrapy, server).returncode == 0
    session = sessions(database_url)[-1]
    assert (session["jobs_new"], session["jobs_updated"], session["jobs_unchanged"], session["jobs_removed"]) == (0, 0, 8, 0)
    assert events(database_url, session["id"]) == []


def test_a_crawl_process_imports_no_library_it_does_not_use(database_url, server, run_scrapy):
    # Scrapy's remote-control extension, off by default, imported aiohttp (and built TLS
    # contexts) in every crawl process when it was loaded: 10 MB and 0.15 s. Scrapy imports
    # every command module to list the commands; the alerts command's package (YAML, feeds,
    # mail) cost each crawl 40-60 ms.
    server.add(WIZ_PATH, board(*DAY1))
    assert crawl(run_scrapy, server).returncode == 0  # creates the schema: the migrations import more
    result = crawl(run_scrapy, server, env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "jobscraper.normalise.text" in imported  # the probe sees the crawl's imports
    assert not {"aiohttp", "jobscraper.alerts", "yaml"} & imported


def test_last_seen_at_moves_once_it_is_older_than_the_refresh_window(database_url, server, run_scrapy):
    from sqlalchemy import create_engine, text

    server.add(WIZ_PATH, board(*DAY1[:4]))
    assert crawl(run_scrapy, server).returncode == 0
    engine = create_engine(database_url)
    with engine.begin() as connection:  # two of them last seen four days ago
        connection.execute(text("UPDATE job_positions SET last_seen_at = first_seen_at - interval '4 days' "
                                "WHERE external_id IN ('100', '101')") if engine.dialect.name == "postgresql" else
                           text("UPDATE job_positions SET last_seen_at = datetime(first_seen_at, '-4 days') "
                                "WHERE external_id IN ('100', '101')"))
    engine.dispose()
    before = postings(database_url)
    assert crawl(run_scrapy, server).returncode == 0
    after = postings(database_url)
    assert after["100"]["last_seen_at"] > before["100"]["first_seen_at"]
    assert after["102"]["last_seen_at"] == before["102"]["last_seen_at"]  # fresh: not written
    session = sessions(database_url)[-1]
    assert (session["jobs_unchanged"], session["jobs_removed"], session["status"]) == (4, 0, "completed")


def test_reappearing_posting_is_reactivated(database_url, server, run_scrapy):
    server.add(WIZ_PATH, board(*DAY1))
    assert crawl(run_scrapy, server).returncode == 0
    server.add(WIZ_PATH, board(*DAY1[:7]))
    assert crawl(run_scrapy, server).returncode == 0
    assert not postings(database_url)["107"]["is_active"]
    server.add(WIZ_PATH, board(*DAY1))
    assert crawl(run_scrapy, server).returncode == 0
    session = sessions(database_url)[-1]
    assert (session["jobs_reactivated"], session["jobs_unchanged"], session["jobs_new"]) == (1, 7, 0)
    assert events(database_url, session["id"]) == [("107", "reactivated", None)]
    stored = postings(database_url)["107"]
    assert stored["is_active"] and stored["removed_at"] is None


BROKEN_LISTINGS = {
    "http_500": dict(body={"error": "boom"}, status=500),
    "truncated_json": dict(body=json.dumps(board(*DAY1))[:300]),
    "html_error_page_200": dict(body="<html><body><h1>Service unavailable</h1></body></html>",
                                content_type="text/html; charset=utf-8"),
    "no_jobs_key": dict(body={"error": "board not found"}),
}


@pytest.mark.parametrize("fault", sorted(BROKEN_LISTINGS))
def test_broken_listing_removes_nothing(database_url, server, run_scrapy, fault):
    server.add(WIZ_PATH, board(*DAY1))
    assert crawl(run_scrapy, server).returncode == 0
    server.add(WIZ_PATH, **BROKEN_LISTINGS[fault])
    result = crawl(run_scrapy, server)
    assert result.returncode == 1, result.stderr[-2000:]
    session = sessions(database_url)[-1]
    assert session["status"] == "failed"
    assert session["removals_skipped"] and "incomplete listing" in session["removals_skipped_reason"]
    assert session["jobs_removed"] == 0
    assert all(p["is_active"] for p in postings(database_url).values())
    assert "Traceback" not in result.stderr


def test_empty_board_is_cleared_only_after_three_empty_crawls(database_url, server, run_scrapy):
    server.add(WIZ_PATH, board(*DAY1))
    assert crawl(run_scrapy, server).returncode == 0
    server.add(WIZ_PATH, board())
    for attempt in (1, 2):
        result = crawl(run_scrapy, server)
        assert result.returncode == 3
        session = sessions(database_url)[-1]
        assert session["status"] == "partial" and f"{attempt} of 3" in session["removals_skipped_reason"]
        assert sum(p["is_active"] for p in postings(database_url).values()) == 8
    assert crawl(run_scrapy, server).returncode == 0
    assert sessions(database_url)[-1]["jobs_removed"] == 8
    assert not any(p["is_active"] for p in postings(database_url).values())


def test_seeing_too_little_of_the_board_removes_nothing(database_url, server, run_scrapy):
    server.add(WIZ_PATH, board(*DAY1))
    assert crawl(run_scrapy, server).returncode == 0
    server.add(WIZ_PATH, board(*DAY1[:3]))  # 3 of 8 < 50%
    assert crawl(run_scrapy, server).returncode == 3
    session = sessions(database_url)[-1]
    assert session["status"] == "partial" and "below the 50% guard" in session["removals_skipped_reason"]
    assert all(p["is_active"] for p in postings(database_url).values())


def test_hebrew_round_trip_and_sanitised_description(database_url, server, run_scrapy):
    hostile = ('<p onclick="steal()">Hi<img src=x onerror="alert(1)"></p><script>alert(2)</script>'
               '<a href="javascript:alert(3)">apply</a><a href="https://ok.example/">ok</a>')
    server.add(WIZ_PATH, board(
        job(1, "מפתח/ת Backend בכיר/ה", location="תל אביב-יפו, ישראל", content="<p dir=\"rtl\">אנחנו מחפשים</p>"),
        job(2, "Engineer", content=hostile),
    ))
    assert crawl(run_scrapy, server).returncode == 0
    stored = postings(database_url)
    assert stored["1"]["title"] == "מפתח/ת Backend בכיר/ה"
    assert (stored["1"]["city"], stored["1"]["country"]) == ("Tel Aviv", "IL")
    assert stored["1"]["description_text"] == "אנחנו מחפשים"
    description = stored["2"]["description_html"]
    for bad in ("<script", "onclick", "onerror", "javascript:", "alert(2)"):
        assert bad not in description
    assert 'href="https://ok.example/"' in description


def test_invalid_items_are_counted_by_reason(database_url, server, run_scrapy):
    server.add(WIZ_PATH, board(job(1), job(2) | {"title": ""}, job(3) | {"absolute_url": None}, job(1)))
    result = crawl(run_scrapy, server)
    assert result.returncode == 0
    session = sessions(database_url)[-1]
    assert session["items_invalid"] == 2 and session["items_seen"] == 1
    assert session["stats"]["jobscraper/items/invalid/missing_title"] == 1
    assert session["stats"]["jobscraper/items/invalid/missing_url"] == 1
    assert session["stats"]["jobscraper/items/duplicate"] == 1
    assert result.stderr.count("dropping postings with missing title") == 1


def test_killed_crawl_session_is_marked_abandoned(database_url, server, run_scrapy):
    server.add(WIZ_PATH, board(*DAY1))
    assert crawl(run_scrapy, server).returncode == 0
    with_running = rows(database_url, "SELECT id FROM scraping_sessions")
    from sqlalchemy import create_engine, text
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE scraping_sessions SET status = 'running', finished_at = NULL"))
    engine.dispose()
    assert crawl(run_scrapy, server).returncode == 0
    statuses = [s["status"] for s in sessions(database_url)]
    assert statuses == ["abandoned"] * len(with_running) + ["completed"]


def test_database_down_gives_one_line_naming_the_host(server, run_scrapy, tmp_path):
    url = "postgresql+psycopg2://crawler:s3cretpass@127.0.0.1:1/jobs"
    result = run_scrapy("crawl", "wiz", "-a", f"base_url={server.base_url}", env={"DATABASE_URL": url})
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "s3cretpass" not in output
    assert "Traceback" not in output
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "127.0.0.1:1/jobs" in lines[0]
    assert server.requests == []


def test_bad_spider_argument_is_a_usage_error(sqlite_url, run_scrapy):
    result = run_scrapy("crawl", "wiz", "-a", "base_url=ftp:/nowhere")
    assert result.returncode == 2
    assert "base_url must look like http://host:port" in result.stderr
    assert "Traceback" not in result.stderr


def test_plain_postgresql_url_uses_the_installed_driver(postgres_url, server, run_scrapy):
    if postgres_url is None:
        pytest.skip("no PostgreSQL server binaries found")
    from conftest import _fresh_postgres_database
    url = _fresh_postgres_database(postgres_url).replace("postgresql+psycopg2://", "postgresql://")
    server.add(WIZ_PATH, board(*DAY1[:2]))
    result = run_scrapy("crawl", "wiz", "-a", f"base_url={server.base_url}", env={"DATABASE_URL": url})
    assert result.returncode == 0, result.stderr[-1500:]
    assert len(postings(url.replace("postgresql://", "postgresql+psycopg2://"))) == 2
