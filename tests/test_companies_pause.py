"""scrapy companies pause|resume SLUG, and a company whose spider was deleted shown as orphaned."""

from __future__ import annotations

import json

from dbcheck import rows
from test_commands_ops import ago, scrapy, seed  # noqa: F401 - seed is a fixture


def states(capsys, monkeypatch) -> dict[str, tuple[str, bool, bool, int]]:
    code, out, err = scrapy(capsys, monkeypatch, "companies", "--format", "json")
    assert code == 0, err
    return {row["company"]: (row["state"], row["active"], row["spider"], row["postings"])
            for row in json.loads(out)["companies"]}


def test_pause_and_resume_set_is_active(seed, database_url, capsys, monkeypatch):
    seed.company("wiz")
    seed.company("gonecorp")
    seed.posting("gonecorp", "g1", first_seen=ago(days=3))

    code, out, err = scrapy(capsys, monkeypatch, "companies", "pause", "wiz", "jfrog")
    assert (code, out, err) == (0, "wiz, jfrog: paused (crawlall skips it)\n", "")
    found = states(capsys, monkeypatch)
    assert found["wiz"] == ("paused", False, True, 0) and found["jfrog"][:2] == ("paused", False)
    assert found["appsflyer"][:2] == ("active", True)
    assert found["gonecorp"] == ("orphaned", True, False, 1)
    assert {r["slug"]: bool(r["is_active"]) for r in rows(
        database_url, "SELECT slug, is_active FROM companies WHERE slug IN ('wiz', 'jfrog')")} == \
        {"wiz": False, "jfrog": False}

    code, out, _ = scrapy(capsys, monkeypatch, "companies", "resume", "wiz")
    assert (code, out) == (0, "wiz: resumed (crawlall crawls it)\n")
    assert states(capsys, monkeypatch)["wiz"][:2] == ("active", True)

    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = scrapy(capsys, monkeypatch, "companies")
    table = {cells[0]: cells for cells in ([c.strip() for c in line.split("│")[1:-1]]
                                            for line in out.splitlines() if line.startswith("│"))}
    assert "state" in table["company"] and "active" not in table["company"]
    assert table["gonecorp"][table["company"].index("state")] == "orphaned"
    assert table["jfrog"][table["company"].index("state")] == "paused"
    assert max(len(line) for line in out.splitlines()) <= 100


def test_pause_needs_a_known_company(seed, capsys, monkeypatch):
    code, _, err = scrapy(capsys, monkeypatch, "companies", "pause", "nosuchco")
    assert code == 2 and "no company named nosuchco; `scrapy companies` lists them" in err
    code, _, err = scrapy(capsys, monkeypatch, "companies", "pause")
    assert code == 2 and "`companies pause` takes one or more company slugs" in err
    code, _, err = scrapy(capsys, monkeypatch, "companies", "retire", "wiz")
    assert code == 2 and "unexpected argument 'retire'" in err
    assert "Traceback" not in err
