"""VC boards end to end: postings go to their employers, a role also on the employer's own ATS is
stored once (the direct source wins, in either crawl order), removal is scoped to the board."""

from __future__ import annotations

import pytest

from dbcheck import postings, rows, sessions
from jobscraper.db.boards import canonical_url, role_key
from spidertest import FIXTURES, load_json

SEARCH = "/api/v2/collections/10949/search/jobs"  # the israelvcforum spider's collection
BOARD = load_json(FIXTURES / "getro" / "board-with-wiz.json")


def crawl(run_scrapy, server, name):
    result = run_scrapy("crawl", name, "-a", f"base_url={server.base_url}")
    assert result.returncode == 0, result.stderr[-3000:]


def serve(server, jobs):
    server.add(SEARCH, {"results": {"count": len(jobs), "jobs": jobs}}, method="POST")


def board_listings(url):
    return {row["external_id"]: row for row in rows(url, """
        SELECT l.external_id, l.is_active, p.external_id AS posting, e.slug AS employer
        FROM board_listings l JOIN companies b ON b.id = l.board_id
        JOIN companies e ON e.id = l.employer_id
        LEFT JOIN job_positions p ON p.id = l.job_position_id
        WHERE b.slug = 'israelvcforum'""")}


def company(url, slug):
    found = rows(url, "SELECT c.*, d.slug AS discovered_via FROM companies c "
                      "LEFT JOIN companies d ON d.id = c.discovered_via_id WHERE c.slug = :slug", slug=slug)
    return found[0] if found else None


@pytest.mark.parametrize("order", [("wiz", "israelvcforum"), ("israelvcforum", "wiz")],
                         ids=["direct-first", "board-first"])
def test_a_role_on_a_vc_board_and_on_the_employers_ats_is_stored_once(database_url, server, run_scrapy, order):
    server.load_site(FIXTURES / "sites" / "wiz")
    serve(server, BOARD["results"]["jobs"])
    for name in order:
        crawl(run_scrapy, server, name)

    wiz = postings(database_url, "wiz")
    # Wiz's four Israeli postings once each, plus the role only the board lists.
    assert sorted(wiz) == ["7010000001", "7010000002", "7010000003", "7010000004", "getro-41000103"]
    assert all(posting["is_active"] for posting in wiz.values())
    assert wiz["7010000001"]["description_text"]  # the direct source's content won
    assert wiz["7010000003"]["title"] == "Product Manager, Platform"
    assert wiz["getro-41000103"]["board_id"] is not None and wiz["7010000001"]["board_id"] is None
    assert {ext: (row["posting"], row["employer"]) for ext, row in board_listings(database_url).items()} == {
        "41000101": ("7010000001", "wiz"),  # the same canonical URL
        "41000102": ("7010000003", "wiz"),  # the same title and city
        "41000103": ("getro-41000103", "wiz"),
        "41000104": ("getro-41000104", "examplesec"),
    }
    discovered = company(database_url, "examplesec")
    assert (discovered["name"], discovered["discovered_via"]) == ("ExampleSec", "israelvcforum")
    wiz_company = company(database_url, "wiz")
    # First seen on the board when the board was crawled first; its own spider owns the row since.
    assert wiz_company["discovered_via"] == (None if order[0] == "wiz" else "israelvcforum")
    assert wiz_company["platform"] == "greenhouse"
    assert company(database_url, "exampleco") is None  # its only job is in New York
    assert postings(database_url, "examplesec")["getro-41000104"]["city"] == "Haifa"
    board_session = sessions(database_url, "israelvcforum")[-1]
    assert (board_session["status"], board_session["jobs_new"], board_session["jobs_removed"]) == ("completed", 4, 0)
    if order[0] == "wiz":
        assert board_session["stats"]["jobscraper/boards/linked_to_direct"] == 2
    else:
        assert sessions(database_url, "wiz")[-1]["stats"]["jobscraper/boards/adopted"] == 2


def test_a_job_gone_from_the_board_leaves_its_view_and_never_the_direct_posting(database_url, server, run_scrapy):
    server.load_site(FIXTURES / "sites" / "wiz")
    serve(server, BOARD["results"]["jobs"])
    crawl(run_scrapy, server, "wiz")
    crawl(run_scrapy, server, "israelvcforum")
    kept = [job for job in BOARD["results"]["jobs"] if job["id"] not in (41000101, 41000103)]
    serve(server, kept)
    crawl(run_scrapy, server, "israelvcforum")

    listings = board_listings(database_url)
    assert {ext: bool(row["is_active"]) for ext, row in listings.items()} == {
        "41000101": False, "41000102": True, "41000103": False, "41000104": True}
    wiz = postings(database_url, "wiz")
    assert wiz["7010000001"]["is_active"]  # Wiz's own board still lists it
    assert not wiz["getro-41000103"]["is_active"] and wiz["getro-41000103"]["removed_at"] is not None
    assert sessions(database_url, "israelvcforum")[-1]["jobs_removed"] == 2
    # and the next crawl of Wiz's own board removes nothing of the board's
    crawl(run_scrapy, server, "wiz")
    assert sessions(database_url, "wiz")[-1]["jobs_removed"] == 0


def test_matching_keys():
    assert canonical_url("https://boards.greenhouse.io/wizinc/jobs/7010000001?gh_src=getro") == \
        canonical_url("http://job-boards.greenhouse.io/wizinc/jobs/7010000001/") == \
        "boards.greenhouse.io/wizinc/jobs/7010000001"
    assert canonical_url("https://www.wiz.io/careers/job/1?utm_source=x&team=rnd#apply") == "wiz.io/careers/job/1?team=rnd"
    assert canonical_url("not a url") is None
    assert role_key(1, "Product Manager - Platform", "Haifa", None) == role_key(1, "product manager, platform ", "haifa", "x")
    assert role_key(1, "Engineer", "Haifa", None) != role_key(2, "Engineer", "Haifa", None)
    assert role_key(1, "מפתח/ת Backend", None, "תל אביב") == (1, "מפתח ת backend", "תל אביב")
