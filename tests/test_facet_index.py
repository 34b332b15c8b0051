"""The facet index: postings' facet values as columns, counted under a mask, kept current by
reading only what newer events wrote, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
from itemadapter import ItemAdapter
from sqlalchemy import func, select, update

from jobscraper.db.facet_index import LiveFacetIndex, build_index, changed_ids, merged, seconds
from jobscraper.db.migrate import upgrade
from jobscraper.db.models import JobEvent, JobPosition
from jobscraper.db.postings import load_known, write_batch
from jobscraper.db.search import data_version
from jobscraper.db.sessions import CompanySpec, close_session, open_session, sync_companies
from jobscraper.normalise.text import html_to_text
from jobscraper.pipelines.normalise import content_hash
from jobscraper.web.app import web_engine

NOW = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)


def row(posting_id, company=1, city="Haifa", country="IL", workplace="hybrid", department="R&D",
        seniority="senior", employment="full_time", active=True, listed=NOW, first_seen=NOW):
    return (posting_id, company, city, country, workplace, department, seniority, employment, active,
            None if listed is None else seconds(listed), seconds(first_seen))


def index_of(rows, base=None):
    """The index of ``rows`` as the database answers them: an array per column."""
    return build_index(list(zip(*rows)) if rows else [[]] * 11, base=base)


def test_counts_leave_out_values_no_kept_posting_has():
    index = index_of([row(9, city="Haifa"), row(2, city="Tel Aviv"), row(5, city=None), row(1)])
    assert index.ids.tolist() == [1, 2, 5, 9]  # in id order, whatever order the rows came in
    keep = index.among([1, 5, 9, 404])  # an id that is not indexed is ignored
    assert keep.tolist() == [True, False, True, True]
    assert index.columns["city"].counts(keep) == {"Haifa": 2, None: 1}
    assert index.columns["city"].counts(~keep) == {"Tel Aviv": 1}
    assert index.having("city", ["Tel Aviv", "Eilat"]).tolist() == [False, True, False, False]
    assert not index.having("city", ["Eilat"]).any()


def test_an_empty_index_answers_empty_counts():
    index = index_of([])
    assert len(index) == 0 and index.among([1, 2]).tolist() == []
    assert index.columns["company"].counts(index.everything()) == {}


def test_a_moment_without_a_zone_is_utc_and_a_missing_date_is_never_within_a_window():
    aware = datetime(2026, 11, 30, 14, tzinfo=timezone(timedelta(hours=2)))
    assert seconds(aware) == seconds(datetime(2026, 11, 30, 12)) == seconds(NOW)
    index = index_of([row(1, listed=NOW - timedelta(days=8)), row(2, listed=None), row(3)])
    assert index.listed_since(NOW - timedelta(days=7)).tolist() == [False, False, True]
    assert index.first_seen_since(NOW + timedelta(seconds=1)).tolist() == [False, False, False]


def test_a_merge_replaces_and_adds_postings_in_id_order_and_leaves_the_base_as_it_was():
    base = index_of([row(1), row(3), row(7, city="Tel Aviv")])
    changed = index_of([row(5, city="Haifa"), row(3, city="Eilat", active=False)], base=base)
    index = merged(base, changed)
    assert changed.columns["city"].values == ("Haifa", "Tel Aviv", "Eilat")  # base's codes, then new ones
    assert index.ids.tolist() == [1, 3, 5, 7]
    city = index.columns["city"]
    assert [city.values[code] for code in city.codes] == ["Haifa", "Eilat", "Haifa", "Tel Aviv"]
    assert index.is_active.tolist() == [True, False, True, True]
    assert base.ids.tolist() == [1, 3, 7] and base.columns["city"].values == ("Haifa", "Tel Aviv")
    assert merged(base, index_of([], base=base)) is base


def posting(number: int, title: str = "Kafka Engineer", city: str = "Haifa") -> dict:
    html = f"<p>{title}</p>"
    item = {"external_id": f"p{number}", "title": title, "url": f"https://jobs.example/p{number}",
            "apply_url": None, "location": city, "city": city, "country": "IL", "department": "R&D",
            "employment_type": "full_time", "workplace_type": "hybrid", "description_html": html,
            "description_text": html_to_text(html), "posted_at": None, "source_updated_at": None,
            "extra_metadata": None, "listing_fingerprint": None}
    item["content_hash"] = content_hash(ItemAdapter(item))
    return item


def ids_of(connection, *external_ids) -> list[int]:
    return connection.execute(select(JobPosition.id).where(JobPosition.external_id.in_(external_ids))).scalars().all()


def test_the_live_index_reads_what_events_and_finished_crawls_wrote_and_everything_when_old(database_url):
    engine = web_engine(database_url)
    upgrade(engine)
    clock = [0.0]
    live = LiveFacetIndex(max_age=60, clock=lambda: clock[0], background=False)

    def cities() -> dict:
        with engine.connect() as connection:
            index = live.current(connection, data_version(connection))
        return index.columns["city"].counts(index.is_active)

    with engine.begin() as connection:
        company_id = sync_companies(connection, [CompanySpec("wiz", "Wiz", "greenhouse", None)])["wiz"]
        write_batch(connection, company_id=company_id, session_id=None, items=[posting(n) for n in range(3)],
                    known={}, now=NOW)
    assert cities() == {"Haifa": 3} and live.full_reads == 1
    assert cities() == {"Haifa": 3} and (live.full_reads, live.partial_reads) == (1, 0)  # nothing moved

    with engine.begin() as connection:
        session_id = open_session(connection, company_id, "wiz", NOW)
        write_batch(connection, company_id=company_id, session_id=session_id,
                    items=[posting(1, city="Eilat"), posting(9, city="Tel Aviv")],
                    known=load_known(connection, company_id, ["p1", "p9"]), now=NOW)
    assert cities() == {"Haifa": 2, "Eilat": 1, "Tel Aviv": 1}
    assert (live.full_reads, live.partial_reads) == (1, 1)  # only the two postings the batch wrote

    with engine.begin() as connection:
        # A write without an event (as re-resolving places does) is not seen when a crawl ends ...
        connection.execute(update(JobPosition).where(JobPosition.external_id == "p0").values(city="Acre"))
        close_session(connection, company_id, session_id, 0,
                      {"status": "completed", "finished_at": NOW + timedelta(minutes=1)})
    assert cities() == {"Haifa": 2, "Eilat": 1, "Tel Aviv": 1}
    assert (live.full_reads, live.partial_reads) == (1, 2)
    clock[0] = 59
    assert "Acre" not in cities()
    clock[0] = 61  # ... but once the index is older than its age
    assert cities() == {"Haifa": 1, "Acre": 1, "Eilat": 1, "Tel Aviv": 1} and live.full_reads == 2

    with engine.connect() as connection:
        # A crawl's batch may commit after an event numbered later (two crawls at once): the
        # crawls finished since the last version are read whatever their events' numbers.
        newest_event = connection.execute(select(func.max(JobEvent.id))).scalar_one()
        base = live.current(connection, data_version(connection))
        assert sorted(changed_ids(connection, (newest_event, NOW))) == sorted(ids_of(connection, "p1", "p9"))
        assert changed_ids(connection, (newest_event, NOW + timedelta(minutes=1))) == []
    with engine.connect() as connection:
        stored = connection.execute(select(JobPosition.id).order_by(JobPosition.id)).scalars().all()
        assert live.current(connection, data_version(connection)).ids.tolist() == stored
    assert np.array_equal(np.sort(live._index.ids), live._index.ids)
    engine.dispose()


def test_an_index_past_half_its_age_is_read_again_in_the_background(database_url):
    engine = web_engine(database_url)
    upgrade(engine)
    clock = [0.0]
    live = LiveFacetIndex(max_age=60, clock=lambda: clock[0])
    with engine.begin() as connection:
        company_id = sync_companies(connection, [CompanySpec("wiz", "Wiz", "greenhouse", None)])["wiz"]
        write_batch(connection, company_id=company_id, session_id=None, items=[posting(0)], known={}, now=NOW)
    with engine.connect() as connection:
        first = live.current(connection, data_version(connection))
    live.wait(30)
    assert live.full_reads == 1  # an index just read is not read again
    with engine.begin() as connection:
        connection.execute(update(JobPosition).values(city="Acre"))
    clock[0] = 31
    with engine.connect() as connection:
        assert live.current(connection, data_version(connection)) is first  # answered at once ...
    live.wait(30)
    assert live.full_reads == 2  # ... while the whole index was read again
    with engine.connect() as connection:
        assert live.current(connection, data_version(connection)).columns["city"].counts(first.everything()) \
            == {"Acre": 1}
    engine.dispose()


def test_the_server_reads_the_index_while_it_starts_and_its_first_search_does_not(database_url):
    from fastapi.testclient import TestClient

    from jobscraper.web.app import create_app

    engine = web_engine(database_url)
    upgrade(engine)
    with engine.begin() as connection:
        company_id = sync_companies(connection, [CompanySpec("wiz", "Wiz", "greenhouse", None)])["wiz"]
        write_batch(connection, company_id=company_id, session_id=None, items=[posting(0)], known={}, now=NOW)
    app = create_app(database_url)
    live = app.state.search_cache.facet_index
    with TestClient(app) as client:  # runs the app's start-up
        live.wait(30)
        assert live.full_reads == 1
        page = client.get("/?q=kafka")
        assert page.status_code == 200 and "Kafka Engineer" in page.text
        assert (live.full_reads, live.partial_reads) == (1, 0)
    engine.dispose()


def test_many_changed_postings_are_read_as_a_whole_index(database_url, monkeypatch):
    import jobscraper.db.facet_index as facet_index

    engine = web_engine(database_url)
    upgrade(engine)
    live = LiveFacetIndex(background=False)
    with engine.begin() as connection:
        company_id = sync_companies(connection, [CompanySpec("wiz", "Wiz", "greenhouse", None)])["wiz"]
        write_batch(connection, company_id=company_id, session_id=None, items=[posting(0)], known={}, now=NOW)
    with engine.connect() as connection:
        live.current(connection, data_version(connection))
    monkeypatch.setattr(facet_index, "PARTIAL_READ_LIMIT", 2)
    with engine.begin() as connection:
        write_batch(connection, company_id=company_id, session_id=None, items=[posting(n) for n in (1, 2)],
                    known={}, now=NOW)
    with engine.connect() as connection:
        assert len(live.current(connection, data_version(connection))) == 3
    assert (live.full_reads, live.partial_reads) == (1, 1)
    with engine.begin() as connection:
        write_batch(connection, company_id=company_id, session_id=None, items=[posting(n) for n in (3, 4, 5)],
                    known={}, now=NOW)
    with engine.connect() as connection:
        assert len(live.current(connection, data_version(connection))) == 6
    assert (live.full_reads, live.partial_reads) == (2, 1)
    engine.dispose()
