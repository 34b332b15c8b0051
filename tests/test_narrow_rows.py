"""On PostgreSQL a posting's row holds what searches read; its long texts live out of line.

A search, a facet count or a diff reads postings without their descriptions. Kept inline (the
default while a row fits in about 2 kB), the descriptions and search vector made every row
1.5 kB and every such read a read of them. These tests store real-sized descriptions and measure
the heap per row, for new rows and for rows stored before migration 0014.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timezone

import pytest
from sqlalchemy import create_engine, text

from jobscraper.db.migrate import upgrade
from jobscraper.db.postings import load_known, write_batch
from jobscraper.db.sessions import CompanySpec, sync_companies

NOW = datetime(2026, 11, 28, 7, 0, tzinfo=timezone.utc)
POSTINGS = 300
# A narrow row: its fixed columns, title, url, hashes and four TOAST pointers. An inline one holds
# up to 2 kB of description and search vector.
NARROW_ROW_BYTES = 700


@pytest.fixture
def postgres_engine(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("TOAST is PostgreSQL's; SQLite stores rows its own way")
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def description(rng: random.Random) -> str:
    """A short description (about 1 kB, as compressible as prose): the rows the default keeps inline."""
    words = [f"{rng.choice('bcdfghklmnprstvz')}{rng.choice('aeiou')}{rng.randrange(10_000)}" for _ in range(150)]
    return " ".join(words)


def store(engine, count: int) -> dict[str, str]:
    rng = random.Random(7)
    items = []
    for n in range(count):
        body = description(rng)
        item = {"external_id": str(n), "title": f"Backend Engineer {n}", "url": f"https://jobs.example/{n}",
                "city": "Tel Aviv", "country": "IL", "workplace_type": "hybrid",
                "description_html": f"<p>{body}</p>", "description_text": body}
        item["content_hash"] = hashlib.sha256(repr(sorted(item.items())).encode()).hexdigest()
        items.append(item)
    with engine.begin() as connection:
        company_id = sync_companies(connection, [CompanySpec("acme", "Acme", "test", None)])["acme"]
        known = load_known(connection, company_id, [item["external_id"] for item in items])
        write_batch(connection, company_id=company_id, session_id=None, items=items, known=known, now=NOW)
    return {item["external_id"]: item["description_text"] for item in items}


def heap_bytes_per_row(engine) -> float:
    with engine.connect() as connection:
        connection.execute(text("VACUUM FULL job_positions"))
        size, rows = connection.execute(text(
            "SELECT pg_relation_size('job_positions'), count(*) FROM job_positions")).one()
    return size / rows


def toast_values_per_row(engine) -> float:
    """How many values of a row live out of it (one chunk_id each in the TOAST table)."""
    with engine.connect() as connection:
        toast = connection.execute(text(
            "SELECT reltoastrelid::regclass::text FROM pg_class WHERE relname = 'job_positions'")).scalar()
        values = connection.execute(text(f"SELECT count(DISTINCT chunk_id) FROM {toast}")).scalar()
        rows = connection.execute(text("SELECT count(*) FROM job_positions")).scalar()
    return values / rows


def stored_texts(engine) -> dict[str, str]:
    with engine.connect() as connection:
        return dict(connection.execute(text("SELECT external_id, description_text FROM job_positions")).all())


def test_new_postings_keep_their_long_texts_out_of_the_row(postgres_engine):
    upgrade(postgres_engine)
    texts = store(postgres_engine, POSTINGS)
    assert heap_bytes_per_row(postgres_engine) < NARROW_ROW_BYTES
    # The description, its plain text and the search vector; title, url, hashes, places and the
    # title vector stay in the row (each value out of it costs a TOAST lookup to read).
    assert toast_values_per_row(postgres_engine) <= 3
    assert stored_texts(postgres_engine) == texts
    with postgres_engine.connect() as connection:
        found = connection.execute(text("SELECT count(*) FROM job_positions "
                                        "WHERE search_vector @@ websearch_to_tsquery('english', 'backend')")).scalar()
    assert found == POSTINGS


def test_postings_stored_before_the_migration_are_narrowed_without_an_event(postgres_engine):
    upgrade(postgres_engine, target="0013")
    texts = store(postgres_engine, POSTINGS)
    wide = heap_bytes_per_row(postgres_engine)
    with postgres_engine.connect() as connection:
        events = connection.execute(text("SELECT count(*) FROM job_events")).scalar()
        vectors = connection.execute(text("SELECT md5(search_vector::text) FROM job_positions ORDER BY id")).all()
    assert wide > 1_000  # what the rows cost before

    upgrade(postgres_engine)
    narrow = heap_bytes_per_row(postgres_engine)
    assert narrow < NARROW_ROW_BYTES and narrow < wide / 2
    assert stored_texts(postgres_engine) == texts
    with postgres_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM job_events")).scalar() == events
        assert connection.execute(text("SELECT md5(search_vector::text) FROM job_positions ORDER BY id")).all() \
            == vectors
