"""markstale, cleanup, stats, newjobs, companies: seeded databases in (SQLite and PostgreSQL),
time moved by writing timestamps, exact counts and parsed-back table/JSON/CSV out."""

from __future__ import annotations

import csv
import io
import json
import socket
from datetime import datetime, timedelta

import pytest
from scrapy.cmdline import execute
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.project import get_project_settings
from sqlalchemy import create_engine, insert

from conftest import PROJECT
from dbcheck import rows
from jobscraper.db.locks import CrawlLock
from jobscraper.db.migrate import upgrade
from jobscraper.db.models import Company, JobEvent, JobPosition, ScrapingSession, utc_now

NOW = utc_now()


def ago(**delta: float) -> datetime:
    return NOW - timedelta(**delta)


def scrapy(capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    """Run a command in-process, as `scrapy <args>` from the project: (exit code, stdout, stderr)."""
    monkeypatch.chdir(PROJECT)
    monkeypatch.setenv("SCRAPY_SETTINGS_MODULE", "jobscraper.settings")
    capsys.readouterr()
    try:
        execute(["scrapy", *args])
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    captured = capsys.readouterr()
    return code, captured.out, captured.err


class Seed:
    """Rows written straight into a migrated database, with explicit timestamps."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)
        upgrade(self.engine)
        self.companies: dict[str, int] = {}

    def company(self, slug: str, platform: str = "greenhouse", active: bool = True) -> int:
        with self.engine.begin() as c:
            self.companies[slug] = c.execute(insert(Company).values(
                slug=slug, name=slug.title(), platform=platform, is_active=active,
            ).returning(Company.id)).scalar_one()
        return self.companies[slug]

    def posting(self, slug: str, external_id: str, *, first_seen: datetime, last_seen: datetime | None = None,
                active: bool = True, title: str | None = None, location: str | None = "Tel Aviv, Israel") -> int:
        with self.engine.begin() as c:
            return c.execute(insert(JobPosition).values(
                company_id=self.companies[slug], external_id=external_id, title=title or f"Role {external_id}",
                url=f"https://example.com/{slug}/{external_id}", location=location, content_hash="h" * 64,
                is_active=active, first_seen_at=first_seen, last_seen_at=last_seen or first_seen,
                removed_at=None if active else last_seen,
            ).returning(JobPosition.id)).scalar_one()

    def session(self, slug: str, status: str, started: datetime, minutes: float = 5, **counts) -> int:
        finished = None if status == "running" else started + timedelta(minutes=minutes)
        with self.engine.begin() as c:
            return c.execute(insert(ScrapingSession).values(
                company_id=self.companies[slug], spider=slug, status=status, started_at=started,
                finished_at=finished, finish_reason=counts.pop("finish_reason", None if status == "running" else "finished"),
                **counts,
            ).returning(ScrapingSession.id)).scalar_one()

    def event(self, slug: str, position_id: int, kind: str, at: datetime, session_id: int | None = None) -> None:
        with self.engine.begin() as c:
            c.execute(insert(JobEvent).values(job_position_id=position_id, company_id=self.companies[slug],
                                              session_id=session_id, event_type=kind, created_at=at))


@pytest.fixture
def seed(database_url):
    seeded = Seed(database_url)
    yield seeded
    seeded.engine.dispose()


# --- stats ---------------------------------------------------------------------------------


@pytest.fixture
def crawl_history(seed):
    """wiz: 3 crawls in the week (2 completed, 1 failed) + an older and a running one;
    jfrog: 1 partial crawl in the week, an abandoned and a completed one long before;
    appsflyer: never crawled."""
    for slug in ("wiz", "jfrog", "appsflyer"):
        seed.company(slug)
    seed.session("wiz", "completed", ago(days=10), items_seen=100, jobs_new=100)
    seed.session("wiz", "completed", ago(days=2), items_seen=10, jobs_new=4, jobs_updated=1, jobs_removed=2)
    seed.session("wiz", "failed", ago(days=1), removals_skipped=True,
                 removals_skipped_reason="incomplete listing: HTTP 500 on page 1")
    seed.session("wiz", "completed", ago(hours=3), minutes=2, items_seen=8, jobs_new=1)
    seed.session("wiz", "running", ago(minutes=5), items_seen=3)
    seed.session("jfrog", "completed", ago(days=30), minutes=1)
    seed.session("jfrog", "abandoned", ago(days=20), finish_reason="abandoned")
    seed.session("jfrog", "partial", ago(days=3), items_seen=5, jobs_new=5)
    for n in range(4):
        seed.posting("wiz", f"w{n}", first_seen=ago(days=5), active=n < 3)
    stale = [seed.posting("jfrog", f"j{n}", first_seen=ago(days=90), active=n < 2) for n in range(4)]
    seed.event("jfrog", stale[2], "stale", ago(days=1))
    seed.event("jfrog", stale[3], "stale", ago(days=30))
    return {"wiz_last_success": ago(hours=3) + timedelta(minutes=2),
            "jfrog_last_success": ago(days=30) + timedelta(minutes=1)}


EXPECTED_STATS = {
    "wiz": {"crawls": 3, "completed": 2, "seen": 18, "new": 5, "updated": 1, "removed": 2, "stale": 0, "active": 3},
    "jfrog": {"crawls": 1, "completed": 0, "seen": 5, "new": 5, "updated": 0, "removed": 0, "stale": 1, "active": 2},
    "appsflyer": {"crawls": 0, "completed": 0, "seen": 0, "new": 0, "updated": 0, "removed": 0, "stale": 0, "active": 0},
}
EXPECTED_TOTALS = {"crawls": 4, "completed": 2, "seen": 23, "new": 10, "updated": 1, "removed": 2, "stale": 1, "active": 5}


def test_stats_json_counts_per_company_and_totals(crawl_history, capsys, monkeypatch):
    code, out, err = scrapy(capsys, monkeypatch, "stats", "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    assert document["days"] == 7
    by_company = {row["company"]: row for row in document["companies"]}
    assert list(by_company) == ["appsflyer", "jfrog", "wiz"]
    for slug, counts in EXPECTED_STATS.items():
        assert {k: by_company[slug][k] for k in counts} == counts, slug
    assert by_company["wiz"]["success_rate"] == pytest.approx(2 / 3)
    assert by_company["jfrog"]["success_rate"] == 0
    assert by_company["appsflyer"]["success_rate"] is None
    assert datetime.fromisoformat(by_company["wiz"]["last_success"]) == crawl_history["wiz_last_success"]
    assert datetime.fromisoformat(by_company["jfrog"]["last_success"]) == crawl_history["jfrog_last_success"]
    assert by_company["appsflyer"]["last_success"] is None
    assert by_company["wiz"]["last_error"].endswith("failed: incomplete listing: HTTP 500 on page 1")
    assert by_company["jfrog"]["last_error"].endswith("abandoned: abandoned")
    totals = document["totals"]
    assert {k: totals[k] for k in EXPECTED_TOTALS} == EXPECTED_TOTALS
    assert totals["company"] == "TOTAL" and totals["success_rate"] == 0.5


def test_stats_csv_and_table_agree(crawl_history, capsys, monkeypatch):
    code, out, _ = scrapy(capsys, monkeypatch, "stats", "--format", "csv")
    assert code == 0
    parsed = {row["company"]: row for row in csv.DictReader(io.StringIO(out))}
    assert list(parsed) == ["appsflyer", "jfrog", "wiz", "TOTAL"]
    for slug, counts in {**EXPECTED_STATS, "TOTAL": EXPECTED_TOTALS}.items():
        assert {k: int(parsed[slug][k]) for k in counts} == counts, slug
    assert parsed["appsflyer"]["success_rate"] == "" and float(parsed["TOTAL"]["success_rate"]) == 0.5

    monkeypatch.setenv("COLUMNS", "400")
    code, out, _ = scrapy(capsys, monkeypatch, "stats")
    assert code == 0
    lines = [[cell.strip() for cell in line.split("│")[1:-1]] for line in out.splitlines() if line.startswith("│")]
    header, body = lines[0], {line[0]: dict(zip(lines[0], line)) for line in lines[1:]}
    assert header[:4] == ["company", "crawls", "completed", "success"]
    assert list(body) == ["appsflyer", "jfrog", "wiz", "TOTAL"]
    assert body["wiz"]["success"] == "67%" and body["appsflyer"]["success"] == "–"
    assert (body["TOTAL"]["crawls"], body["TOTAL"]["seen"], body["TOTAL"]["active now"]) == ("4", "23", "5")
    assert "incomplete listing" in body["wiz"]["last error"]


def test_stats_window_and_company_filter(crawl_history, capsys, monkeypatch):
    code, out, _ = scrapy(capsys, monkeypatch, "stats", "--days", "30", "--company", "wiz", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert [row["company"] for row in document["companies"]] == ["wiz"]
    wiz = document["companies"][0]
    assert (wiz["crawls"], wiz["completed"], wiz["seen"], wiz["new"]) == (4, 3, 118, 105)
    assert document["totals"]["crawls"] == 4


# --- newjobs -------------------------------------------------------------------------------


@pytest.fixture
def new_postings(seed):
    seed.company("wiz")
    seed.company("jfrog")
    seed.posting("wiz", "w-new", first_seen=ago(hours=2), title="Backend Engineer")
    seed.posting("wiz", "w-old", first_seen=ago(hours=30), title="Old Role")
    seed.posting("jfrog", "j-gone", first_seen=ago(hours=5), last_seen=ago(hours=4), active=False, title="Gone Role")
    seed.posting("jfrog", "j-new", first_seen=ago(hours=23), title="Data Engineer", location=None)
    seed.posting("jfrog", "j-ancient", first_seen=ago(days=40), title="Ancient Role")


def test_newjobs_lists_postings_first_seen_in_the_window(new_postings, capsys, monkeypatch):
    code, out, err = scrapy(capsys, monkeypatch, "newjobs", "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    assert document["hours"] == 24 and document["count"] == 3
    assert [(j["company"], j["external_id"], j["title"], j["active"]) for j in document["jobs"]] == [
        ("wiz", "w-new", "Backend Engineer", True),
        ("jfrog", "j-gone", "Gone Role", False),
        ("jfrog", "j-new", "Data Engineer", True),
    ]
    assert document["jobs"][0]["url"] == "https://example.com/wiz/w-new"
    assert datetime.fromisoformat(document["jobs"][0]["first_seen"]) == ago(hours=2)

    code, out, _ = scrapy(capsys, monkeypatch, "newjobs", "--hours", "48", "--company", "jfrog", "--format", "csv")
    assert code == 0
    found = list(csv.DictReader(io.StringIO(out)))
    assert [(r["external_id"], r["active"], r["location"]) for r in found] == [
        ("j-gone", "false", "Tel Aviv, Israel"), ("j-new", "true", "")]

    monkeypatch.setenv("COLUMNS", "400")
    code, out, _ = scrapy(capsys, monkeypatch, "newjobs", "--hours", "72")
    table = [[c.strip() for c in line.split("│")[1:-1]] for line in out.splitlines() if line.startswith("│")]
    assert [row[2] for row in table[1:]] == ["Backend Engineer", "Gone Role", "Data Engineer", "Old Role"]
    assert "4 new posting(s) in the last 72 hour(s)" in out


def test_newjobs_shows_one_role_once_with_its_cities_and_flags_reposts(seed, capsys, monkeypatch):
    from sqlalchemy import update
    seed.company("wiz")
    old = seed.posting("wiz", "w-old", first_seen=ago(days=10), last_seen=ago(days=3), active=False, title="Data Engineer")
    ids = [seed.posting("wiz", f"w-{city}", first_seen=ago(hours=hours), title="Data Engineer", location=city)
           for city, hours in (("Tel Aviv", 3), ("Haifa", 2), ("Jerusalem", 1))]
    aged = seed.posting("wiz", "w-aged", first_seen=ago(hours=5), title="Platform Engineer")
    with seed.engine.begin() as c:
        for position_id, city in zip(ids, ("Tel Aviv", "Haifa", "Jerusalem")):
            c.execute(update(JobPosition).where(JobPosition.id == position_id)
                      .values(city=city, requisition_id=ids[0], reposted_from_id=old if city == "Tel Aviv" else None))
        c.execute(update(JobPosition).where(JobPosition.id == aged).values(posted_at=ago(days=150)))
    code, out, err = scrapy(capsys, monkeypatch, "newjobs", "--format", "json")
    assert code == 0, err
    jobs = json.loads(out)["jobs"]
    assert [(j["external_id"], j["location"], j["flags"]) for j in jobs] == [
        ("w-Jerusalem", "Jerusalem; Haifa; Tel Aviv", "reposted"),
        ("w-aged", "Tel Aviv, Israel", "posted earlier, long open"),
    ]
    code, out, err = scrapy(capsys, monkeypatch, "stats", "--format", "json")
    assert code == 0, err
    [wiz] = [row for row in json.loads(out)["companies"] if row["company"] == "wiz"]
    assert (wiz["active"], wiz["roles"]) == (4, 2)


# --- companies -----------------------------------------------------------------------------


def test_companies_roster_from_spiders_and_database(seed, capsys, monkeypatch):
    seed.company("wiz")
    seed.company("jfrog", active=False)
    seed.company("gonecorp", platform="workable")
    seed.posting("wiz", "a", first_seen=ago(days=1))
    seed.posting("wiz", "b", first_seen=ago(days=1))
    seed.posting("wiz", "c", first_seen=ago(days=1), active=False)
    seed.session("wiz", "completed", ago(days=1))
    seed.session("wiz", "partial", ago(hours=1))
    seed.session("jfrog", "failed", ago(hours=2))
    spiders = sorted(get_spider_loader(get_project_settings()).list())

    code, out, err = scrapy(capsys, monkeypatch, "companies", "--format", "json")
    assert code == 0, err
    roster = {row["company"]: row for row in json.loads(out)["companies"]}
    assert sorted(roster) == sorted([*spiders, "gonecorp"])
    assert {k: roster["wiz"][k] for k in ("platform", "active", "spider", "postings", "last_status")} == \
        {"platform": "greenhouse", "active": True, "spider": True, "postings": 2, "last_status": "partial"}
    assert (roster["jfrog"]["active"], roster["jfrog"]["last_status"]) == (False, "failed")
    assert (roster["gonecorp"]["spider"], roster["gonecorp"]["platform"]) == (False, "workable")
    assert (roster["appsflyer"]["postings"], roster["appsflyer"]["last_crawl"], roster["appsflyer"]["last_status"]) \
        == (0, None, "never crawled")

    code, out, _ = scrapy(capsys, monkeypatch, "companies", "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(out)))) == len(spiders) + 1


# --- markstale -----------------------------------------------------------------------------


def test_markstale_retires_postings_not_seen_for_n_days(seed, database_url, capsys, monkeypatch):
    seed.company("wiz")
    seed.company("jfrog")
    seed.posting("wiz", "stale", first_seen=ago(days=200), last_seen=ago(days=61))
    seed.posting("wiz", "recent", first_seen=ago(days=200), last_seen=ago(days=59))
    seed.posting("wiz", "already-gone", first_seen=ago(days=200), last_seen=ago(days=100), active=False)
    seed.posting("jfrog", "stale-a", first_seen=ago(days=200), last_seen=ago(days=70))
    seed.posting("jfrog", "stale-b", first_seen=ago(days=200), last_seen=ago(days=65))

    code, out, err = scrapy(capsys, monkeypatch, "markstale")
    assert code == 0, err
    assert out.strip() == "marked 3 posting(s) stale (not seen for 60 days): jfrog 2, wiz 1"
    state = {r["external_id"]: r for r in rows(database_url, "SELECT external_id, is_active, removed_at FROM job_positions")}
    assert {k for k, r in state.items() if not r["is_active"]} == {"stale", "already-gone", "stale-a", "stale-b"}
    assert state["stale"]["removed_at"] is not None
    events = rows(database_url, """SELECT p.external_id, e.event_type, e.session_id FROM job_events e
                                   JOIN job_positions p ON p.id = e.job_position_id ORDER BY p.external_id""")
    assert [(e["external_id"], e["event_type"], e["session_id"]) for e in events] == [
        ("stale", "stale", None), ("stale-a", "stale", None), ("stale-b", "stale", None)]

    code, out, _ = scrapy(capsys, monkeypatch, "markstale")
    assert out.strip() == "marked 0 posting(s) stale (not seen for 60 days)"
    code, out, _ = scrapy(capsys, monkeypatch, "markstale", "--days", "30")
    assert out.strip() == "marked 1 posting(s) stale (not seen for 30 days): wiz 1"


# --- cleanup -------------------------------------------------------------------------------


def test_cleanup_deletes_old_sessions_keeps_events_abandons_leftovers(seed, database_url, capsys, monkeypatch):
    seed.company("wiz")
    seed.company("jfrog")
    old = seed.session("wiz", "completed", ago(days=100))
    posting = seed.posting("wiz", "p", first_seen=ago(days=100))
    seed.event("wiz", posting, "created", ago(days=100), session_id=old)
    seed.event("wiz", posting, "updated", ago(days=99), session_id=old)
    seed.session("jfrog", "failed", ago(days=95))
    kept = seed.session("wiz", "completed", ago(days=10))
    leftover = seed.session("wiz", "running", ago(days=2))
    live = seed.session("jfrog", "running", ago(minutes=30))

    lock = CrawlLock(seed.engine, "jfrog")  # a jfrog crawl is running right now
    lock.acquire()
    try:
        code, out, err = scrapy(capsys, monkeypatch, "cleanup")
    finally:
        lock.release()
    assert code == 0, err
    assert out.splitlines() == [
        "marked 1 leftover running session(s) abandoned (1 company crawl(s) still running, left alone)",
        "deleted 2 crawl session(s) older than 90 days (2 job event(s) kept, detached from them)",
    ]
    sessions = {r["id"]: r["status"] for r in rows(database_url, "SELECT id, status FROM scraping_sessions")}
    assert sessions == {kept: "completed", leftover: "abandoned", live: "running"}
    events = rows(database_url, "SELECT event_type, session_id FROM job_events ORDER BY event_type")
    assert [(e["event_type"], e["session_id"]) for e in events] == [("created", None), ("updated", None)]

    code, out, _ = scrapy(capsys, monkeypatch, "cleanup", "--days", "5")
    assert out.splitlines() == [
        "marked 1 leftover running session(s) abandoned",
        "deleted 1 crawl session(s) older than 5 days (0 job event(s) kept, detached from them)",
    ]


# --- bad arguments, unreachable database ---------------------------------------------------

BAD_ARGUMENTS = [
    (("markstale", "--days", "0"), "argument --days"),
    (("markstale", "--days", "ten"), "argument --days"),
    (("cleanup", "--days", "-3"), "argument --days"),
    (("stats", "--days", "1.5"), "argument --days"),
    (("stats", "--format", "xml"), "argument --format"),
    (("stats", "--company", "nosuchco"), "--company: no spider named nosuchco"),
    (("newjobs", "--hours", "0"), "argument --hours"),
    (("newjobs", "--format", "yaml"), "argument --format"),
    (("newjobs", "--company", "wiz", "--company", "nosuchco"), "--company: no spider named nosuchco"),
    (("companies", "extra"), "unexpected argument 'extra'"),
    (("markstale", "60"), "unexpected argument '60'"),
]


@pytest.mark.parametrize("args,message", BAD_ARGUMENTS, ids=[" ".join(a) for a, _ in BAD_ARGUMENTS])
def test_bad_arguments_exit_2_naming_the_argument(sqlite_url, capsys, monkeypatch, args, message):
    code, _, err = scrapy(capsys, monkeypatch, *args)
    assert code == 2
    assert message in err and "Traceback" not in err


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("command", ["markstale", "cleanup", "stats", "newjobs", "companies"])
def test_unreachable_database_is_one_line_exit_1(command, capsys, monkeypatch):
    port = _closed_port()
    monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg2://jobs:s3cr3t-pw@127.0.0.1:{port}/jobs")
    code, out, err = scrapy(capsys, monkeypatch, command)
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and out == ""
    assert err.startswith("error: cannot reach the database (postgresql at 127.0.0.1:") and str(port) in err
    assert "s3cr3t-pw" not in err


def test_exit_codes_as_a_user_sees_them(sqlite_url, run_scrapy):
    """The same rules through a real `scrapy` process (in-process runs share the exit path)."""
    usage = run_scrapy("stats", "--days", "0")
    assert usage.returncode == 2 and "argument --days" in usage.stderr
    down = run_scrapy("newjobs", env={"DATABASE_URL": f"postgresql+psycopg2://u:pw-x@127.0.0.1:{_closed_port()}/d"})
    assert down.returncode == 1 and down.stderr.count("\n") == 1 and "pw-x" not in down.stderr
    ok = run_scrapy("markstale", "--help")
    assert ok.returncode == 0 and "not seen for" in ok.stdout
