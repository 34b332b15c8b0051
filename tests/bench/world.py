"""A generated fixture world for the benchmarks: companies on real ATS formats, at any scale.

A world is ``postings`` postings spread over ``companies`` companies on three platform formats
(Greenhouse: one whole-board request; Lever: list-only, paged by ``skip``; SmartRecruiters: a
paged listing plus one detail request per posting), with ~2 KB descriptions, a fifth of them in
Hebrew. Everything is deterministic: posting ``n`` of a company is the same text in every run.

``day=2`` is the next day's board: 3% of the postings gone, 5% changed (title and description,
so the listing row changes too) and 3% new ones; :func:`day2_plan` gives the exact counts.

The world is served from memory by :class:`tests.bench.server.BenchServer`; ``write_sites``
stores it as site folders (``routes.json`` + bodies) that ``tests/fixtureserver.py --sites``
serves, and ``write_spiders`` writes one company spider module per company, as the project's
own spiders look, into a package that ``-s SPIDER_MODULES=benchspiders`` loads::

    python tests/bench/world.py --postings 100000 --companies 40 --out /tmp/world
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PLATFORMS = ("greenhouse", "lever", "smartrecruiters")
SPIDER_PACKAGE = "benchspiders"
DAY2_GONE, DAY2_CHANGED, DAY2_NEW = 0.03, 0.05, 0.03
CHANGES_ONLY = 3  # the "day" of day 1's postings with day 2's changes only

CITIES = [
    ("Tel Aviv-Yafo", "Tel Aviv District", "Tel Aviv-Yafo, Israel"),
    ("Haifa", "Haifa District", "Haifa, Israel"),
    ("Jerusalem", "Jerusalem District", "Jerusalem, Israel"),
    ("Herzliya", "Tel Aviv District", "Herzliya, Israel"),
    ("Petah Tikva", "Central District", "Petah Tikva, Israel"),
    ("תל אביב-יפו", "מחוז תל אביב", "תל אביב-יפו, ישראל"),
]
ROLES = ["Backend Engineer", "Frontend Developer", "Data Scientist", "DevOps Engineer",
         "Product Manager", "Algorithm Developer", "Security Researcher", "QA Automation Engineer"]
ROLES_HE = ["מפתח/ת Backend", "מהנדס/ת DevOps", "חוקר/ת אבטחה", "מנהל/ת מוצר"]
LEVELS = ["", "Senior ", "Staff ", "Junior ", "Team Lead - "]
PARAGRAPHS = [
    "We build the platform that thousands of engineering teams rely on every day, and we are "
    "looking for people who care about correctness, latency and the developers who use our APIs.",
    "You will design, build and operate distributed services written in Go and Python, own them "
    "in production, and work closely with product managers and designers on what comes next.",
    "Our stack: Kubernetes, PostgreSQL, Kafka, Redis, React and TypeScript on the front end, with "
    "infrastructure as code everywhere and a deployment pipeline that ships dozens of times a day.",
    "Requirements: five or more years of hands-on experience, a strong grasp of data structures "
    "and algorithms, and the habit of writing tests, reviews and design documents that others read.",
    "Nice to have: experience with large scale data pipelines, observability tooling, security "
    "reviews, or contributions to open source projects that we could look at together.",
]
PARAGRAPHS_HE = [
    "אנחנו מחפשים מפתחים ומפתחות שאוהבים לבנות מערכות מבוזרות בקנה מידה גדול, לעבוד בצוות קטן "
    "ומגובש ולקחת אחריות מלאה על השירותים שלהם מהתכנון ועד הייצור.",
    "דרישות: ניסיון של חמש שנים לפחות בפיתוח צד שרת, היכרות עם מסדי נתונים רלציוניים, ויכולת "
    "עבודה עצמאית לצד שיתוף פעולה עם מנהלי מוצר ומעצבים.",
    "יתרון: ניסיון עם Kubernetes, Kafka ו-PostgreSQL, וכן ניסיון בהובלה טכנית של פרויקטים "
    "חוצי ארגון. המשרה במשרדינו בתל אביב, במודל היברידי.",
]


@dataclass(frozen=True)
class Company:
    index: int
    platform: str
    postings: int

    @property
    def slug(self) -> str:
        return f"bench_{self.platform[:2]}_{self.index:03d}"

    @property
    def token(self) -> str:
        """The board token / site / company identifier on the platform."""
        return f"benchco{self.index:03d}"

    @property
    def name(self) -> str:
        return f"Bench Company {self.index:03d}"


@dataclass
class Day2Plan:
    gone: int = 0
    changed: int = 0
    unchanged: int = 0
    new: int = 0

    def add(self, other: Day2Plan) -> None:
        for name in ("gone", "changed", "unchanged", "new"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Posting:
    """One posting's source values, before any platform format."""
    company: Company
    number: int
    hebrew: bool
    title: str
    city: tuple[str, str, str]
    description_html: str
    changed: bool = False

    @property
    def external_id(self) -> str:
        if self.company.platform == "smartrecruiters":
            return str(744_000_000_000_000 + self.company.index * 10_000_000 + self.number)
        if self.company.platform == "lever":
            digest = hashlib.md5(f"{self.company.index}-{self.number}".encode()).hexdigest()
            return f"{digest[:8]}-{digest[8:12]}-4{digest[13:16]}-8{digest[17:20]}-{digest[20:32]}"
        return str(4_000_000 + self.company.index * 10_000_000 + self.number)

    @property
    def created_ms(self) -> int:
        return 1_767_225_600_000 - (self.number % 400) * 86_400_000

    @property
    def released_iso(self) -> str:
        from datetime import datetime, timezone
        return datetime.fromtimestamp(self.created_ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def spread(postings: int, companies: int) -> list[Company]:
    """``companies`` companies round-robin over the platforms, ``postings`` shared out evenly."""
    base, extra = divmod(postings, companies)
    return [Company(i, PLATFORMS[i % len(PLATFORMS)], base + (i < extra)) for i in range(companies)]


def make_posting(company: Company, number: int, *, changed: bool = False) -> Posting:
    rng = random.Random(company.index * 1_000_003 + number)
    hebrew = rng.random() < 0.2
    if hebrew:
        title = f"{rng.choice(ROLES_HE)} {number}"
        paragraphs = PARAGRAPHS_HE
    else:
        title = f"{rng.choice(LEVELS)}{rng.choice(ROLES)} {number}"
        paragraphs = PARAGRAPHS
    parts, size = [], 0
    while size < 1900:
        text = rng.choice(paragraphs)
        parts.append(f"<p>{html.escape(text, quote=False)}</p>")
        size += len(text.encode("utf-8")) + 7
    parts.insert(1, f"<ul><li>Team {number % 17}</li><li>Ref {company.token}-{number}</li></ul>")
    if changed:
        title += " (updated)"
        parts.append("<p>Update: the role now includes on-call for the payments platform.</p>")
    return Posting(company, number, hebrew, title, rng.choice(CITIES), "".join(parts), changed)


def day2_fate(company: Company, number: int) -> str:
    """What happens to posting ``number`` on day 2: gone, changed or unchanged."""
    roll = random.Random(f"day2-{company.index}-{number}").random()
    if roll < DAY2_GONE:
        return "gone"
    if roll < DAY2_GONE + DAY2_CHANGED:
        return "changed"
    return "unchanged"


def day2_new(company: Company) -> int:
    return round(company.postings * DAY2_NEW)


def postings_of(company: Company, day: int = 1) -> Iterator[Posting]:
    """Day 1, day 2 (gone, changed and new postings), or ``CHANGES_ONLY``: day 1 with day 2's
    changed postings and nothing else."""
    if day == 1:
        for number in range(company.postings):
            yield make_posting(company, number)
        return
    if day == CHANGES_ONLY:
        for number in range(company.postings):
            yield make_posting(company, number, changed=day2_fate(company, number) == "changed")
        return
    for number in range(company.postings):
        fate = day2_fate(company, number)
        if fate != "gone":
            yield make_posting(company, number, changed=fate == "changed")
    for number in range(company.postings, company.postings + day2_new(company)):
        yield make_posting(company, number)


def day2_plan(company: Company) -> Day2Plan:
    plan = Day2Plan(new=day2_new(company))
    for number in range(company.postings):
        fate = day2_fate(company, number)
        setattr(plan, fate, getattr(plan, fate) + 1)
    return plan


# --- the platform formats (as documented in docs/ats-apis.md) ---------------------------------

def greenhouse_job(p: Posting) -> dict[str, Any]:
    return {
        "absolute_url": f"https://job-boards.greenhouse.io/{p.company.token}/jobs/{p.external_id}",
        "data_compliance": [],
        "internal_job_id": int(p.external_id) - 1000,
        "location": {"name": p.city[2]},
        "metadata": None,
        "id": int(p.external_id),
        "updated_at": "2026-11-20T10:00:00-05:00",
        "requisition_id": f"R-{p.number}",
        "title": p.title,
        "company_name": p.company.name,
        "first_published": p.released_iso,
        "content": html.escape(p.description_html, quote=True),
        "departments": [{"id": 1, "name": "R&D", "child_ids": [], "parent_id": None}],
        "offices": [{"id": 2, "name": p.city[0], "location": p.city[2], "child_ids": [], "parent_id": None}],
    }


def lever_posting(p: Posting) -> dict[str, Any]:
    url = f"https://jobs.lever.co/{p.company.token}/{p.external_id}"
    return {
        "id": p.external_id,
        "text": p.title,
        "categories": {"commitment": "Full-time", "department": "R&D", "location": p.city[2],
                       "team": "Platform", "allLocations": [p.city[2]]},
        "country": "IL",
        "workplaceType": "hybrid",
        "createdAt": p.created_ms,
        "description": p.description_html,
        "lists": [{"text": "Requirements", "content": "<li>Strong Python</li><li>PostgreSQL</li>"}],
        "additional": "<div>Equal opportunity employer.</div>",
        "hostedUrl": url,
        "applyUrl": f"{url}/apply",
    }


def smartrecruiters_listed(p: Posting) -> dict[str, Any]:
    city, region, full = p.city
    return {
        "id": p.external_id,
        "uuid": f"6f0b7c1e-0000-4000-8000-{int(p.external_id) % 10**12:012d}",
        "name": p.title,
        "refNumber": f"REF{p.number}",
        "company": {"identifier": p.company.token, "name": p.company.name},
        "releasedDate": p.released_iso,
        "location": {"city": city, "country": "il", "remote": False, "fullLocation": full, "region": region},
        "industry": {"id": "internet", "label": "Internet"},
        "department": {"id": "4000", "label": "R&D"},
        "function": {"id": "engineering", "label": "Engineering"},
        "typeOfEmployment": {"label": "Full-time"},
        "experienceLevel": {"id": "mid_senior_level", "label": "Mid-Senior Level"},
        "customField": [],
        "ref": f"https://api.smartrecruiters.com/v1/companies/{p.company.token}/postings/{p.external_id}",
        "language": {"code": "en", "label": "English", "labelNative": "English (US)"},
    }


def smartrecruiters_detail(p: Posting) -> dict[str, Any]:
    url = f"https://jobs.smartrecruiters.com/{p.company.token}/{p.external_id}-posting-{p.number}"
    listed = smartrecruiters_listed(p)
    listed.pop("ref")
    return {
        **listed,
        "postingUrl": url,
        "applyUrl": f"{url}?oga=true",
        "jobAd": {"sections": {
            "companyDescription": {"title": "Company Description", "text": f"<p>{p.company.name}.</p>"},
            "jobDescription": {"title": "Job Description", "text": p.description_html},
            "qualifications": {"title": "Qualifications", "text": "<ul><li>Python</li></ul>"},
            "additionalInformation": {"title": "Additional Information", "text": "<p>Hybrid.</p>"},
        }},
    }


@dataclass
class Route:
    path: str
    body: bytes
    query: dict[str, str] = field(default_factory=dict)
    kind: str = "listing"  # listing or detail

    def entry(self, file: str) -> dict[str, Any]:
        return {"method": "GET", "path": self.path, "query": self.query, "file": file,
                "headers": {"Content-Type": "application/json; charset=utf-8"}}


def dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def routes_of(company: Company, day: int = 1, page_size: int = 100) -> Iterator[Route]:
    """Every route of one company's board on that day, in the platform's real format."""
    postings = list(postings_of(company, day))
    token = company.token
    if company.platform == "greenhouse":
        jobs = [greenhouse_job(p) for p in postings]
        yield Route(f"/v1/boards/{token}/jobs", dump({"jobs": jobs, "meta": {"total": len(jobs)}}),
                    {"content": "true"})
    elif company.platform == "lever":
        for skip in range(0, len(postings) + 1, page_size):
            page = [lever_posting(p) for p in postings[skip:skip + page_size]]
            yield Route(f"/v0/postings/{token}", dump(page), {"skip": str(skip), "limit": str(page_size)})
            if len(page) < page_size:
                break
    else:
        path = f"/v1/companies/{token}/postings"
        for offset in range(0, max(len(postings), 1), page_size):
            content = [smartrecruiters_listed(p) for p in postings[offset:offset + page_size]]
            yield Route(path, dump({"offset": offset, "limit": page_size, "totalFound": len(postings),
                                    "content": content}),
                        {"offset": str(offset), "country": "il"})
        for p in postings:
            yield Route(f"{path}/{p.external_id}", dump(smartrecruiters_detail(p)), kind="detail")


SPIDER_TEMPLATES = {
    "greenhouse": ("from jobscraper.platforms.greenhouse import GreenhouseSpider", "GreenhouseSpider", "board_token"),
    "lever": ("from jobscraper.platforms.lever import LeverSpider", "LeverSpider", "site"),
    "smartrecruiters": ("from jobscraper.platforms.smartrecruiters import SmartRecruitersSpider",
                        "SmartRecruitersSpider", "company_identifier"),
}


def spider_source(company: Company) -> str:
    imports, base, attribute = SPIDER_TEMPLATES[company.platform]
    return (f"{imports}\n\n\nclass Bench{company.index:03d}Spider({base}):\n"
            f"    name = {company.slug!r}\n    company = {company.name!r}\n"
            f"    {attribute} = {company.token!r}\n")


def write_spiders(companies: list[Company], root: Path) -> Path:
    """A ``benchspiders`` package under ``root`` with one spider module per company."""
    package = root / SPIDER_PACKAGE
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text('"""Generated benchmark spiders."""\n')
    for company in companies:
        (package / f"{company.slug}.py").write_text(spider_source(company))
    return package


def write_sites(companies: list[Company], root: Path, day: int = 1) -> None:
    """One site folder per company, in the format ``tests/fixtureserver.py --sites`` serves."""
    for company in companies:
        folder = root / company.slug
        folder.mkdir(parents=True, exist_ok=True)
        entries = []
        for number, route in enumerate(routes_of(company, day)):
            name = f"r{number:06d}.json"
            (folder / name).write_bytes(route.body)
            entries.append(route.entry(name))
        (folder / "routes.json").write_text(json.dumps(entries, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a benchmark fixture world to disk.")
    parser.add_argument("--postings", type=int, default=100_000)
    parser.add_argument("--companies", type=int, default=40)
    parser.add_argument("--day", type=int, choices=(1, 2), default=1)
    parser.add_argument("--out", type=Path, required=True, help="folder for sites/ and benchspiders/")
    args = parser.parse_args()
    companies = spread(args.postings, args.companies)
    write_sites(companies, args.out / "sites", args.day)
    write_spiders(companies, args.out)
    print(f"wrote {len(companies)} companies, {args.postings} postings (day {args.day}) to {args.out}; "
          f"serve with: python tests/fixtureserver.py --sites {args.out / 'sites'}; crawl with "
          f"PYTHONPATH={args.out} scrapy crawlall -s SPIDER_MODULES={SPIDER_PACKAGE} -a base_url=...")


if __name__ == "__main__":
    main()
