"""scrapy roster: the company table generated from the spiders, and the README section it writes."""

from __future__ import annotations

import json
from pathlib import Path

from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

from jobscraper.commands.roster import END_MARK, START_MARK, markdown, roster_rows

PROJECT = Path(__file__).resolve().parent.parent
LOADER = SpiderLoader.from_settings(get_project_settings())


def test_the_readme_roster_is_the_one_the_spiders_generate():
    readme = (PROJECT / "README.md").read_text("utf-8")
    section = readme[readme.index(START_MARK) + len(START_MARK) + 1:readme.index(END_MARK)]
    assert section == markdown(roster_rows(LOADER)), "the README's roster is stale: run `make roster`"


def test_every_spider_is_a_row_with_its_platform_and_careers_url(run_scrapy):
    result = run_scrapy("roster", "--format", "json")
    assert result.returncode == 0, result.stderr[-1500:]
    companies = {row["slug"]: row for row in json.loads(result.stdout)["companies"]}
    assert set(companies) == set(LOADER.list())
    assert companies["wiz"] == {"company": "Wiz", "slug": "wiz", "platform": "greenhouse",
                                "careers_url": "https://www.wiz.io/careers"}
    assert companies["intel"]["platform"] == "workday"


def test_into_writes_between_the_marks_and_nowhere_else(run_scrapy, tmp_path):
    target = tmp_path / "ROSTER.md"
    target.write_text(f"# Before\n\n{START_MARK}\nold table\n{END_MARK}\n\nAfter\n", "utf-8")
    first = run_scrapy("roster", "--into", str(target))
    assert first.returncode == 0 and "written" in first.stdout, first.stderr[-1500:]
    text = target.read_text("utf-8")
    assert text.startswith(f"# Before\n\n{START_MARK}\n{len(LOADER.list())} companies.\n")
    assert "old table" not in text and text.endswith(f"{END_MARK}\n\nAfter\n")
    assert "| Wiz | `wiz` | greenhouse | https://www.wiz.io/careers |" in text
    again = run_scrapy("roster", "--into", str(target))
    assert "already current" in again.stdout and target.read_text("utf-8") == text


def test_a_file_without_marks_or_a_wrong_format_is_one_line_and_a_failure(run_scrapy, tmp_path):
    plain = tmp_path / "plain.md"
    plain.write_text("no marks here\n", "utf-8")
    unmarked = run_scrapy("roster", "--into", str(plain))
    assert unmarked.returncode == 1 and "has no roster section" in unmarked.stderr
    assert plain.read_text("utf-8") == "no marks here\n"
    missing = run_scrapy("roster", "--into", str(tmp_path / "absent.md"))
    assert missing.returncode == 1 and "cannot update" in missing.stderr
    wrong = run_scrapy("roster", "--into", str(plain), "--format", "csv")
    assert wrong.returncode == 2
    for result in (unmarked, missing, wrong):
        assert "Traceback" not in result.stderr
