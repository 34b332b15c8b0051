"""The search's counts against a brute-force count in Python, and the search cache's rule
(an answer is kept until the data version changes or it ages out), on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from itemadapter import ItemAdapter
from sqlalchemy import create_engine, select, text, update
from starlette.datastructures import QueryParams

from jobscraper.alerts.seniority import seniority
from jobscraper.db.migrate import upgrade
from jobscraper.db.models import Company, JobPosition
from jobscraper.db.postings import deactivate_ids, load_known, write_batch
from jobscraper.db.search import FACET_COLUMNS, PAGE_SIZE, POSTED_WITHIN, SearchQuery, listed_at, run_search
from jobscraper.db.sessions import CompanySpec, close_session, open_session, sync_companies
from jobscraper.normalise.text import html_to_text
from jobscraper.pipelines.normalise import content_hash
from jobscraper.web.app import web_engine
from jobscraper.web.search import parse_search
from jobscraper.web.search_cache import SearchCache

NOW = datetime.now(timezone.utc)
COMPANIES = ("wiz", "jfrog", "monday")
TITLES = ["Senior Kafka Engineer", "Junior Python Developer", "Staff Data Engineer", "Engineering Manager",
          "Student Analyst", "Backend Developer", "Principal Kafka Architect", "QA Engineer"]
CITIES = ["Tel Aviv", "Haifa", "Netanya", "Jerusalem", None]
DEPARTMENTS = ["R&D", "Data", "Security", None]
WORKPLACES = ["hybrid", "onsite", "remote", "unknown"]
EMPLOYMENT = ["full_time", "part_time", "internship"]
SEARCHES = [
    "", "company=wiz", "company=wiz&company=jfrog&workplace=remote", "seniority=senior&city=Haifa",
    "department=Data&employment_type=full_time", "posted_within=7", "active=removed", "active=all&country=US",
    "q=kafka", "q=kafka&company=monday&active=all", "q=developer&posted_within=30",
]


def item(rng: random.Random, number: int) -> dict:
    title = rng.choice(TITLES)
    description = f"<p>{title}: we build things.</p>"
    stored = {
        "external_id": f"p{number}", "title": title, "url": f"https://jobs.example/p{number}", "apply_url": None,
        "location": None, "city": rng.choice(CITIES), "country": "IL" if rng.random() < 0.8 else "US",
        "department": rng.choice(DEPARTMENTS), "employment_type": rng.choice(EMPLOYMENT),
        "workplace_type": rng.choice(WORKPLACES), "description_html": description,
        "description_text": html_to_text(description), "source_updated_at": None, "extra_metadata": None,
        "listing_fingerprint": None,
        "posted_at": NOW - timedelta(days=rng.choice([0, 3, 12, 45])) if rng.random() < 0.3 else None,
    }
    stored["content_hash"] = content_hash(ItemAdapter(stored))
    return stored


@pytest.fixture
def engine(database_url):
    """Three companies' postings first seen over the last 60 days, a fifth of them removed."""
    engine = web_engine(database_url)
    upgrade(engine)
    rng = random.Random(15)
    with engine.begin() as connection:
        ids = sync_companies(connection, [CompanySpec(slug, slug.title(), "greenhouse", None) for slug in COMPANIES])
        for number in range(90):
            company_id = ids[rng.choice(COMPANIES)]
            write_batch(connection, company_id=company_id, session_id=None, items=[item(rng, number)], known={},
                        now=NOW - timedelta(days=rng.choice([0, 2, 5, 20, 40, 60]), hours=1))
        posting_ids = connection.execute(select(JobPosition.id, JobPosition.company_id)).all()
        for posting_id, company_id in posting_ids:
            if rng.random() < 0.2:
                deactivate_ids(connection, [posting_id], company_id=company_id, session_id=None,
                               now=NOW - timedelta(days=1), event_type="removed")
    yield engine
    engine.dispose()


def brute_force(postings: list[dict], search) -> tuple[int, dict[int, int], dict[str, Counter]]:
    """The counts the search page promises, counted posting by posting."""
    values = {"company": "company", "city": "city", "country": "country", "workplace": "workplace_type",
              "department": "department", "seniority": "seniority", "employment_type": "employment_type"}
    words = search.q.lower().split()

    def kept(posting: dict, without: str | None = None) -> bool:
        for name, key in values.items():
            if name != without and getattr(search, name) and posting[key] not in getattr(search, name):
                return False
        if without != "active" and search.active != "all" and posting["is_active"] != (search.active == "active"):
            return False
        if search.posted_within and posting["listed"] < NOW - timedelta(days=search.posted_within):
            return False
        return all(word in posting["title"].lower().split() for word in words)

    matches = [p for p in postings if kept(p)]
    within = {days: sum(p["listed"] >= NOW - timedelta(days=days) for p in matches) for days in POSTED_WITHIN}
    facets = {name: Counter(p[key] for p in postings if kept(p, without=name) and p[key])
              for name, key in values.items()}
    facets["active"] = Counter("active" if p["is_active"] else "removed"
                               for p in postings if kept(p, without="active"))
    return len(matches), within, facets


def stored_postings(engine) -> list[dict]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(*JobPosition.__table__.c, Company.slug.label("company"), listed_at().label("listed"))
            .join(Company, Company.id == JobPosition.company_id)).all()
    return [{**row._mapping, "seniority": seniority(row.title), "listed": as_utc(row.listed)} for row in rows]


def as_utc(moment) -> datetime:
    if isinstance(moment, str):  # SQLite's coalesce() loses the column type
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def search_of(query: str):
    return parse_search(QueryParams(query))


@pytest.mark.parametrize("query", SEARCHES)
def test_every_count_equals_a_brute_force_count(engine, query):
    search = search_of(query)
    with engine.connect() as connection:
        result = run_search(connection, search, NOW)
    total, within, facets = brute_force(stored_postings(engine), search)
    assert total > 0  # every search finds something: an empty one would prove little
    assert (result.total, result.posted_within) == (total, within)
    for name in (*FACET_COLUMNS, "active"):
        shown = {value: n for value, n in result.facets[name] if n}
        assert shown == dict(facets[name]), name


def counts(engine, cache: SearchCache, query: str = "q=kafka"):
    with engine.connect() as connection:
        result = run_search(connection, search_of(query), NOW, cache)
    return result.total, dict(result.facets["city"])


def test_a_cached_search_is_answered_again_until_a_crawl_writes_or_finishes(engine):
    cache = SearchCache()
    before = counts(engine, cache)
    assert counts(engine, cache) == before and cache.hits == 2  # the summary and the page
    with engine.begin() as connection:
        company_id = connection.execute(select(Company.id).where(Company.slug == "wiz")).scalar_one()
        session_id = open_session(connection, company_id, "wiz", NOW)
    assert counts(engine, cache) == before
    with engine.begin() as connection:
        # A crawl's batch is seen before the crawl ends: it writes an event.
        kafka = {**item(random.Random(1), 1000), "title": "Kafka Platform Engineer", "city": "Eilat"}
        kafka["content_hash"] = content_hash(ItemAdapter(kafka))
        write_batch(connection, company_id=company_id, session_id=session_id, items=[kafka],
                    known=load_known(connection, company_id, ["p1000"]), now=NOW)
    total, cities = counts(engine, cache)
    assert total == before[0] + 1 and cities["Eilat"] == 1
    with engine.begin() as connection:
        # A write that leaves no event (as re-resolving places does) is not seen when a crawl
        # ends: the crawl's own postings are read again, not every posting.
        connection.execute(update(JobPosition).where(JobPosition.title.like("%Kafka%"), JobPosition.is_active)
                           .values(city="Eilat"))
        close_session(connection, company_id, session_id, 0,
                      {"status": "completed", "finished_at": NOW + timedelta(minutes=1)})
    misses = cache.misses
    assert counts(engine, cache) == (total, cities)
    assert cache.misses == misses + 3  # a new version: counts, the words' matches and the page again
    assert cache.facet_index.full_reads == 1


def test_cached_answers_age_out_and_the_oldest_used_are_dropped(engine):
    clock = [0.0]
    cache = SearchCache(max_entries=4, max_age=60, clock=lambda: clock[0])
    before = counts(engine, cache)
    with engine.begin() as connection:
        connection.execute(text("UPDATE job_positions SET city = 'Eilat'"))
    clock[0] = 59
    assert counts(engine, cache) == before
    clock[0] = 61  # the answers and the facet index are both past their age
    assert counts(engine, cache)[1] == {"Eilat": before[0]}
    counts(engine, cache, "q=python")
    counts(engine, cache, "q=manager")
    assert len(cache._entries) == 4
    misses = cache.misses
    counts(engine, cache, "q=kafka")  # dropped for the two newer searches
    assert cache.misses == misses + 3  # its counts, its words' matches and its page
    cache.facet_index.wait()


def test_every_page_of_a_search_shares_its_counts(engine):
    cache = SearchCache()
    with engine.connect() as connection:
        first = run_search(connection, search_of(""), NOW, cache)
        second = run_search(connection, search_of("page=2&sort=relevance"), NOW, cache)
    assert first.facets is second.facets and first.total == second.total
    assert cache.misses == 3  # one summary, two pages
    assert {row.id for row in first.rows}.isdisjoint(row.id for row in second.rows)


@pytest.mark.parametrize("query", [*SEARCHES, "page=2", "q=engineer&page=2", "active=all&page=3",
                                   "q=kafka&sort=relevance", "q=engineer+staff&sort=relevance&active=all",
                                   "q=engineer&sort=relevance&page=2&posted_within=30"])
def test_every_page_lists_the_postings_in_the_order_the_database_sorts_them(engine, query):
    search = search_of(query)
    with engine.connect() as connection:
        shown = [row.id for row in run_search(connection, search, NOW, SearchCache()).rows]
        expected = [row.id for row in SearchQuery(connection, search, NOW)
                    .results(PAGE_SIZE, offset=(search.page - 1) * PAGE_SIZE)]
    assert shown == expected and shown


def test_relevance_ranks_the_words_in_the_title_first_as_the_database_does(database_url):
    engine = web_engine(database_url)
    upgrade(engine)
    titles = ["Data Engineer", "Kafka Engineer", "Backend Developer", "Kafka Streams Kafka Lead", "QA Analyst"]
    rng = random.Random(3)
    with engine.begin() as connection:
        company_id = sync_companies(connection, [CompanySpec("wiz", "Wiz", "greenhouse", None)])["wiz"]
        for number, title in enumerate(titles):
            posting = {**item(rng, 500 + number), "title": title, "posted_at": None,
                       "description_html": f"<p>{title}. Our stack: Kafka and Python.</p>"}
            posting["description_text"] = html_to_text(posting["description_html"])
            posting["content_hash"] = content_hash(ItemAdapter(posting))
            write_batch(connection, company_id=company_id, session_id=None, items=[posting], known={},
                        now=NOW - timedelta(days=number))
    search = search_of("q=kafka&sort=relevance&active=all")
    with engine.connect() as connection:
        shown = [row.title for row in run_search(connection, search, NOW, SearchCache()).rows]
        expected = [row.title for row in SearchQuery(connection, search, NOW).results(PAGE_SIZE)]
    assert shown == expected
    assert shown[0] == "Kafka Streams Kafka Lead" and set(shown[:2]) == {"Kafka Streams Kafka Lead", "Kafka Engineer"}
    assert len(shown) == 5  # every description names Kafka
    engine.dispose()
