"""Stored facts on SQLite and PostgreSQL: places and salary in the row, old -> new values of an
update, the silent refresh of postings stored under older rules, reposts and requisitions."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from itemadapter import ItemAdapter
from sqlalchemy import event, select, text, update

from jobscraper.db import lifecycle
from jobscraper.db.migrate import upgrade
from jobscraper.db.models import JobEvent, JobPosition
from jobscraper.db.postings import deactivate_ids, load_known, write_batch
from jobscraper.db.sessions import CompanySpec, sync_companies
from jobscraper.items import JobItem
from jobscraper.pipelines.normalise import NormalisePipeline

DAY1 = datetime(2026, 11, 1, 7, 0, tzinfo=timezone.utc)


class _Crawler:
    class stats:  # noqa: N801 - the shape of crawler.stats the pipeline uses
        @staticmethod
        def inc_value(*args, **kwargs) -> None:
            pass

    spider = None


def normalised(**fields) -> dict:
    item = JobItem(url=f"https://jobs.example/{fields['external_id']}", **fields)
    return ItemAdapter(NormalisePipeline(_Crawler()).process_item(item)).asdict()


@pytest.fixture
def db(engine):
    upgrade(engine)
    with engine.begin() as connection:
        company_id = sync_companies(connection, [CompanySpec("acme", "Acme", "test", None)])["acme"]
    return engine, company_id


def crawl(db, items, now, *, remove=()):
    """One crawl: write the batch, remove the given external ids, derive the lifecycle facts."""
    engine, company_id = db
    with engine.begin() as connection:
        known = load_known(connection, company_id, [item["external_id"] for item in items])
        write_batch(connection, company_id=company_id, session_id=None, items=items, known=known, now=now)
        if remove:
            ids = list(connection.execute(select(JobPosition.id).where(JobPosition.external_id.in_(remove))).scalars())
            deactivate_ids(connection, ids, company_id=company_id, session_id=None, now=now, event_type="removed")
        lifecycle.derive(connection, company_id=company_id, since=now, now=now)


def stored(engine) -> dict[str, JobPosition]:
    with engine.connect() as connection:
        return {row.external_id: row for row in connection.execute(select(JobPosition))}


def events(engine, external_id: str) -> list:
    with engine.connect() as connection:
        return connection.execute(
            select(JobEvent.event_type, JobEvent.changed_fields, JobEvent.details)
            .join(JobPosition, JobPosition.id == JobEvent.job_position_id)
            .where(JobPosition.external_id == external_id).order_by(JobEvent.id)
        ).all()


def test_every_place_and_the_salary_are_stored(db):
    engine, _ = db
    item = normalised(external_id="1", title="Backend Engineer",
                      places_raw=[{"text": "Israel", "city": "Haifa", "country": "IL"}],
                      locations=["New York City, NY", "Remote"],
                      extra_metadata={"salary_range": {"currency": "USD", "interval": "per-year-salary",
                                                       "min": 150000, "max": 190000}})
    crawl(db, [item], DAY1)
    row = stored(engine)["1"]
    assert (row.city, row.region, row.country) == ("Haifa", "Haifa", "IL")
    assert row.places == [{"city": "Haifa", "region": "Haifa", "country": "IL", "remote": False},
                          {"city": "New York", "region": "New York", "country": "US", "remote": False},
                          {"city": None, "region": None, "country": None, "remote": True}]
    assert (row.salary_min, row.salary_max, row.salary_currency, row.salary_period) == (150000, 190000, "USD", "year")
    assert row.facts_version >= 1


def test_an_update_keeps_the_old_and_new_value_of_short_fields(db):
    engine, _ = db
    crawl(db, [normalised(external_id="1", title="Engineer", locations=["Haifa"], description_text="a")], DAY1)
    crawl(db, [normalised(external_id="1", title="Senior Engineer", locations=["Herzliya"], description_text="b")],
          DAY1 + timedelta(days=1))
    [created, updated] = events(engine, "1")
    assert updated.event_type == "updated"
    assert set(updated.changed_fields) >= {"title", "city", "description"}
    changes = updated.details["changes"]
    assert changes["title"] == ["Engineer", "Senior Engineer"]
    assert changes["city"] == ["Haifa", "Herzliya"]
    assert "description_text" not in changes


def _as_before_this_change(engine, external_id: str) -> None:
    """What a posting stored by the old rules looks like: no region, no places, version 0."""
    with engine.begin() as connection:
        connection.execute(update(JobPosition).where(JobPosition.external_id == external_id)
                           .values(city=None, region=None, places=None, facts_version=0,
                                   content_hash="old rules"))


def test_postings_stored_under_older_rules_are_refreshed_without_an_updated_event(db):
    engine, _ = db
    item = normalised(external_id="1", title="Engineer",
                      places_raw=[{"text": "Israel", "city": "Haifa", "country": "IL"}])
    crawl(db, [item], DAY1)
    _as_before_this_change(engine, "1")
    crawl(db, [item], DAY1 + timedelta(days=1))
    row = stored(engine)["1"]
    assert row.city == "Haifa" and row.facts_version >= 1 and row.content_hash == item["content_hash"]
    assert [event.event_type for event in events(engine, "1")] == ["created"]


def test_a_source_change_on_a_posting_under_older_rules_is_still_an_update(db):
    engine, _ = db
    crawl(db, [normalised(external_id="1", title="Engineer", locations=["Haifa"])], DAY1)
    _as_before_this_change(engine, "1")
    crawl(db, [normalised(external_id="1", title="Staff Engineer", locations=["Haifa"])], DAY1 + timedelta(days=1))
    assert [event.event_type for event in events(engine, "1")] == ["created", "updated"]


def _role(external_id: str, city: str, title: str = "Data Engineer", description: str = "Build pipelines.") -> dict:
    return normalised(external_id=external_id, title=title, department="Data", locations=[city],
                      description_text=description)


def test_a_new_posting_matching_one_removed_within_30_days_is_a_repost(db):
    engine, _ = db
    crawl(db, [_role("old", "Tel Aviv")], DAY1)
    crawl(db, [], DAY1 + timedelta(days=5), remove=["old"])
    crawl(db, [_role("new", "Tel Aviv", title="data  engineer"), _role("other", "Haifa")], DAY1 + timedelta(days=12))
    rows = stored(engine)
    assert rows["new"].reposted_from_id == rows["old"].id
    assert rows["other"].reposted_from_id is None  # another city: another posting
    [created] = events(engine, "new")
    assert created.details == {"reposted_from": rows["old"].id}


def test_a_posting_removed_more_than_30_days_ago_is_not_reposted(db):
    engine, _ = db
    crawl(db, [_role("old", "Tel Aviv")], DAY1)
    crawl(db, [], DAY1 + timedelta(days=1), remove=["old"])
    crawl(db, [_role("new", "Tel Aviv")], DAY1 + timedelta(days=40))
    assert stored(engine)["new"].reposted_from_id is None


def test_one_role_in_several_cities_is_one_requisition(db):
    engine, _ = db
    crawl(db, [_role("a", "Tel Aviv"), _role("b", "Haifa"), _role("c", "Jerusalem"),
               _role("d", "Haifa", description="Another team's pipelines.")], DAY1)
    crawl(db, [_role("e", "Herzliya")], DAY1 + timedelta(hours=5))
    crawl(db, [_role("f", "Netanya")], DAY1 + timedelta(days=3))
    rows = stored(engine)
    first = rows["a"].id
    assert [rows[key].requisition_id for key in "abce"] == [first] * 4
    assert rows["d"].requisition_id is None
    assert rows["f"].requisition_id is None  # first seen days later: a new role, not a sibling


def test_titles_that_differ_only_in_case_and_spacing_are_one_requisition_and_unique_ones_are_not_read(db):
    engine, company_id = db
    crawl(db, [_role("a", "Tel Aviv", title="Senior  Data Engineer"), _role("b", "Haifa", title="senior data ENGINEER"),
               *[_role(f"solo-{n}", "Tel Aviv", title=f"Role {n}") for n in range(30)]], DAY1)
    rows = stored(engine)
    assert rows["a"].requisition_id == rows["b"].requisition_id == rows["a"].id
    assert {rows[f"solo-{n}"].requisition_id for n in range(30)} == {None}

    crawl(db, [_role(f"other-{n}", "Tel Aviv", title=f"Other role {n}") for n in range(30)], DAY1 + timedelta(days=5))
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        with engine.begin() as connection:
            lifecycle.derive(connection, company_id=company_id, since=DAY1 + timedelta(days=5),
                             now=DAY1 + timedelta(days=5))
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    # Every title is its own: the titles are read to find shared ones, and no posting is held.
    assert not [sql for sql in statements if "requisition_id" in sql.split("FROM")[0]]
    assert not [sql for sql in statements if "description_text" in sql]


def test_deriving_costs_the_same_few_statements_for_any_number_of_new_postings(db):
    engine, company_id = db
    counts = []
    for size, now in ((5, DAY1), (200, DAY1 + timedelta(days=1))):
        # Every day shares some titles: the requisition pass reads keys, rows and descriptions.
        crawl(db, [_role(f"{size}-{n}", "Tel Aviv", title=f"Role {n % 4}") for n in range(size)], now)
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            with engine.begin() as connection:
                lifecycle.derive(connection, company_id=company_id, since=now, now=now)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        counts.append(len(statements))
    # Any new posting? Removed ones to repost from? Shared titles? Then their rows, their
    # descriptions and one update: the same for 5 postings as for 200.
    assert counts[0] == counts[1] <= 6


def test_age_flags():
    now = DAY1 + timedelta(days=200)
    assert lifecycle.age_flags(DAY1, DAY1 - timedelta(days=30), now) == ["posted earlier", "long open"]
    assert lifecycle.age_flags(now - timedelta(days=3), now - timedelta(days=4), now) == []
    assert lifecycle.age_flags(DAY1, None, now, is_active=False) == []
    assert lifecycle.days_open(now - timedelta(days=3, hours=2), now) == 3


def test_reresolving_stored_postings_writes_no_events(db, database_url, run_scrapy):
    engine, _ = db
    crawl(db, [normalised(external_id="1", title="Engineer", locations=["Herzliya Pituach Office"])], DAY1)
    with engine.begin() as connection:
        connection.execute(text("UPDATE job_positions SET city = 'Herzliya Pituach Office', country = NULL, "
                                "region = NULL, places = NULL, facts_version = 0"))
    result = run_scrapy("reresolve")
    assert result.returncode == 0, result.stderr
    assert "re-resolved 1 stored postings under older rules: 1 of 1 changed" in result.stdout
    row = stored(engine)["1"]
    assert (row.city, row.region, row.country) == ("Herzliya", "Tel Aviv", "IL")
    assert [event.event_type for event in events(engine, "1")] == ["created"]


def test_posting_command_prints_the_whole_history(db, run_scrapy):
    engine, _ = db
    crawl(db, [_role("old", "Tel Aviv")], DAY1)
    crawl(db, [], DAY1 + timedelta(days=5), remove=["old"])
    crawl(db, [_role("new", "Tel Aviv"), _role("sibling", "Haifa")], DAY1 + timedelta(days=12))
    changed = _role("new", "Tel Aviv", title="Senior Data Engineer")
    changed["extra_metadata"] = {"salary_range": {"currency": "ILS", "interval": "per-month-salary",
                                                  "min": 30000, "max": 40000}}
    changed = normalised(**{key: changed[key] for key in ("external_id", "title", "department", "locations",
                                                          "description_text", "extra_metadata")})
    crawl(db, [changed], DAY1 + timedelta(days=13))
    rows = stored(engine)
    result = run_scrapy("posting", "acme/new")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"#{rows['new'].id} Senior Data Engineer" in out
    assert "places      Tel Aviv, Tel Aviv, IL" in out
    assert "salary      30,000-40,000 ILS a month" in out
    assert f"reposts     #{rows['old'].id} (old, first seen 2026-11-01, removed 2026-11-06)" in out
    assert f"same role   #{rows['sibling'].id} Haifa" in out
    assert f"reposts #{rows['old'].id}" in out
    assert 'title: "Data Engineer" -> "Senior Data Engineer"' in out
    assert "salary_min: null -> 30000.0" in out

    by_id = run_scrapy("posting", str(rows["old"].id))
    assert f"reposted as #{rows['new'].id}" in by_id.stdout and "removed" in by_id.stdout

    missing = run_scrapy("posting", "acme/nope")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "error: no posting 'acme/nope' (give its id, or COMPANY/EXTERNAL_ID)"
    usage = run_scrapy("posting")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_a_crawl_links_reposts_and_requisitions_when_it_closes(sqlite_url, server, run_scrapy):
    """Three real crawls of a Lever board: one role in two cities, then a posting taken down and
    put up again under a new id."""
    from dbcheck import postings
    from spidertest import FIXTURES, load_json

    template = load_json(FIXTURES / "lever" / "mobileye-page1.json")[0]

    def posting(posting_id: str, title: str, city: str) -> dict:
        categories = template["categories"] | {"location": f"{city}, Israel", "allLocations": [f"{city}, Israel"],
                                               "department": "R&D", "team": "Perception"}
        return template | {"id": f"00000000-0000-4000-8000-{posting_id}", "text": title, "categories": categories,
                           "descriptionPlain": f"{title}: the same role.",
                           "description": f"<p>{title}: the same role.</p>"}

    def day(*board: dict) -> None:
        server.add("/v0/postings/mobileye", list(board), query={"mode": "json", "skip": 0, "limit": 100})
        result = run_scrapy("crawl", "mobileye", "-a", f"base_url={server.base_url}")
        assert result.returncode == 0, result.stderr[-2000:]

    tel_aviv = posting("000000000001", "Data Engineer", "Tel Aviv")
    haifa = posting("000000000002", "Data Engineer", "Haifa")
    qa = posting("000000000003", "QA Engineer", "Jerusalem")
    day(tel_aviv, haifa, qa)
    day(tel_aviv, haifa)
    day(tel_aviv, haifa, posting("000000000004", "QA Engineer", "Jerusalem"))
    stored = {key[-1]: row for key, row in postings(sqlite_url, "mobileye").items()}
    assert stored["1"]["requisition_id"] == stored["2"]["requisition_id"] == stored["1"]["id"]
    assert stored["3"]["is_active"] in (0, False) and stored["4"]["reposted_from_id"] == stored["3"]["id"]
