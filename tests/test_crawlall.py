"""scrapy crawlall: every company in one process, failures isolated, one summary."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from dbcheck import rows
from greenhouse_format import WIZ_PATH, board, greenhouse_job

JFROG_PATH = "/v1/boards/jfrog/jobs"


def test_one_failing_company_never_stops_the_others(database_url, server, run_scrapy):
    server.add(WIZ_PATH, {"error": "boom"}, status=500)
    server.add(JFROG_PATH, board(greenhouse_job(5, token="jfrog"), greenhouse_job(6, token="jfrog")))
    result = run_scrapy("crawlall", "--company", "wiz", "--company", "jfrog", "-a", f"base_url={server.base_url}",
                        env={"COLUMNS": "200"})
    assert result.returncode == 1
    assert "[1/2]" in result.stderr and "[2/2]" in result.stderr
    summary = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:]]
               for line in result.stdout.splitlines() if line.startswith("│")}
    assert summary["jfrog"][:6] == ["completed", "2", "2", "0", "0", "0"]
    assert summary["wiz"][0] == "failed" and "incomplete listing" in summary["wiz"][6]
    assert summary["total"][0] == "1/2 ok"
    statuses = {r["slug"]: r["status"] for r in rows(database_url, """
        SELECT c.slug, s.status FROM scraping_sessions s JOIN companies c ON c.id = s.company_id""")}
    assert statuses == {"wiz": "failed", "jfrog": "completed"}


def test_inactive_companies_are_skipped(sqlite_url, server, run_scrapy):
    server.add(JFROG_PATH, board(greenhouse_job(5, token="jfrog")))
    server.add(WIZ_PATH, board(greenhouse_job(1)))
    # The first run syncs every company row from the spider classes.
    assert run_scrapy("crawlall", "--company", "jfrog", "-a", f"base_url={server.base_url}").returncode == 0
    engine = create_engine(sqlite_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE companies SET is_active = false WHERE slug != 'jfrog'"))
    engine.dispose()
    before = len(server.requests)
    result = run_scrapy("crawlall", "-a", f"base_url={server.base_url}")
    assert result.returncode == 0, result.stderr[-1500:]
    assert [r.path for r in server.requests[before:]] == [JFROG_PATH]


def test_a_crawl_with_no_operator_channel_or_metrics_file_imports_neither_library(sqlite_url, server, run_scrapy):
    # Every crawlall ends by telling the operator channels about findings and writing the
    # metrics textfile: apprise (0.05 s) and prometheus_client (0.02 s) are for when
    # JOBSCRAPER_OPS_NOTIFY and JOBSCRAPER_METRICS_FILE are set.
    server.add(JFROG_PATH, board(greenhouse_job(5, token="jfrog")))
    result = run_scrapy("crawlall", "--company", "jfrog", "-a", f"base_url={server.base_url}",
                        env={"JOBSCRAPER_OPS_NOTIFY": "", "JOBSCRAPER_METRICS_FILE": "",
                             "PYTHONPROFILEIMPORTTIME": "1"})
    assert result.returncode == 0, result.stderr[-1500:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "jobscraper.monitoring.metrics" in imported  # the probe sees the end of the crawl
    assert not {"apprise", "prometheus_client"} & imported


def test_bad_arguments_are_usage_errors(sqlite_url, run_scrapy):
    unknown = run_scrapy("crawlall", "--company", "nosuchco")
    assert unknown.returncode == 2 and "--company: no spider named nosuchco" in unknown.stderr
    platform = run_scrapy("crawlall", "--platform", "gopher")
    assert platform.returncode == 2 and "--platform: unknown platform 'gopher'" in platform.stderr
    spider_arg = run_scrapy("crawlall", "--company", "wiz", "-a", "since=yesterday")
    assert spider_arg.returncode == 2 and "since must look like 24h" in spider_arg.stderr
    for result in (unknown, platform, spider_arg):
        assert "Traceback" not in result.stderr


def test_alerts_are_delivered_after_the_crawls(sqlite_url, server, run_scrapy, tmp_path):
    import xml.etree.ElementTree as ET

    feeds = tmp_path / "feeds"
    env = {"JOBSCRAPER_FEEDS_DIR": str(feeds)}
    added = run_scrapy("alerts", "add", "engineers", "--keywords", "engineer", "--atom",
                       "--frequency", "immediate", env=env)
    assert added.returncode == 0, added.stderr[-1500:]
    server.add(WIZ_PATH, board(greenhouse_job(1, "Backend Engineer"), greenhouse_job(2, "Product Designer")))
    result = run_scrapy("crawlall", "--company", "wiz", "--alerts", "-a", f"base_url={server.base_url}", env=env)
    assert result.returncode == 0, result.stderr[-1500:]
    assert "alerts: 1 alert(s) due, 1 match(es) recorded" in result.stdout
    [feed] = feeds.glob("*.xml")
    titles = [e.text for e in ET.parse(feed).getroot().iter("{http://www.w3.org/2005/Atom}title")]
    assert any("Backend Engineer" in (t or "") for t in titles)
    assert not any("Product Designer" in (t or "") for t in titles)
    again = run_scrapy("crawlall", "--company", "wiz", "--alerts", "-a", f"base_url={server.base_url}", env=env)
    assert "0 match(es) recorded" in again.stdout
    refused = run_scrapy("crawlall", "--alerts", "--no-wait", "--scrapyd", "http://127.0.0.1:9")
    assert refused.returncode == 2 and "--alerts waits for the crawls" in refused.stderr


def write_greenhouse_spiders(root, count: int) -> list[str]:
    """A package of ``count`` throwaway company spiders over the Greenhouse base."""
    package = root / "manyspiders"
    package.mkdir()
    (package / "__init__.py").write_text("")
    names = [f"many_{n:03d}" for n in range(count)]
    for n, name in enumerate(names):
        (package / f"{name}.py").write_text(
            "from jobscraper.platforms.greenhouse import GreenhouseSpider\n\n\n"
            f"class Many{n:03d}Spider(GreenhouseSpider):\n"
            f"    name = {name!r}\n    company = 'Many {n:03d}'\n    board_token = 'many{n:03d}'\n")
    return names


def test_forty_companies_in_one_crawlall_on_postgresql_all_complete(postgres_url, server, run_scrapy, tmp_path):
    """One process, 40 crawls, one PostgreSQL: no crawl waits for a connection another holds."""
    import os

    import pytest

    from conftest import _fresh_postgres_database

    if postgres_url is None:
        pytest.skip("no PostgreSQL server binaries found")
    url = _fresh_postgres_database(postgres_url)
    names = write_greenhouse_spiders(tmp_path, 40)
    for n in range(40):
        server.add(f"/v1/boards/many{n:03d}/jobs",
                   board(*(greenhouse_job(n * 100 + j, token=f"many{n:03d}") for j in range(5))))
    env = {"DATABASE_URL": url, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    result = run_scrapy("crawlall", "-s", "SPIDER_MODULES=manyspiders", "-a", f"base_url={server.base_url}",
                        "--at-once", "40", "--summary", "full", env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "[40/40]" in result.stderr and "40/40 ok" in result.stdout
    found = rows(url, """SELECT c.slug, s.status, s.items_seen FROM scraping_sessions s
                         JOIN companies c ON c.id = s.company_id""")
    assert sorted((r["slug"], r["status"], r["items_seen"]) for r in found) == [(name, "completed", 5) for name in names]


def test_a_crawl_that_cannot_open_its_session_gets_a_failed_row_with_the_reason(postgres_url, server, run_scrapy):
    import pytest

    from conftest import _fresh_postgres_database

    if postgres_url is None:
        pytest.skip("no PostgreSQL server binaries found")
    url = _fresh_postgres_database(postgres_url)
    env = {"DATABASE_URL": url, "COLUMNS": "200"}
    assert run_scrapy("migrate", env=env).returncode == 0
    engine = create_engine(url)
    with engine.begin() as connection:  # the database refuses jfrog's running session
        connection.execute(text("""
            CREATE FUNCTION refuse_jfrog() RETURNS trigger AS $$ BEGIN
              IF NEW.spider = 'jfrog' AND NEW.status = 'running' THEN RAISE EXCEPTION 'no sessions for jfrog today'; END IF;
              RETURN NEW; END $$ LANGUAGE plpgsql"""))
        connection.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON scraping_sessions "
                                "FOR EACH ROW EXECUTE FUNCTION refuse_jfrog()"))
    engine.dispose()
    server.add(WIZ_PATH, board(greenhouse_job(1)))
    server.add(JFROG_PATH, board(greenhouse_job(5, token="jfrog")))
    result = run_scrapy("crawlall", "--company", "wiz", "--company", "jfrog", "-a", f"base_url={server.base_url}",
                        env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    summary = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:]]
               for line in result.stdout.splitlines() if line.startswith("│")}
    assert summary["wiz"][0] == "completed"
    assert summary["jfrog"][0] == "failed" and "cannot open a crawl session" in summary["jfrog"][6]
    found = rows(url, """SELECT c.slug, s.status, s.removals_skipped_reason AS reason
                         FROM scraping_sessions s JOIN companies c ON c.id = s.company_id""")
    jfrog = [r for r in found if r["slug"] == "jfrog"]
    assert len(jfrog) == 1 and jfrog[0]["status"] == "failed" and "no sessions for jfrog today" in jfrog[0]["reason"]
    stats = run_scrapy("stats", "--format", "csv", env=env)
    assert stats.returncode == 0 and "jfrog" in stats.stdout


def _summary_text(rows, **kwargs) -> str:
    import io
    import os
    from unittest import mock

    from jobscraper.ops.runs import render_summary

    out = io.StringIO()
    with mock.patch.dict(os.environ, {"COLUMNS": "160"}):
        render_summary(rows, file=out, **kwargs)
    return out.getvalue()


def _roster_rows(count: int, failed: dict[str, str]):
    from jobscraper.ops.runs import SummaryRow

    return [SummaryRow(f"company{i:03d}", failed.get(f"company{i:03d}", "completed"), seen=3, new=1, unchanged=2)
            for i in range(count)]


def test_a_roster_sized_summary_lists_only_the_companies_that_did_not_complete():
    rows = _roster_rows(350, {"company007": "failed", "company100": "partial"})
    platforms = {row.company: ("comeet" if i < 200 else "greenhouse") for i, row in enumerate(rows)}
    text = _summary_text(rows, platforms=platforms)
    listed = [line.split("│")[1].strip() for line in text.splitlines() if line.startswith("│")]
    listed = [cell for cell in listed if cell not in ("company", "platform")]  # the headings
    assert "Not completed: 2 of 350 companies" in text
    assert listed[:3] == ["company007", "company100", "total"]
    assert not any(name.startswith("company") for name in listed[3:])
    totals = {line.split("│")[1].strip(): [cell.strip() for cell in line.split("│")[2:-1]]
              for line in text.splitlines() if line.startswith("│")}
    # companies, completed, failed, partial, seen, new, updated, unchanged, removed
    assert totals["comeet"] == ["200", "198", "1", "1", "600", "200", "0", "400", "0"]
    assert totals["greenhouse"] == ["150", "150", "0", "0", "450", "150", "0", "300", "0"]
    assert totals["total"][:4] == ["350", "348", "1", "1"]
    assert len(text.splitlines()) < 30


def test_every_company_has_a_summary_row_when_asked_or_when_few():
    few = _summary_text(_roster_rows(3, {}))
    assert all(f"company00{i}" in few for i in range(3)) and "by platform" not in few
    full = _summary_text(_roster_rows(350, {}), mode="full")
    assert all(f"company{i:03d}" in full for i in range(350))
    quiet = _summary_text(_roster_rows(350, {}), platforms={})
    assert "All 350 companies completed." in quiet and "company001" not in quiet


def test_the_compact_summary_of_a_crawl(sqlite_url, server, run_scrapy):
    server.add(WIZ_PATH, {"error": "boom"}, status=500)
    server.add(JFROG_PATH, board(greenhouse_job(5, token="jfrog")))
    result = run_scrapy("crawlall", "--company", "wiz", "--company", "jfrog", "--summary", "compact",
                        "-a", f"base_url={server.base_url}")
    assert result.returncode == 1
    cells = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
             for line in result.stdout.splitlines() if line.startswith("│")}
    assert cells["wiz"][0] == "failed" and "jfrog" not in cells
    assert cells["greenhouse"][:3] == ["2", "1", "1"]
    bad = run_scrapy("crawlall", "--summary", "short")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_crawls_take_the_hosts_in_turn_busiest_first():
    from jobscraper.ops.runs import interleave_by_host

    hosts = {"a1": "comeet", "a2": "comeet", "a3": "comeet", "b1": "greenhouse", "b2": "greenhouse",
             "c1": "intel.wd1"}
    assert interleave_by_host(hosts) == ["a1", "b1", "c1", "a2", "b2", "a3"]


def test_a_company_is_paced_by_the_host_its_crawl_starts_from():
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    from jobscraper.ops.runs import crawl_host

    loader = SpiderLoader.from_settings(get_project_settings())
    assert crawl_host(loader.load("wiz")()) == crawl_host(loader.load("jfrog")()) == "boards-api.greenhouse.io"
    assert crawl_host(loader.load("intel")()) == "intel.wd1.myworkdayjobs.com"
    assert crawl_host(loader.load("nvidia")()) == "nvidia.eightfold.ai"
    assert crawl_host(loader.load("monday")()) == "www.comeet.com"


def test_at_once_bounds_the_companies_crawled_together(sqlite_url, server, run_scrapy):
    boards = {"wiz": WIZ_PATH, "jfrog": JFROG_PATH, "datadog": "/v1/boards/datadog/jobs"}
    for token, path in boards.items():
        server.add(path, board(greenhouse_job(1, token=token)), delay=1.0)
    result = run_scrapy("crawlall", *(f"--company={name}" for name in boards), "--at-once", "1",
                        "-a", f"base_url={server.base_url}")
    assert result.returncode == 0, result.stderr[-1500:]
    started = sorted(request.at for request in server.requests if request.path in boards.values())
    assert len(started) == 3
    assert all(later - earlier >= 1.0 for earlier, later in zip(started, started[1:]))
    refused = run_scrapy("crawlall", "--at-once", "0")
    assert refused.returncode == 2 and "--at-once" in refused.stderr
