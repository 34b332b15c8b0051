"""`scrapy alerts` as a user runs it (subprocesses, SQLite): import, edit, test, send, export."""

from __future__ import annotations

from datetime import timedelta

import yaml
from sqlalchemy import create_engine

from jobscraper.db.models import utc_now
from test_alerts_delivery import Receiver, add_company, add_posting

ALERTS_YAML = """\
alerts:
  - name: python
    channels: {webhook: WEBHOOK}
    criteria:
      keywords_any: [python, פייתון]
      exclude_keywords: [intern]
  - name: managers
    frequency: weekly
    channels: {email: [me@example.com], atom: true}
    criteria: {seniority: [manager]}
"""


def test_alerts_command_from_yaml_to_delivery(sqlite_url, tmp_path, run_scrapy):
    receiver = Receiver()
    try:
        source = tmp_path / "alerts.yaml"
        source.write_text(ALERTS_YAML.replace("WEBHOOK", f"{receiver.url}/hook"), encoding="utf-8")
        imported = run_scrapy("alerts", "import", str(source))
        assert imported.returncode == 0, imported.stderr
        assert imported.stdout == "imported 2 alert(s): 2 added, 0 updated, 0 unchanged\n"
        again = run_scrapy("alerts", "import", str(source))
        assert again.stdout == "imported 2 alert(s): 0 added, 0 updated, 2 unchanged\n"
        source.write_text(source.read_text(encoding="utf-8").replace("[intern]", "[intern, student]"),
                          encoding="utf-8")
        changed = run_scrapy("alerts", "import", str(source))
        assert changed.stdout == "imported 2 alert(s): 0 added, 1 updated, 1 unchanged\n"

        engine = create_engine(sqlite_url)
        wiz = add_company(engine, "wiz", "Wiz")
        seen = utc_now() + timedelta(seconds=1)
        add_posting(engine, wiz, "1", "Senior Python Developer", seen=seen)
        add_posting(engine, wiz, "2", "מפתח/ת פייתון", seen=seen, workplace_type="remote")
        add_posting(engine, wiz, "3", "Python Intern", seen=seen)
        add_posting(engine, wiz, "4", "Head of Data", seen=seen)
        engine.dispose()

        tried = run_scrapy("alerts", "test", "python", "--days", "7", env={"COLUMNS": "400"})  # whole URLs
        assert tried.returncode == 0, tried.stderr
        lines = tried.stdout.splitlines()
        assert lines[0] == "python would have matched 2 posting(s) first seen in the last 7 day(s)"
        assert lines[1].split() == ["COMPANY", "TITLE", "LOCATION", "WORKPLACE", "SENIORITY", "DATE", "URL"]
        assert "Senior Python Developer" in lines[2] and "senior" in lines[2]
        assert "מפתח/ת פייתון" in lines[3] and "Remote" in lines[3]

        edited = run_scrapy("alerts", "edit", "managers", "--clear", "email", "--notify-removed")
        assert edited.returncode == 0, edited.stderr
        sent = run_scrapy("alerts", "send", "python")
        assert sent.returncode == 0, sent.stderr
        assert sent.stdout.startswith("1 alert(s) due, 2 match(es) recorded, 2 delivered in 1 message(s)")
        assert receiver.titles("/hook") == [["Senior Python Developer", "מפתח/ת פייתון"]]
        shown = run_scrapy("alerts", "show", "python")
        assert "# deliveries: 2 sent, 0 pending, 0 failed\n" in shown.stdout, shown.stderr

        exported = run_scrapy("alerts", "export")
        assert exported.returncode == 0, exported.stderr
        document = yaml.safe_load(exported.stdout)
        assert document["alerts"][0] == {
            "name": "managers", "enabled": True, "frequency": "weekly", "notify_removed": True,
            "channels": {"atom": True}, "criteria": {"seniority": ["manager"]}}
        assert document["alerts"][1]["criteria"] == {"keywords_any": ["python", "פייתון"],
                                                     "exclude_keywords": ["intern", "student"]}

        listed = run_scrapy("alerts", "list")
        assert [line.split()[:4] for line in listed.stdout.splitlines()] == [
            ["NAME", "STATE", "FREQUENCY", "CHANNELS"],
            ["managers", "on", "weekly", "atom"],
            ["python", "on", "immediate", "webhook"],
        ]
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()


def test_alerts_command_refuses_bad_input(sqlite_url, run_scrapy):
    bad = run_scrapy("alerts", "add", "remote", "--workplace", "moon")
    assert bad.returncode == 2
    assert "workplace: unknown value 'moon'" in bad.stderr and "Traceback" not in bad.stderr
    missing = run_scrapy("alerts", "show", "nothing")
    assert missing.returncode == 1
    assert missing.stderr == "error: no alert named nothing; `scrapy alerts list` shows them\n"
