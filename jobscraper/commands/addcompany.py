"""``scrapy addcompany URL``: a company spider from its careers URL.

The platform and its identifiers are read off the URL where the URL says them (a Greenhouse
board, a Workday site, …). Otherwise the page is fetched, politely (robots.txt obeyed, a timeout,
our User-Agent), and searched for an embedded board: links and scripts of a known job board,
a Comeet widget, a Getro, Phenom, TalentBrew or SuccessFactors site, or schema.org ``JobPosting``
JSON-LD (on the page, or on the first job page it links to).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from protego import Protego
from scrapy.commands import ScrapyCommand
from scrapy.spiderloader import get_spider_loader

from jobscraper.commands import CommandFailed, error
from jobscraper.exitcodes import EXIT_USAGE
from jobscraper.platforms.jsonld import DEFAULT_JOB_PATH, job_postings

PROJECT = Path(__file__).resolve().parents[2]
SPIDERS_DIR = PROJECT / "jobscraper" / "spiders"
SITES_DIR = PROJECT / "tests" / "fixtures" / "sites"
FETCH_TIMEOUT = 15.0
MAX_PAGE_BYTES = 5_000_000


@dataclass(frozen=True)
class Base:
    module: str
    cls: str
    required: tuple[str, ...]


# The one table from platform to the base a new spider is written on (module, class, the
# identifier attributes it requires). Identifiers a detection finds beyond these are optional
# attributes of the same base.
BASES: dict[str, Base] = {
    "greenhouse": Base("jobscraper.platforms.greenhouse", "GreenhouseSpider", ("board_token",)),
    "lever": Base("jobscraper.platforms.lever", "LeverSpider", ("site",)),
    "ashby": Base("jobscraper.platforms.ashby", "AshbySpider", ("job_board_name",)),
    "smartrecruiters": Base("jobscraper.platforms.smartrecruiters", "SmartRecruitersSpider", ("company_identifier",)),
    "workday": Base("jobscraper.platforms.workday", "WorkdaySpider", ("tenant", "wd_instance", "site")),
    "comeet": Base("jobscraper.platforms.comeet", "ComeetSpider", ("company_uid",)),
    "eightfold": Base("jobscraper.platforms.eightfold", "EightfoldSpider", ("host", "domain")),
    "workable": Base("jobscraper.platforms.workable", "WorkableSpider", ("account",)),
    "bamboohr": Base("jobscraper.platforms.bamboohr", "BambooHRSpider", ("tenant",)),
    "getro": Base("jobscraper.platforms.getro", "GetroSpider", ("collection_id", "board_url")),
    "phenom": Base("jobscraper.platforms.phenom", "PhenomSpider", ("host",)),
    "talentbrew": Base("jobscraper.platforms.talentbrew", "TalentBrewSpider", ("host",)),
    "breezy": Base("jobscraper.platforms.breezy", "BreezySpider", ("portal",)),
    "recruitee": Base("jobscraper.platforms.recruitee", "RecruiteeSpider", ("company_slug",)),
    "teamtailor": Base("jobscraper.platforms.teamtailor", "TeamtailorSpider", ("company_slug",)),
    "pinpoint": Base("jobscraper.platforms.pinpoint", "PinpointSpider", ("subdomain",)),
    "hibob": Base("jobscraper.platforms.hibob", "HiBobSpider", ("tenant",)),
    "oracle": Base("jobscraper.platforms.oracle", "OracleRecruitingSpider", ("host", "site_number")),
    "successfactors": Base("jobscraper.platforms.successfactors", "SuccessFactorsSpider", ("careers_host",)),
    "booking": Base("jobscraper.platforms.booking", "BookingJobsSpider", ()),
    "jsonld": Base("jobscraper.platforms.jsonld", "JsonLdJobsSpider", ("listing_url",)),
}

# Hosts of job-board vendors: a company's name is read from its identifier there, not the host.
VENDOR_DOMAINS = ("greenhouse.io", "lever.co", "ashbyhq.com", "smartrecruiters.com", "myworkdayjobs.com",
                  "comeet.com", "comeet.co", "eightfold.ai", "workable.com", "bamboohr.com", "getro.com",
                  "breezy.hr", "recruitee.com", "teamtailor.com", "pinpointhq.com", "hibob.com",
                  "oraclecloud.com", "phenompeople.com")
GENERIC_LABELS = {"www", "jobs", "job", "careers", "career", "apply", "boards", "join", "work", "hiring"}
# Subdomains of vendor hosts that are the vendor's own pages, never a company's board.
VENDOR_OWN = {"www", "api", "apply", "app", "jobs", "boards", "help", "support", "careers", "cdn", "static",
              "assets", "images", "media"}

_URL_IN_PAGE = re.compile(r"""https?:(?:\\?/){2}(?:[^\s"'<>()\\]|\\/)+|(?<=["'])//[a-z0-9.-]+\.[a-z]{2,}/[^\s"'<>()\\]*""",
                          re.IGNORECASE)
_WORKDAY_HOST = re.compile(r"^(?P<tenant>[a-z0-9-]+)\.(?P<wd>wd\d+)\.myworkdayjobs\.com$", re.IGNORECASE)
_LOCALE = re.compile(r"^[a-z]{2}(?:-[A-Za-z]{2})?$")
_COMEET_UID = re.compile(r"^[0-9A-F]{2}\.[0-9A-F]{3}$", re.IGNORECASE)
_COMEET_WIDGET_UID = re.compile(
    r"""["']?(?:company-uid|comeet_uid|company_uid|companyUid)["']?\s*[:=]\s*["']([0-9A-Fa-f]{2}\.[0-9A-Fa-f]{3})["']""")
_COMEET_WIDGET_TOKEN = re.compile(r"""["']?(?:token|comeet_token)["']?\s*[:=]\s*["']([0-9A-Fa-f]{16,})["']""")
_ORACLE_REST_HOST = re.compile(r"\b([a-z0-9-]+(?:\.[a-z0-9-]+)*\.fa\.[a-z0-9.-]*oraclecloud\.com)\b", re.IGNORECASE)
_ORACLE_SITE = re.compile(r"""siteNumber["']?\s*[:=]\s*["']?(CX[_0-9]*)""")
_ORACLE_SITE_PATH = re.compile(r"/sites/([A-Za-z0-9_]+)")
_GETRO_COLLECTION = re.compile(r"/collections/(\d+)/")
_PHENOM_PATH = re.compile(r"^/[a-z]{2}/[a-z]{2}(?:-[a-z]{2})?/(?:search-results|job/)", re.IGNORECASE)
_PHENOM_MARKS = ("phApp.ddo", "phenompeople.com", "cdn.phenompeople")
_TALENTBREW_MARKS = ("tbcdn.talentbrew.com", "radancy.net", "tmpwebeng.com/magicbullet")
_SUCCESSFACTORS_MARKS = ("rmkcdn.successfactors.com", "jobs2web.com", "successfactors.com", "successfactors.eu",
                         "sapsf.com", "sapsf.eu", "jobs.hr.cloud.sap")
_SLUG = re.compile(r"^[a-z][a-z0-9]*$")


@dataclass
class Detection:
    platform: str
    identifiers: dict[str, Any]
    name_hint: str | None = None
    found_in: str = "the URL"


# --- detection from the URL alone ----------------------------------------------------------


def detect_from_url(url: str) -> Detection | None:
    """The platform and identifiers a careers URL states, or None when it states none."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    segments = [unquote(segment) for segment in parts.path.split("/") if segment]
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    first = segments[0] if segments else None
    label = host.split(".")[0]

    if host in ("boards.greenhouse.io", "job-boards.greenhouse.io", "job-boards.eu.greenhouse.io",
                "boards.eu.greenhouse.io"):
        if first == "embed" and query.get("for"):
            return Detection("greenhouse", {"board_token": query["for"]})
        if first and first != "embed":
            return Detection("greenhouse", {"board_token": first})
    if host in ("boards-api.greenhouse.io", "api.greenhouse.io") and segments[:2] == ["v1", "boards"] \
            and len(segments) > 2:
        return Detection("greenhouse", {"board_token": segments[2]})
    if host in ("jobs.lever.co", "jobs.eu.lever.co") and first:
        identifiers: dict[str, Any] = {"site": first}
        if host == "jobs.eu.lever.co":
            identifiers["eu_instance"] = True
        return Detection("lever", identifiers)
    if host in ("api.lever.co", "api.eu.lever.co") and segments[:2] == ["v0", "postings"] and len(segments) > 2:
        identifiers = {"site": segments[2]}
        if host == "api.eu.lever.co":
            identifiers["eu_instance"] = True
        return Detection("lever", identifiers)
    if host == "jobs.ashbyhq.com" and first:
        return Detection("ashby", {"job_board_name": first})
    if host == "api.ashbyhq.com" and segments[:2] == ["posting-api", "job-board"] and len(segments) > 2:
        return Detection("ashby", {"job_board_name": segments[2]})
    if host in ("careers.smartrecruiters.com", "jobs.smartrecruiters.com") and first:
        return Detection("smartrecruiters", {"company_identifier": first})
    if host == "api.smartrecruiters.com" and segments[:2] == ["v1", "companies"] and len(segments) > 2:
        return Detection("smartrecruiters", {"company_identifier": segments[2]})
    workday = _WORKDAY_HOST.match(host)
    if workday:
        rest = segments
        if rest[:1] == ["wday"] and len(rest) >= 4 and rest[1] == "cxs":  # the CXS API path
            return Detection("workday", {"tenant": rest[2], "wd_instance": workday["wd"], "site": rest[3]})
        identifiers = {"tenant": workday["tenant"], "wd_instance": workday["wd"].lower()}
        if rest and _LOCALE.match(rest[0]):
            identifiers["locale"] = rest[0]
            rest = rest[1:]
        if rest:
            return Detection("workday", {**identifiers, "site": rest[0]})
        return Detection("workday", identifiers)
    if host in ("www.comeet.com", "comeet.com", "www.comeet.co", "comeet.co"):
        if first == "jobs" and len(segments) >= 3 and _COMEET_UID.match(segments[2]):
            return Detection("comeet", {"company_uid": segments[2].upper(), "hosted_slug": segments[1]})
        if segments[:3] == ["careers-api", "2.0", "company"] and len(segments) > 3 and query.get("token"):
            return Detection("comeet", {"company_uid": segments[3].upper(), "token": query["token"]})
    if host.endswith(".eightfold.ai") and label not in VENDOR_OWN:
        identifiers = {"host": host}
        if query.get("domain"):
            identifiers["domain"] = query["domain"]
        return Detection("eightfold", identifiers)
    if host == "apply.workable.com" and first:
        if first == "api":
            account = _after(segments, "accounts")
            return Detection("workable", {"account": account}) if account else None
        return Detection("workable", {"account": first})
    if host.endswith(".workable.com") and host.count(".") == 2 and label not in VENDOR_OWN:
        return Detection("workable", {"account": label})
    if host.endswith(".bamboohr.com") and host.count(".") == 2 and label not in VENDOR_OWN:
        return Detection("bamboohr", {"tenant": label})
    if host == "api.getro.com":
        collection = _after(segments, "collections")
        return Detection("getro", {"collection_id": collection}) if collection else None
    if host.endswith(".getro.com") and host.count(".") == 2 and label not in VENDOR_OWN:
        return Detection("getro", {"board_url": f"{parts.scheme}://{parts.netloc}"})
    if host.endswith(".breezy.hr") and host.count(".") == 2 and label not in VENDOR_OWN:
        return Detection("breezy", {"portal": label})
    if host.endswith(".recruitee.com") and host.count(".") == 2 and label not in VENDOR_OWN:
        return Detection("recruitee", {"company_slug": label})
    if host.endswith(".teamtailor.com") and host.count(".") == 2 and label not in VENDOR_OWN:
        return Detection("teamtailor", {"company_slug": label})
    if host.endswith(".pinpointhq.com") and host.count(".") == 2 and label not in VENDOR_OWN:
        return Detection("pinpoint", {"subdomain": label})
    if host.endswith(".careers.hibob.com") and host.count(".") == 3:
        return Detection("hibob", {"tenant": label})
    if host.endswith("oraclecloud.com") and ".fa." in host:
        site = _after(segments, "sites")
        if site:
            return Detection("oracle", {"host": host, "site_number": site})
        if query.get("finder"):
            found = re.search(r"siteNumber=([A-Za-z0-9_]+)", query["finder"])
            if found:
                return Detection("oracle", {"host": host, "site_number": found.group(1)})
    if host == "jobs.booking.com":
        return Detection("booking", {}, name_hint="Booking.com")
    if parts.path.endswith("/googlefeed.xml"):
        return Detection("successfactors", {"careers_host": host})
    if host.endswith(".phenompeople.com") or _PHENOM_PATH.match(parts.path):
        return Detection("phenom", {"host": host})
    return None


def _after(segments: list[str], marker: str) -> str | None:
    if marker in segments:
        index = segments.index(marker)
        if index + 1 < len(segments):
            return segments[index + 1]
    return None


# --- detection in a fetched page -----------------------------------------------------------


def detect_in_page(url: str, page: str) -> Detection | None:
    """The board a careers page embeds, from its text alone (no further requests)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    uid, token = _COMEET_WIDGET_UID.search(page), _COMEET_WIDGET_TOKEN.search(page)
    if uid and token:
        return Detection("comeet", {"company_uid": uid.group(1).upper(), "token": token.group(1)}, found_in="the page")
    for embedded in _urls_in(page, url):
        found = detect_from_url(embedded)
        if found and found.platform not in ("phenom", "successfactors"):
            found.found_in = "the page"
            return found
    if "__NEXT_DATA__" in page and "getro" in page.lower():
        collection = _getro_collection(page)
        if collection:
            return Detection("getro", {"collection_id": collection, "board_url": f"{parts.scheme}://{parts.netloc}"},
                             found_in="the page")
    if any(mark in page for mark in _PHENOM_MARKS):
        return Detection("phenom", {"host": host}, found_in="the page")
    if any(mark in page for mark in _TALENTBREW_MARKS) and 'id="search-results"' in page:
        return Detection("talentbrew", {"host": host}, found_in="the page")
    oracle_host = _ORACLE_REST_HOST.search(page)
    if oracle_host:
        site = _ORACLE_SITE.search(page) or _ORACLE_SITE_PATH.search(parts.path)
        if site:
            return Detection("oracle", {"host": oracle_host.group(1).lower(), "site_number": site.group(1)},
                             found_in="the page")
    if any(mark in page for mark in _SUCCESSFACTORS_MARKS):
        return Detection("successfactors", {"careers_host": host}, found_in="the page")
    return None


def _urls_in(page: str, base: str) -> list[str]:
    found = []
    for match in _URL_IN_PAGE.finditer(page):
        value = match.group(0).replace("\\/", "/").replace("&amp;", "&")
        found.append(urljoin(base, value))
    return found


def _getro_collection(page: str) -> str | None:
    match = re.search(r'<script[^>]+id="__NEXT_DATA__"[^>]*>(.*?)</script>', page, re.DOTALL)
    if match:
        try:
            network = json.loads(match.group(1))["props"]["pageProps"]["network"]
            return str(network["id"])
        except (ValueError, KeyError, TypeError):
            pass
    collection = _GETRO_COLLECTION.search(page)
    return collection.group(1) if collection else None


# --- polite fetching -----------------------------------------------------------------------


class Fetcher:
    """GETs pages with our User-Agent and a timeout, after asking each host's robots.txt."""

    def __init__(self, user_agent: str, timeout: float = FETCH_TIMEOUT) -> None:
        self.user_agent = user_agent
        self.timeout = timeout
        self._robots: dict[str, tuple[Protego, str]] = {}

    def get(self, url: str) -> tuple[str, str, dict[str, str]]:
        """(final URL, text, headers); CommandFailed when robots.txt forbids it or it fails."""
        rules, why = self.robots_rules(url)
        if not rules.can_fetch(url, self.user_agent):
            raise CommandFailed(f"robots.txt of {urlsplit(url).netloc} forbids fetching {url}{why}")
        status, final_url, body, headers = self._open(url)
        if status >= 400:
            raise CommandFailed(f"{url} answered HTTP {status}")
        charset = re.search(r"charset=([\w-]+)", headers.get("content-type", ""))
        return final_url, body.decode(charset.group(1) if charset else "utf-8", errors="replace"), headers

    def robots_rules(self, url: str) -> tuple[Protego, str]:
        """The host's rules read as RFC 9309 says: 2xx its rules, 4xx none, 5xx everything forbidden."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            status, _, body, _ = self._open(f"{origin}/robots.txt")
            if 200 <= status < 300:
                self._robots[origin] = (Protego.parse(body.decode("utf-8", errors="replace")), "")
            elif 400 <= status < 500:
                self._robots[origin] = (Protego.parse(""), "")
            else:
                self._robots[origin] = (Protego.parse("User-agent: *\nDisallow: /\n"),
                                        f" (robots.txt answered HTTP {status}, which forbids everything)")
        return self._robots[origin]

    def _open(self, url: str) -> tuple[int, str, bytes, dict[str, str]]:
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent,
                                                       "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                headers = {key.lower(): value for key, value in response.headers.items()}
                return response.status, response.geturl(), response.read(MAX_PAGE_BYTES), headers
        except urllib.error.HTTPError as exc:
            return exc.code, url, b"", {}
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise CommandFailed(f"cannot fetch {url}: {reason}") from None


def detect(url: str, fetcher: Fetcher) -> Detection | None:
    """From the URL when it says the platform; else from the page (and one job page it links to)."""
    found = detect_from_url(url)
    if found and not _needs_page(found):
        return found
    final_url, page, _ = fetcher.get(url)
    if found:  # the URL names the board, the page holds the rest of its identifiers
        return _complete_from_page(found, page)
    found = detect_from_url(final_url) or detect_in_page(final_url, page)
    if found:
        return _complete_from_page(found, page) if _needs_page(found) else found
    if job_postings(page):
        return Detection("jsonld", {"listing_url": url}, found_in="the page")
    links = [link for link in _links(page, final_url)
             if urlsplit(link).netloc == urlsplit(final_url).netloc and DEFAULT_JOB_PATH.search(urlsplit(link).path)
             and urlsplit(link).path.rstrip("/") != urlsplit(final_url).path.rstrip("/")]
    if links:
        try:
            _, job_page, _ = fetcher.get(links[0])
        except CommandFailed:
            return None
        if job_postings(job_page):
            return Detection("jsonld", {"listing_url": url}, found_in=f"job page {links[0]}")
    return None


def _needs_page(found: Detection) -> bool:
    return found.platform == "getro" and "collection_id" not in found.identifiers


def _complete_from_page(found: Detection, page: str) -> Detection:
    if found.platform == "getro":
        collection = _getro_collection(page)
        if collection:
            found.identifiers["collection_id"] = collection
    return found


def _links(page: str, base: str) -> list[str]:
    return [urljoin(base, href) for href in re.findall(r"""<a\s[^>]*href=["']([^"'#]+)""", page, re.IGNORECASE)]


# --- naming and writing --------------------------------------------------------------------


def company_name(found: Detection, url: str) -> str:
    if found.name_hint:
        return found.name_hint
    host = (urlsplit(url).hostname or "").lower()
    if not any(host == domain or host.endswith("." + domain) for domain in VENDOR_DOMAINS):
        labels = [label for label in host.split(".")[:-1] if label not in GENERIC_LABELS]
        if labels:
            return labels[-1].replace("-", " ").title()
    identifiers = found.identifiers
    for key in ("board_token", "site", "job_board_name", "company_identifier", "tenant", "hosted_slug",
                "account", "portal", "company_slug", "subdomain"):
        value = identifiers.get(key)
        if isinstance(value, str) and value:
            value = re.sub(r"\d+$", "", value) if key == "company_identifier" else value
            return re.sub(r"[-_]+", " ", value).title()
    for key in ("host", "board_url", "careers_host", "listing_url"):
        value = identifiers.get(key)
        if isinstance(value, str) and value:
            labels = [label for label in (urlsplit(value).hostname or value).split(".")[:-1]
                      if label not in GENERIC_LABELS]
            if labels:
                return labels[0].title()
    return ""


def slug_of(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def class_name(slug: str) -> str:
    return f"{slug[:1].upper()}{slug[1:]}Spider"


def spider_source(slug: str, name: str, platform: str, identifiers: dict[str, Any], careers_url: str) -> str:
    base = BASES[platform]
    lines = [f"from {base.module} import {base.cls}", "", "",
             f"class {class_name(slug)}({base.cls}):",
             f"    name = {_literal(slug)}",
             f"    company = {_literal(name)}"]
    lines += [f"    {key} = {_literal(value)}" for key, value in identifiers.items()]
    if "careers_url" not in identifiers:
        lines.append(f"    careers_url = {_literal(careers_url)}")
    return "\n".join(lines) + "\n"


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    return json.dumps(value, ensure_ascii=False)


def first_request(platform: str, slug: str, name: str, identifiers: dict[str, Any]) -> Any | None:
    """The first request a spider of these settings makes, or None when it cannot be built here."""
    base = BASES[platform]
    try:
        base_cls = getattr(import_module(base.module), base.cls)
        spider_cls = type(class_name(slug), (base_cls,), {"name": slug, "company": name, **identifiers})

        async def first() -> Any:
            async for request in spider_cls().start():
                return request
            return None

        return asyncio.run(first())
    except Exception:  # a base that needs a running crawler to build its first request
        return None


def write_fixture_skeleton(site_dir: Path, request: Any, careers_url: str) -> list[Path]:
    site_dir.mkdir(parents=True)
    routes: list[dict[str, Any]] = []
    written = []
    if request is not None:
        parts = urlsplit(request.url)
        kind = "xml" if parts.path.endswith(".xml") else "html" if request.method == "GET" and not re.search(
            r"api|\.json", parts.path) else "json"
        body_file = f"listing.{kind}"
        placeholder = {"json": json.dumps({"recorded_from": careers_url, "replace_with": "a real response"}, indent=2),
                       "xml": f"<!-- replace with a response recorded from {careers_url} -->\n",
                       "html": f"<!-- replace with a page recorded from {careers_url} -->\n"}[kind]
        (site_dir / body_file).write_text(placeholder + ("\n" if kind == "json" else ""), "utf-8")
        written.append(site_dir / body_file)
        content_type = {"json": "application/json; charset=utf-8", "xml": "application/xml; charset=utf-8",
                        "html": "text/html; charset=utf-8"}[kind]
        query = {key: values[0] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
        route: dict[str, Any] = {"method": request.method, "path": parts.path}
        if query:
            route["query"] = query
        routes.append({**route, "file": body_file, "headers": {"Content-Type": content_type}})
    (site_dir / "routes.json").write_text(json.dumps(routes, indent=2, ensure_ascii=False) + "\n", "utf-8")
    written.insert(0, site_dir / "routes.json")
    return written


# --- the command ---------------------------------------------------------------------------


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "URL [--name NAME] [--slug SLUG] [--dry-run] [--format text|json]"

    def short_desc(self) -> str:
        return "Add a company spider from its careers URL (platform and identifiers detected)"

    def long_desc(self) -> str:
        return ("Detects the job-board platform and its identifiers from a careers URL (or, when the "
                "URL does not say, from the page: embedded boards, widgets, JSON-LD), then writes "
                "jobscraper/spiders/<slug>.py and a fixture skeleton under tests/fixtures/sites/<slug>/. "
                "--dry-run prints what it found and writes nothing.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--name", help="the company's display name (default: read from the URL)")
        parser.add_argument("--slug", help="the spider name, lower-case letters and digits (default: from the name)")
        parser.add_argument("--dry-run", action="store_true", help="print the detection; write nothing")
        parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            self.exitcode = self.add(args, opts)
        except CommandFailed as exc:
            error(str(exc))
            self.exitcode = exc.exitcode

    def add(self, args: list[str], opts: argparse.Namespace) -> int:
        if len(args) != 1:
            raise CommandFailed("give exactly one careers URL", EXIT_USAGE)
        url = args[0].strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise CommandFailed(f"not an http(s) URL: {url!r}", EXIT_USAGE)
        url = parts._replace(fragment="").geturl()
        found = detect(url, Fetcher(self.settings.get("USER_AGENT") or "jobscraper"))
        if found is None:
            raise CommandFailed(f"no known job board found at {url}", EXIT_USAGE)
        missing = [key for key in BASES[found.platform].required if key not in found.identifiers]
        if missing:
            raise CommandFailed(f"{found.platform} board found, but {url} does not give its "
                                f"{', '.join(missing)}", EXIT_USAGE)
        name = opts.name or company_name(found, url)
        slug = opts.slug if opts.slug is not None else slug_of(name)
        if not _SLUG.match(slug or ""):
            raise CommandFailed(f"slug {slug!r} must be lower-case letters and digits, starting with a letter; "
                                f"give --slug", EXIT_USAGE)
        if not name:
            raise CommandFailed("cannot tell the company's name from the URL; give --name", EXIT_USAGE)
        if slug in get_spider_loader(self.settings).list() or (SPIDERS_DIR / f"{slug}.py").exists():
            raise CommandFailed(f"a spider named {slug!r} exists already; give another --slug", EXIT_USAGE)
        result = {"slug": slug, "name": name, "platform": found.platform, "identifiers": found.identifiers,
                  "careers_url": url}
        if opts.dry_run:
            self.report(result, found.found_in, [], opts.format)
            return 0
        base = BASES[found.platform]
        if find_spec(base.module) is None:
            raise CommandFailed(f"{found.platform} has no platform base in this checkout ({base.module})", EXIT_USAGE)
        site_dir = SITES_DIR / slug
        if site_dir.exists():
            raise CommandFailed(f"fixture site {site_dir} exists already; give another --slug", EXIT_USAGE)
        spider_file = SPIDERS_DIR / f"{slug}.py"
        spider_file.write_text(spider_source(slug, name, found.platform, found.identifiers, url), "utf-8")
        written = [spider_file, *write_fixture_skeleton(
            site_dir, first_request(found.platform, slug, name, found.identifiers), url)]
        self.report(result, found.found_in, written, opts.format)
        return 0

    def report(self, result: dict[str, Any], found_in: str, written: list[Path], output: str) -> None:
        shown = [str(path.relative_to(PROJECT)) if path.is_relative_to(PROJECT) else str(path) for path in written]
        if output == "json":
            print(json.dumps({**result, **({"wrote": shown} if written else {})}, ensure_ascii=False))
            return
        identifiers = ", ".join(f"{key}={value}" for key, value in result["identifiers"].items()) or "none"
        print(f"{result['name']} ({result['slug']}): {result['platform']}, {identifiers} (found in {found_in})")
        for path in shown:
            print(f"wrote {path}")
        if written:
            print(f"next: record a real response into the fixture files, then "
                  f"`scrapy crawl {result['slug']}`", file=sys.stderr)

