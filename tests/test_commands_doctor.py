"""scrapy doctor: one ✓/✗ line per check with a fix hint, exit 0 only when all pass."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from conftest import PROJECT
from jobscraper.ops import cron
from jobscraper.commands import doctor
from jobscraper.db.migrate import upgrade
from test_commands_ops import _closed_port, scrapy


def install_tab(path: Path, project: Path = PROJECT) -> None:
    cron.install(cron.open_tab(str(path)), cron.expected_lines(project, Path(sys.executable), cron.read_schedule()))


@pytest.fixture(autouse=True)
def one_line_per_check(monkeypatch):
    """Wide enough that no check wraps (test_lines_wrap_at_the_terminal_width tests wrapping)."""
    monkeypatch.setenv("COLUMNS", "1000")


@pytest.fixture
def healthy(sqlite_url, tmp_path, monkeypatch, server):
    """A migrated database, the crontab installed, a Chromium, a scrapyd that answers."""
    engine = create_engine(sqlite_url)
    upgrade(engine)
    engine.dispose()
    tab = tmp_path / "crontab"
    install_tab(tab)
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
    server.add("/daemonstatus.json", {"node_name": "n1", "status": "ok", "pending": 0, "running": 0, "finished": 0})
    env = {"JOBSCRAPER_CRONTAB_FILE": str(tab), "CHROMIUM_PATH": str(chromium), "SCRAPYD_URLS": server.base_url}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env


def lines(out: str) -> dict[str, str]:
    """check name -> the whole ✓/✗ line, plus its fix hint."""
    found, last = {}, None
    for line in out.splitlines():
        if line[:2] in ("✓ ", "✗ "):
            last = line[2:].split(":", 1)[0]
            found[last] = line
        elif line.startswith("    fix: ") and last:
            found[last] += "\n" + line.strip()
    return found


def test_all_checks_pass_exit_0(healthy, run_scrapy):
    result = run_scrapy("doctor", env=healthy)
    assert result.returncode == 0, result.stdout + result.stderr
    checks = lines(result.stdout)
    assert list(checks) == [".env readable by sh (as the cron lines read it)", "settings load",
                            "database reachable and migrated", "every spider importable",
                            "every active company has a spider", "crontab installed, pointing at this checkout",
                            "Chromium for browser spiders", "scrapyd reachable", "alert deliveries healthy",
                            "crawl health"]
    assert all(line.startswith("✓") for line in checks.values())
    assert f"3 lines, {PROJECT}" in checks["crontab installed, pointing at this checkout"]
    assert result.stdout.splitlines()[-1] == "10 of 10 checks passed"


def test_each_failure_is_a_cross_with_a_hint(healthy, tmp_path, monkeypatch, capsys):
    fresh = tmp_path / "fresh.sqlite3"  # reachable, never migrated
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{fresh}")
    install_tab(Path(healthy["JOBSCRAPER_CRONTAB_FILE"]), project=Path("/srv/old-checkout"))
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("SCRAPYD_URLS", f"{healthy['SCRAPYD_URLS']},http://127.0.0.1:{_closed_port()}")

    code, out, _ = scrapy(capsys, monkeypatch, "doctor")
    assert code == 1
    checks = lines(out)
    assert checks["settings load"].startswith("✓") and checks["every spider importable"].startswith("✓")
    assert checks["database reachable and migrated"].startswith("✗")
    assert "is at revision empty" in checks["database reachable and migrated"]
    assert "fix: run `make migrate`" in checks["database reachable and migrated"]
    crontab = checks["crontab installed, pointing at this checkout"]
    assert crontab.startswith("✗") and "jobscraper:crawlall points elsewhere (cd /srv/old-checkout)" in crontab
    assert "fix: run `make cron-install`" in crontab
    assert checks["Chromium for browser spiders"].startswith("✗") and "CHROMIUM_PATH" in checks["Chromium for browser spiders"]
    scrapyd = checks["scrapyd reachable"]
    assert scrapyd.startswith("✗") and "127.0.0.1" in scrapyd and "fix:" in scrapyd
    assert checks["alert deliveries healthy"].startswith("✗")
    assert checks["crawl health"].startswith("✗")
    assert out.splitlines()[-1] == "3 of 10 checks passed"


def test_crontab_missing_or_edited_lines(healthy, monkeypatch, capsys):
    tab = Path(healthy["JOBSCRAPER_CRONTAB_FILE"])
    tab.write_text("# the user's own\n30 2 * * * /usr/bin/backup\n")
    code, out, _ = scrapy(capsys, monkeypatch, "doctor")
    assert code == 1
    assert "jobscraper:crawlall missing; jobscraper:markstale missing; jobscraper:cleanup missing" in out

    install_tab(tab)
    tab.write_text(tab.read_text().replace("--days 60", "--days 6"))
    code, out, _ = scrapy(capsys, monkeypatch, "doctor")
    assert code == 1
    assert "✗ crontab installed, pointing at this checkout: jobscraper:markstale differs from the crontab file" in out


def test_unreachable_database_names_the_host_not_the_password(healthy, monkeypatch, capsys):
    port = _closed_port()
    monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg2://jobs:hunter2@127.0.0.1:{port}/jobs")
    code, out, _ = scrapy(capsys, monkeypatch, "doctor")
    assert code == 1
    line = lines(out)["database reachable and migrated"]
    assert line.startswith(f"✗ database reachable and migrated: cannot reach the database (postgresql at 127.0.0.1:{port}/jobs)")
    assert "hunter2" not in out


def test_an_alert_flagged_after_failed_deliveries_is_shown(healthy, sqlite_url, monkeypatch, capsys):
    from datetime import datetime, timezone

    from sqlalchemy.orm import Session

    from jobscraper.db.models import Alert

    engine = create_engine(sqlite_url)
    with Session(engine) as session, session.begin():
        session.add(Alert(name="backend-tlv", criteria={}, consecutive_failures=3,
                          flagged_at=datetime.now(timezone.utc), last_error="SMTP refused"))
        session.add(Alert(name="fine", criteria={}))
    engine.dispose()
    code, out, _ = scrapy(capsys, monkeypatch, "doctor")
    assert code == 1
    line = lines(out)["alert deliveries healthy"]
    assert line.startswith("✗ alert deliveries healthy: flagged after repeated delivery failures: backend-tlv\n")
    assert "fix: check SMTP_*" in line


def test_a_feature_adds_its_own_check(healthy, monkeypatch, capsys):
    def check_alerts(ctx: doctor.Context) -> doctor.Check:
        return doctor.Check("alerts configured", False, "SMTP_HOST unset", "set SMTP_* in .env")

    monkeypatch.setattr(doctor, "CHECKS", [*doctor.CHECKS, check_alerts])
    code, out, _ = scrapy(capsys, monkeypatch, "doctor")
    assert code == 1
    assert "✗ alerts configured: SMTP_HOST unset\n    fix: set SMTP_* in .env" in out
    assert out.splitlines()[-1] == "10 of 11 checks passed"


def test_scrapyd_urls_with_slots_and_credentials(healthy, monkeypatch, capsys):
    port = _closed_port()
    monkeypatch.setenv("SCRAPYD_URLS", f"{healthy['SCRAPYD_URLS']}#slots=8,http://ops:n0despass@127.0.0.1:{port}")
    code, out, _ = scrapy(capsys, monkeypatch, "doctor")
    assert code == 1
    line = lines(out)["scrapyd reachable"]
    assert line.startswith("✗ scrapyd reachable:") and f"127.0.0.1:{port}" in line
    assert "slots" not in line  # the first node answers; its #slots suffix is understood
    assert "n0despass" not in out


def test_an_active_company_without_a_spider_is_an_orphan(healthy, sqlite_url, monkeypatch, capsys):
    from sqlalchemy import insert

    from jobscraper.db.models import Company, JobPosition

    engine = create_engine(sqlite_url)
    with engine.begin() as connection:
        company = connection.execute(insert(Company).values(
            slug="gonecorp", name="Gonecorp", platform="greenhouse", is_active=True).returning(Company.id)).scalar_one()
        now = datetime.now(timezone.utc)
        connection.execute(insert(JobPosition), [
            {"company_id": company, "external_id": str(n), "title": "Role", "url": f"https://x/{n}",
             "content_hash": "h" * 64, "is_active": True, "first_seen_at": now, "last_seen_at": now}
            for n in range(2)])
    engine.dispose()
    code, out, _ = scrapy(capsys, monkeypatch, "doctor")
    assert code == 1
    line = lines(out)["every active company has a spider"]
    assert line == ("✗ every active company has a spider: no spider for gonecorp (2 active postings)\n"
                    "fix: retire it with `scrapy companies pause gonecorp`, or restore its spider")

    code, out, _ = scrapy(capsys, monkeypatch, "companies", "pause", "gonecorp")
    assert (code, out) == (0, "gonecorp: paused (crawlall skips it)\n")
    code, out, _ = scrapy(capsys, monkeypatch, "doctor")
    assert lines(out)["every active company has a spider"].startswith("✓ every active company has a spider: ")


def test_lines_wrap_at_the_terminal_width(healthy, monkeypatch, capsys):
    tab = Path(healthy["JOBSCRAPER_CRONTAB_FILE"])
    tab.write_text("")
    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = scrapy(capsys, monkeypatch, "doctor")
    assert code == 1
    assert all(len(line) <= 60 or len(line.split()) == 1 for line in out.splitlines())  # a long path alone
    text = out[out.index("✗ crontab"):]
    assert text.splitlines()[:4] == [
        "✗ crontab installed, pointing at this checkout:",
        "    jobscraper:crawlall missing; jobscraper:markstale",
        "    missing; jobscraper:cleanup missing",
        "    fix: run `make cron-install` in this checkout",
    ]


def test_a_critical_health_finding_fails_doctor_in_one_line(healthy, sqlite_url, monkeypatch, capsys):
    from datetime import timedelta

    from sqlalchemy import insert

    from jobscraper.db.models import Company, ScrapingSession, utc_now

    engine = create_engine(sqlite_url)
    now = utc_now()
    with engine.begin() as connection:
        connection.execute(insert(Company).values(slug="wiz", name="Wiz", platform="greenhouse",
                                                  created_at=now, updated_at=now))
        connection.execute(insert(ScrapingSession), [
            {"company_id": 1, "spider": "wiz", "status": "failed", "started_at": now - timedelta(hours=n),
             "finished_at": now - timedelta(hours=n), "finish_reason": "finished",
             "removals_skipped_reason": "incomplete listing: listing request failed: HTTP 503"}
            for n in range(3)
        ])
    engine.dispose()
    code, out, _ = scrapy(capsys, monkeypatch, "doctor")
    assert code == 1
    assert lines(out)["crawl health"] == ("✗ crawl health: 1 finding(s), 1 critical: wiz failing\n"
                                          "fix: `scrapy health` lists the findings with their evidence")


def test_a_bad_operator_notification_url_fails_doctor(healthy, monkeypatch, capsys):
    monkeypatch.setenv("JOBSCRAPER_OPS_NOTIFY", "nosuchscheme://x")
    code, out, _ = scrapy(capsys, monkeypatch, "doctor")
    assert code == 1
    assert "✗ crawl health: JOBSCRAPER_OPS_NOTIFY: not a notification URL apprise knows (nosuchscheme://…)" in out


def test_doctor_reads_env_as_sh_names_a_broken_line_and_the_database_it_uses(healthy, tmp_path, run_scrapy):
    env_file = tmp_path / ".env"
    env_file.write_text("SMTP_HOST=smtp.example.com\nSMTP_FROM=jobscraper <alerts@example.com>\n")
    broken = run_scrapy("doctor", env={**healthy, "JOBSCRAPER_ENV_FILE": str(env_file)})
    checks = lines(broken.stdout)
    env_check = checks[".env readable by sh (as the cron lines read it)"]
    assert broken.returncode == 1 and env_check.startswith("✗")
    assert f"{env_file} is not valid sh" in env_check and "Syntax error: newline unexpected" in env_check
    assert "fix: fix that line of .env" in env_check

    database = tmp_path / "from-env-file.sqlite3"
    env_file.write_text(f"DATABASE_URL=sqlite:///{database}\nSMTP_FROM='jobscraper <alerts@example.com>'\n")
    fixed = run_scrapy("doctor", env={**healthy, "JOBSCRAPER_ENV_FILE": str(env_file), "DATABASE_URL": ""})
    checks = lines(fixed.stdout)
    assert checks[".env readable by sh (as the cron lines read it)"].startswith("✓")
    assert "sets DATABASE_URL, SMTP_FROM" in checks[".env readable by sh (as the cron lines read it)"]
    assert f"sqlite file {database} (DATABASE_URL from {env_file})" in checks["database reachable and migrated"]

    chosen = tmp_path / "chosen.sqlite3"  # a variable set in the environment wins over .env
    explicit = run_scrapy("doctor", env={**healthy, "JOBSCRAPER_ENV_FILE": str(env_file),
                                         "DATABASE_URL": f"sqlite:///{chosen}"})
    assert f"sqlite file {chosen} (DATABASE_URL from the environment)" in explicit.stdout
