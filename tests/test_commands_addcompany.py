"""`scrapy addcompany URL`: the platform and identifiers of every URL form, boards embedded in
pages served locally, the spider file and fixture skeleton it writes, and its one-line errors."""

from __future__ import annotations

import importlib.util
import json
import socket
from pathlib import Path

import pytest
from scrapy.cmdline import execute

from conftest import PROJECT
from jobscraper.commands import addcompany
from jobscraper.commands.addcompany import BASES, detect_from_url
from jobscraper.platforms.base import JobBoardSpider

PAGES = Path(__file__).parent / "fixtures" / "addcompany"
HTML = "text/html; charset=utf-8"


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


@pytest.fixture
def rooms(tmp_path, monkeypatch):
    """The spiders folder and fixture sites the command writes to, in a throwaway place."""
    spiders, sites = tmp_path / "spiders", tmp_path / "sites"
    spiders.mkdir()
    sites.mkdir()
    monkeypatch.setattr(addcompany, "SPIDERS_DIR", spiders)
    monkeypatch.setattr(addcompany, "SITES_DIR", sites)
    return spiders, sites


URL_FORMS = [
    ("https://boards.greenhouse.io/wizinc", "greenhouse", {"board_token": "wizinc"}),
    ("https://job-boards.greenhouse.io/wizinc/jobs/4012345?gh_src=x", "greenhouse", {"board_token": "wizinc"}),
    ("https://job-boards.eu.greenhouse.io/acme", "greenhouse", {"board_token": "acme"}),
    ("https://boards.greenhouse.io/embed/job_board?for=jfrog", "greenhouse", {"board_token": "jfrog"}),
    ("https://boards-api.greenhouse.io/v1/boards/wizinc/jobs?content=true", "greenhouse", {"board_token": "wizinc"}),
    ("https://jobs.lever.co/riskified", "lever", {"site": "riskified"}),
    ("https://jobs.lever.co/riskified/0a1b2c3d-aaaa/apply", "lever", {"site": "riskified"}),
    ("https://jobs.eu.lever.co/acme", "lever", {"site": "acme", "eu_instance": True}),
    ("https://jobs.ashbyhq.com/eon", "ashby", {"job_board_name": "eon"}),
    ("https://jobs.ashbyhq.com/eon/5b8a?utm_source=x", "ashby", {"job_board_name": "eon"}),
    ("https://careers.smartrecruiters.com/Wix2", "smartrecruiters", {"company_identifier": "Wix2"}),
    ("https://jobs.smartrecruiters.com/Wix2/744000100000001-backend", "smartrecruiters", {"company_identifier": "Wix2"}),
    ("https://intel.wd1.myworkdayjobs.com/External", "workday",
     {"tenant": "intel", "wd_instance": "wd1", "site": "External"}),
    ("https://nvidia.wd5.myworkdayjobs.com/en-US/NVIDIAExternalCareerSite/job/Israel/R-1", "workday",
     {"tenant": "nvidia", "wd_instance": "wd5", "locale": "en-US", "site": "NVIDIAExternalCareerSite"}),
    ("https://www.comeet.com/jobs/monday/41.00B", "comeet", {"company_uid": "41.00B", "hosted_slug": "monday"}),
    ("https://www.comeet.com/jobs/lumenis/a1.00c/qa-engineer/A1.B12", "comeet",
     {"company_uid": "A1.00C", "hosted_slug": "lumenis"}),
    ("https://nvidia.eightfold.ai/careers?domain=nvidia.com", "eightfold",
     {"host": "nvidia.eightfold.ai", "domain": "nvidia.com"}),
    ("https://apply.workable.com/vayyar/", "workable", {"account": "vayyar"}),
    ("https://apply.workable.com/vayyar/j/ABC123DEF/", "workable", {"account": "vayyar"}),
    ("https://apply.workable.com/api/v3/accounts/vayyar/jobs", "workable", {"account": "vayyar"}),
    ("https://kodem.bamboohr.com/careers", "bamboohr", {"tenant": "kodem"}),
    ("https://israelvcforum.getro.com/jobs", "getro", {"board_url": "https://israelvcforum.getro.com"}),
    ("https://api.getro.com/api/v2/collections/10949/search/jobs", "getro", {"collection_id": "10949"}),
    ("https://jobs.ebayinc.com/us/en/search-results", "phenom", {"host": "jobs.ebayinc.com"}),
    ("https://jobs.ebayinc.com/us/en/job/R0061234/Software-Engineer", "phenom", {"host": "jobs.ebayinc.com"}),
    ("https://descope.breezy.hr/", "breezy", {"portal": "descope"}),
    ("https://ib1.recruitee.com/o/backend", "recruitee", {"company_slug": "ib1"}),
    ("https://vicarius.teamtailor.com/jobs", "teamtailor", {"company_slug": "vicarius"}),
    ("https://gett.pinpointhq.com/", "pinpoint", {"subdomain": "gett"}),
    ("https://gett.pinpointhq.com/en/postings/880001", "pinpoint", {"subdomain": "gett"}),
    ("https://oosto.careers.hibob.com/jobs/5f0c1d2e", "hibob", {"tenant": "oosto"}),
    ("https://edbz.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX/jobs", "oracle",
     {"host": "edbz.fa.us2.oraclecloud.com", "site_number": "CX"}),
    ("https://fa-epcb-saasfaprod1.fa.ocs.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1/job/42", "oracle",
     {"host": "fa-epcb-saasfaprod1.fa.ocs.oraclecloud.com", "site_number": "CX_1"}),
    ("https://jobs.sap.com/googlefeed.xml", "successfactors", {"careers_host": "jobs.sap.com"}),
    ("https://jobs.booking.com/booking/jobs", "booking", {}),
]


@pytest.mark.parametrize("url, platform, identifiers", URL_FORMS, ids=[form[0] for form in URL_FORMS])
def test_the_url_alone_names_platform_and_identifiers(url, platform, identifiers):
    found = detect_from_url(url)
    assert (found.platform, found.identifiers) == (platform, identifiers)


def test_every_platform_of_the_table_has_a_url_form_tested():
    tested = {platform for _, platform, _ in URL_FORMS}
    assert set(BASES) - tested == {"talentbrew", "jsonld"}  # found only in pages (tests below)


@pytest.mark.parametrize("url", [
    "https://www.example.com/careers", "https://boards.greenhouse.io/", "https://www.workable.com/pricing",
    "https://www.bamboohr.com/careers", "https://www.linkedin.com/company/x/jobs/", "https://apply.workable.com/",
])
def test_urls_that_say_no_board_name_none(url):
    assert detect_from_url(url) is None


def test_dry_run_prints_the_detection_as_json_and_writes_nothing(capsys, monkeypatch, rooms):
    code, out, err = scrapy(capsys, monkeypatch, "addcompany", "https://boards.greenhouse.io/acmeinc",
                            "--dry-run", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {"slug": "acmeinc", "name": "Acmeinc", "platform": "greenhouse",
                               "identifiers": {"board_token": "acmeinc"},
                               "careers_url": "https://boards.greenhouse.io/acmeinc"}
    assert list(rooms[0].iterdir()) == [] and list(rooms[1].iterdir()) == []


def test_name_and_slug_can_be_given(capsys, monkeypatch, rooms):
    code, out, _ = scrapy(capsys, monkeypatch, "addcompany", "https://intel.wd1.myworkdayjobs.com/en-US/External",
                          "--name", "Intel Israel", "--slug", "intelil", "--dry-run", "--format", "json")
    assert code == 0
    assert {key: json.loads(out)[key] for key in ("slug", "name")} == {"slug": "intelil", "name": "Intel Israel"}


def serve(server, name: str, path: str = "/careers") -> str:
    server.add(path, (PAGES / name).read_text("utf-8"), content_type=HTML)
    return f"{server.base_url}{path}"


@pytest.mark.parametrize("page, platform, identifiers", [
    ("greenhouse-embed.html", "greenhouse", {"board_token": "acmeinc"}),
    ("lever-iframe.html", "lever", {"site": "acme-labs"}),
    ("comeet-widget.html", "comeet", {"company_uid": "A1.00B", "token": "0000AAAA1111BBBB2222CCCC3333"}),
    ("workable-embed.html", "workable", {"account": "acme-robotics"}),
    ("getro-board.html", "getro", {"collection_id": "10949", "board_url": "{origin}"}),
    ("phenom-site.html", "phenom", {"host": "127.0.0.1"}),
    ("successfactors-site.html", "successfactors", {"careers_host": "127.0.0.1"}),
    ("oracle-vanity.html", "oracle", {"host": "ecxx.fa.us2.oraclecloud.com", "site_number": "CX_1001"}),
    ("talentbrew-search.html", "talentbrew", {"host": "127.0.0.1"}),
])
def test_a_board_embedded_in_the_careers_page_is_found(capsys, monkeypatch, rooms, server, page, platform, identifiers):
    url = serve(server, page)
    code, out, err = scrapy(capsys, monkeypatch, "addcompany", url, "--name", "Acme", "--dry-run", "--format", "json")
    assert (code, err) == (0, "")
    identifiers = {key: value.replace("{origin}", server.base_url) for key, value in identifiers.items()}
    assert (json.loads(out)["platform"], json.loads(out)["identifiers"]) == (platform, identifiers)
    assert [r.path for r in server.requests] == ["/robots.txt", "/careers"]
    assert all(r.headers.get("User-Agent", "").startswith("jobscraper/") for r in server.requests)


def test_json_ld_on_the_first_linked_job_page_makes_a_json_ld_spider(capsys, monkeypatch, rooms, server):
    url = serve(server, "jsonld-listing.html")
    serve(server, "jsonld-job.html", "/careers/rnd-1-backend-engineer")
    code, out, _ = scrapy(capsys, monkeypatch, "addcompany", url, "--name", "Acme", "--dry-run", "--format", "json")
    assert code == 0
    assert (json.loads(out)["platform"], json.loads(out)["identifiers"]) == ("jsonld", {"listing_url": url})
    assert [r.path for r in server.requests] == ["/robots.txt", "/careers", "/careers/rnd-1-backend-engineer"]


def test_a_page_that_redirects_to_a_board_is_read_from_the_final_url(capsys, monkeypatch, rooms, server):
    server.add("/jobs", b"", status=302, headers={"Location": f"{server.base_url}/careers"})
    serve(server, "lever-iframe.html")
    code, out, _ = scrapy(capsys, monkeypatch, "addcompany", f"{server.base_url}/jobs", "--name", "Acme",
                          "--dry-run", "--format", "json")
    assert code == 0 and json.loads(out)["identifiers"] == {"site": "acme-labs"}


def test_robots_txt_that_forbids_the_page_is_obeyed(capsys, monkeypatch, rooms, server):
    server.add("/robots.txt", "User-agent: *\nDisallow: /careers\n", content_type="text/plain")
    url = serve(server, "greenhouse-embed.html")
    code, out, err = scrapy(capsys, monkeypatch, "addcompany", url, "--dry-run")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "robots.txt" in err and "forbids" in err
    assert [r.path for r in server.requests] == ["/robots.txt"]


def test_a_page_without_any_board_is_an_unknown_platform(capsys, monkeypatch, rooms, server):
    url = serve(server, "nothing.html")
    code, out, err = scrapy(capsys, monkeypatch, "addcompany", url, "--dry-run")
    assert (code, out) == (2, "")
    assert err == f"error: no known job board found at {url}\n"


def test_a_dead_site_is_one_line_and_exit_1(capsys, monkeypatch, rooms):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, _, err = scrapy(capsys, monkeypatch, "addcompany", f"http://127.0.0.1:{port}/careers", "--dry-run")
    assert code == 1 and err.startswith("error: ") and err.count("\n") == 1


@pytest.mark.parametrize("args, message", [
    (["ftp://example.com/careers"], "not an http(s) URL"),
    (["boards.greenhouse.io/wiz"], "not an http(s) URL"),
    (["https://boards.greenhouse.io/wizinc", "--slug", "wiz"], "a spider named 'wiz' exists already"),
    (["https://boards.greenhouse.io/wizinc", "--slug", "Wiz-Inc"], "must be lower-case letters and digits"),
    (["https://nvidia.eightfold.ai/careers"], "eightfold board found, but https://nvidia.eightfold.ai/careers "
                                              "does not give its domain"),
    ([], "give exactly one careers URL"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, monkeypatch, rooms, args, message):
    code, out, err = scrapy(capsys, monkeypatch, "addcompany", *args, "--dry-run")
    assert (code, out) == (2, "")
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def load_spider(path: Path) -> type[JobBoardSpider]:
    spec = importlib.util.spec_from_file_location(f"written_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    [spider] = [value for value in vars(module).values()
                if isinstance(value, type) and issubclass(value, JobBoardSpider) and getattr(value, "name", None)]
    return spider


WRITABLE = [
    ("https://boards.greenhouse.io/acmeinc", "/v1/boards/acmeinc/jobs", {"content": "true"}),
    ("https://jobs.eu.lever.co/acme", "/v0/postings/acme", None),
    ("https://jobs.ashbyhq.com/acme", None, None),
    ("https://jobs.smartrecruiters.com/Acme1", "/v1/companies/Acme1/postings", None),
    ("https://acme.wd3.myworkdayjobs.com/en-US/Acme_Careers", "/wday/cxs/acme/Acme_Careers/jobs", None),
    ("https://www.comeet.com/jobs/acme/A1.00B", "/jobs/acme/A1.00B", None),
    ("https://acme.eightfold.ai/careers?domain=acme.com", "/api/pcsx/search", None),
    ("https://acme.pinpointhq.com/", "/postings.json", None),
    ("https://acme.careers.hibob.com/", "/api/job-ad", None),
    ("https://ecxx.fa.us2.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_1/jobs",
     "/hcmRestApi/resources/latest/recruitingCEJobRequisitions", None),
    ("https://careers.acme.com/googlefeed.xml", "/googlefeed.xml", None),
]


@pytest.mark.parametrize("url, path, query", WRITABLE, ids=[form[0] for form in WRITABLE])
def test_the_written_spider_is_configuration_over_the_right_base(capsys, monkeypatch, rooms, url, path, query):
    spiders, sites = rooms
    code, out, err = scrapy(capsys, monkeypatch, "addcompany", url, "--name", "Acme Labs")
    assert code == 0, err
    found = detect_from_url(url)
    spider = load_spider(spiders / "acmelabs.py")
    base = BASES[found.platform]
    assert (spider.__mro__[1].__module__, spider.__mro__[1].__name__) == (base.module, base.cls)
    assert (spider.name, spider.company, spider.careers_url) == ("acmelabs", "Acme Labs", url)
    assert {key: getattr(spider, key) for key in found.identifiers} == found.identifiers
    spider.check_configuration()
    own = set(vars(spider)) - {"__module__", "__doc__", "__qualname__", "__firstlineno__", "__static_attributes__"}
    assert not [name for name in own if callable(vars(spider)[name])]
    assert out.splitlines()[0].startswith(f"Acme Labs (acmelabs): {found.platform}")
    assert out.splitlines()[0].endswith("(found in the URL)")
    assert "wrote " + str(spiders / "acmelabs.py") in out
    routes = json.loads((sites / "acmelabs" / "routes.json").read_text("utf-8"))
    if path is None:
        return
    [route] = routes
    assert route["path"] == path
    assert (sites / "acmelabs" / route["file"]).exists()
    if query:
        assert route["query"] == query


def test_the_written_booking_spider_needs_no_identifiers(capsys, monkeypatch, rooms):
    code, out, _ = scrapy(capsys, monkeypatch, "addcompany", "https://jobs.booking.com/booking/jobs", "--slug", "bookingtwo")
    assert code == 0
    spider = load_spider(rooms[0] / "bookingtwo.py")
    assert (spider.company, spider.platform) == ("Booking.com", "booking")


def test_the_written_json_ld_spider_names_its_listing_page(capsys, monkeypatch, rooms, server):
    url = serve(server, "jsonld-listing.html")
    serve(server, "jsonld-job.html", "/careers/rnd-1-backend-engineer")
    code, out, _ = scrapy(capsys, monkeypatch, "addcompany", url, "--name", "Acme", "--format", "json")
    assert code == 0
    assert json.loads(out)["wrote"][0].endswith("acme.py")
    spider = load_spider(rooms[0] / "acme.py")
    assert (spider.platform, spider.listing_url) == ("jsonld", url)
    [route] = json.loads((rooms[1] / "acme" / "routes.json").read_text("utf-8"))
    assert (route["path"], route["file"]) == ("/careers", "listing.html")


def test_a_platform_without_a_base_in_this_checkout_is_refused_when_writing(capsys, monkeypatch, rooms):
    monkeypatch.setitem(BASES, "breezy", addcompany.Base("jobscraper.platforms.nosuchbase", "NoSpider", ("portal",)))
    code, _, err = scrapy(capsys, monkeypatch, "addcompany", "https://acme.breezy.hr/")
    assert code == 2 and "has no platform base" in err
    assert list(rooms[0].iterdir()) == []


def test_a_getro_board_url_reads_its_collection_id_from_the_board_page():
    class Board(addcompany.Fetcher):
        def get(self, url):
            self.asked = url
            return url, (PAGES / "getro-board.html").read_text("utf-8"), {}

    fetcher = Board("jobscraper-test")
    found = addcompany.detect("https://israelvcforum.getro.com/jobs", fetcher)
    assert (found.platform, found.identifiers) == (
        "getro", {"board_url": "https://israelvcforum.getro.com", "collection_id": "10949"})
    assert fetcher.asked == "https://israelvcforum.getro.com/jobs"


def test_a_url_that_names_its_board_is_not_fetched():
    class NoNetwork(addcompany.Fetcher):
        def get(self, url):
            raise AssertionError(f"fetched {url}")

    found = addcompany.detect("https://gett.pinpointhq.com/", NoNetwork("jobscraper-test"))
    assert found.identifiers == {"subdomain": "gett"} and found.found_in == "the URL"


def test_a_robots_txt_that_fails_with_5xx_forbids_everything_and_says_so(capsys, monkeypatch, rooms, server):
    server.add("/robots.txt", "busy", status=503, content_type="text/plain")
    url = serve(server, "greenhouse-embed.html")
    code, _, err = scrapy(capsys, monkeypatch, "addcompany", url, "--dry-run")
    assert code == 1 and "robots.txt answered HTTP 503, which forbids everything" in err and err.count("\n") == 1
