"""Schema migrations and the shape of the database work, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone

from sqlalchemy import create_engine, event, inspect, select, text

from jobscraper.db.engine import get_engine
from jobscraper.db.models import JobPosition
from jobscraper.db.migrate import SCHEMA_HEAD, head_revision, stored_revision, upgrade
from jobscraper.db.postings import load_known, write_batch
from jobscraper.db.sessions import CompanySpec, sync_companies

NOW = datetime(2026, 11, 28, 7, 0, tzinfo=timezone.utc)


def test_migrate_creates_then_reports_current(database_url, run_scrapy):
    first = run_scrapy("migrate")
    assert first.returncode == 0, first.stderr
    assert f"upgraded schema from empty to {head_revision()}" in first.stdout
    second = run_scrapy("migrate")
    assert "schema is current" in second.stdout
    tables = set(inspect(create_engine(database_url)).get_table_names())
    assert {"companies", "job_positions", "job_events", "scraping_sessions"} <= tables


def test_the_schema_head_constant_is_the_newest_migration():
    assert SCHEMA_HEAD == head_revision(), "a new migration: set SCHEMA_HEAD in jobscraper/db/migrate.py"


def test_a_command_on_a_current_database_starts_without_alembic_or_the_senders(database_url, run_scrapy):
    # Every cron command opens the database; a current schema is one SELECT, and the command
    # modules Scrapy imports to list its commands leave Alembic and apprise to those that use them.
    assert stored_revision(create_engine(database_url)) is None  # empty: nothing to read yet
    assert run_scrapy("migrate").returncode == 0
    assert stored_revision(create_engine(database_url)) == SCHEMA_HEAD
    result = run_scrapy("newjobs", env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "jobscraper.db.migrate" in imported and "sqlalchemy" in imported  # the probe sees imports
    assert not {"alembic", "apprise", "prometheus_client"} & imported


def test_database_newer_than_the_code_is_refused(database_url, run_scrapy):
    engine = create_engine(database_url)
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    engine.dispose()
    result = run_scrapy("crawl", "wiz", "-a", "base_url=http://127.0.0.1:9")
    assert result.returncode == 1
    assert "newer than this jobscraper" in result.stderr and "Traceback" not in result.stderr


def _items(count: int, salt: str = "") -> list[dict]:
    items = []
    for n in range(count):
        item = {"external_id": str(n), "title": f"Engineer {n}{salt}", "url": f"https://x/{n}",
                "workplace_type": "onsite", "description_text": "d", "extra_metadata": {"n": n}}
        item["content_hash"] = hashlib.sha256(repr(sorted(item.items())).encode()).hexdigest()
        items.append(item)
    return items


def _count_statements(engine, work) -> int:
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


def _diff_statements(engine, items: list[dict], company: str) -> int:
    with engine.begin() as connection:
        company_id = sync_companies(connection, [CompanySpec(company, company, "test", None)])[company]

    def work() -> None:
        with engine.begin() as connection:
            known = load_known(connection, company_id, [item["external_id"] for item in items])
            write_batch(connection, company_id=company_id, session_id=None, items=items, known=known, now=NOW)
    return _count_statements(engine, work)


def _day2(count: int) -> list[dict]:
    """The first third of the postings changed title, the rest unchanged."""
    return [*_items(count // 3, " v2"), *_items(count)[count // 3:]]


def test_statements_do_not_grow_with_the_number_of_items(engine):
    upgrade(engine)
    # Day 1: all new; day 2: a third changed, the rest unchanged. 20 items or 400, same count.
    small_new, large_new = _diff_statements(engine, _items(20), "a"), _diff_statements(engine, _items(400), "b")
    assert small_new == large_new
    small_day2 = _diff_statements(engine, _day2(20), "a")
    large_day2 = _diff_statements(engine, _day2(400), "b")
    assert small_day2 == large_day2 <= 6
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM job_events WHERE event_type = 'updated'")).scalar() == 6 + 133


def test_postings_listed_again_unchanged_are_counted_by_the_database_and_touched_when_stale(engine):
    upgrade(engine)
    with engine.begin() as connection:
        company_id = sync_companies(connection, [CompanySpec("s", "s", "test", None)])["s"]
        write_batch(connection, company_id=company_id, session_id=None, items=_items(4), known={},
                    now=NOW - timedelta(days=5))
        connection.execute(text("UPDATE job_positions SET last_seen_at = :at WHERE external_id = '1'"),
                           {"at": NOW - timedelta(hours=1)})
        connection.execute(text("UPDATE job_positions SET is_active = false WHERE external_id = '2'"))
    seen = [{"external_id": external_id, "seen_only": True} for external_id in ("0", "1", "2", "unknown")]
    with engine.begin() as connection:
        result = write_batch(connection, company_id=company_id, session_id=None, items=[*seen, _items(4)[3]],
                             known=load_known(connection, company_id, ["3"]), now=NOW,
                             last_seen_refresh=timedelta(hours=72))
    # "0" (seen 5 days ago), "1" (an hour ago) and "3" (whole, same content) are unchanged;
    # "2" was removed and stays so; "unknown" is no stored posting.
    assert (result.unchanged, result.new, result.updated, result.reactivated) == (3, 0, 0, 0)
    with engine.connect() as connection:
        rows = connection.execute(select(JobPosition.external_id, JobPosition.last_seen_at,
                                         JobPosition.is_active)).all()
    assert {row.external_id for row in rows if row.last_seen_at == NOW} == {"0", "3"}
    assert {row.external_id for row in rows if not row.is_active} == {"2"}


AWKWARD_TEXT = "quote \" back \\ slash \\n, a line\n\ttab, %s %(x)s ' single, 🎉 שלום \u2028 end"


def test_a_written_posting_reads_back_exactly_whatever_its_values_hold(database_url):
    # On PostgreSQL the rows of a batch travel as one JSON document: every value must come
    # back as it went in, empty lists and missing facts apart from NULL, offsets as instants.
    engine = get_engine(database_url)
    upgrade(engine)
    with engine.begin() as connection:
        company_id = sync_companies(connection, [CompanySpec("odd", "odd", "test", None)])["odd"]
    places = [{"city": "Haifa", "region": "Haifa", "country": "IL", "remote": False}]
    posted = datetime(2026, 1, 2, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2)))
    items = [
        {"external_id": "full", "title": AWKWARD_TEXT, "url": "https://x/jobs?a=1&b=2", "places": places,
         "description_text": AWKWARD_TEXT * 3, "extra_metadata": {"list": [1, 2.5, None, AWKWARD_TEXT]},
         "posted_at": posted, "salary_min": 1234.5, "salary_max": 10**7, "content_hash": "a" * 64},
        {"external_id": "empty", "title": "t", "url": "https://x/2", "places": [], "content_hash": "b" * 64},
        {"external_id": "bare", "title": "t", "url": "https://x/3", "content_hash": "c" * 64},
    ]
    with engine.begin() as connection:
        write_batch(connection, company_id=company_id, session_id=None, items=items, known={}, now=NOW)
    with engine.connect() as connection:
        rows = {row.external_id: row for row in connection.execute(select(JobPosition))}
        null_places = set(connection.execute(
            select(JobPosition.external_id).where(JobPosition.places.is_(None))).scalars())
    full = rows["full"]
    assert (full.title, full.description_text) == (AWKWARD_TEXT, AWKWARD_TEXT * 3)
    assert full.url == "https://x/jobs?a=1&b=2"
    assert full.places == places and full.extra_metadata == {"list": [1, 2.5, None, AWKWARD_TEXT]}
    assert full.posted_at == posted and full.posted_at.utcoffset() == timedelta(0)
    assert (full.salary_min, full.salary_max) == (1234.5, 10**7)
    assert (full.first_seen_at, full.last_seen_at, full.removed_at) == (NOW, NOW, None)
    assert (full.workplace_type, full.is_active) == ("unknown", True)
    assert rows["empty"].places == [] and null_places == {"bare"}
    assert rows["bare"].extra_metadata is None and rows["bare"].posted_at is None


def test_the_crawl_engine_writes_a_batch_in_insert_pages_of_a_hundred_rows(database_url):
    # The driver binds a statement's values without releasing the GIL: a page of 1,000 postings
    # stopped the reactor thread for ~60 ms; pages of 100 (INSERT_PAGE_ROWS) stop it for a few.
    engine = get_engine(database_url)
    upgrade(engine)
    with engine.begin() as connection:
        company_id = sync_companies(connection, [CompanySpec("paged", "paged", "test", None)])["paged"]
    items = _items(250)
    inserts: list[int] = []

    def note(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO JOB_POSITIONS"):
            # The rows of this page: one JSON parameter on PostgreSQL, a VALUES list on SQLite.
            rows = json.loads(parameters["rows"]) if isinstance(parameters, dict) and "rows" in parameters \
                else None
            inserts.append(len(rows) if rows is not None else statement.count("), (") + 1)

    event.listen(engine, "before_cursor_execute", note)
    try:
        with engine.begin() as connection:
            write_batch(connection, company_id=company_id, session_id=None, items=items, known={}, now=NOW)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert inserts == [100, 100, 50]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM job_positions WHERE company_id = :c"),
                                  {"c": company_id}).scalar() == 250


def test_a_crawl_that_cannot_start_gets_a_failed_session_with_the_reason(engine):
    from dbcheck import sessions
    from jobscraper.db.sessions import record_failed_start

    upgrade(engine)
    reason = "cannot open a crawl session: sorry, too many clients already"
    with engine.begin() as connection:
        record_failed_start(connection, CompanySpec("wiz", "Wiz", "greenhouse", None), reason, "database_unavailable")
    [session] = sessions(engine.url.render_as_string(hide_password=False))
    assert (session["status"], session["removals_skipped_reason"], session["errors"]) == ("failed", reason, 1)
    assert session["finished_at"] is not None and session["finish_reason"] == "database_unavailable"
