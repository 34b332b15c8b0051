"""The VC-board write path in ``jobscraper.db.boards``, batch by batch, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from itemadapter import ItemAdapter
from sqlalchemy import select

from jobscraper.db.boards import active_listings, adopt_board_postings, remove_listings, write_board_batch
from jobscraper.db.migrate import upgrade
from jobscraper.db.models import Base, BoardListing, Company, JobEvent, JobPosition, utc_now
from jobscraper.db.postings import load_known, write_batch
from jobscraper.db.sessions import CompanySpec, sync_companies
from jobscraper.items import JobItem
from jobscraper.pipelines.normalise import content_hash


def item(external_id, title, url, employer="Nimbus Ledger", slug="nimbus-ledger", city="Tel Aviv", **fields):
    organization = {"id": 9, "name": employer, "slug": slug}
    job = JobItem(external_id=str(external_id), title=title, url=url, location=f"{city}, Israel", city=city,
                  country="IL", extra_metadata={"employer": organization}, **fields)
    job["content_hash"] = content_hash(ItemAdapter(job))
    return dict(job)


@pytest.fixture
def boards(engine):
    upgrade(engine)
    with engine.begin() as connection:
        return engine, sync_companies(connection, [CompanySpec("boarda", "Board A", "getro", None),
                                                   CompanySpec("boardb", "Board B", "getro", None)])


def write(engine, board_id, items, now=None):
    with engine.begin() as connection:
        return write_board_batch(connection, board_id=board_id, session_id=None, items=items, now=now or utc_now())


def table(engine, model):
    with engine.connect() as connection:
        return connection.execute(select(model)).all()


# The web app's full-text search lives only in its migration (0010): generated columns, FTS5
# tables, their indexes. Everything else the migrations build must be what the models declare.
SEARCH_OBJECTS = ("fts", "search_vector", "title_vector", "seniority", "ix_job_events_company_created",
                  "ix_job_positions_facets")


def test_the_migrations_match_the_models(boards):
    engine, _ = boards
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = [diff for diff in compare_metadata(context, Base.metadata)
                       if not any(name in repr(diff) for name in SEARCH_OBJECTS)]
    assert differences == []


def test_one_role_on_two_boards_is_one_posting_until_neither_lists_it(boards):
    engine, ids = boards
    job = item(41, "Platform Engineer", "https://jobs.lever.co/nimbusledger/1")
    (first, linked), _ = write(engine, ids["boarda"], [job]), write(engine, ids["boardb"], [job])
    assert (first.new, linked) == (1, 0)
    [posting] = table(engine, JobPosition)
    assert (posting.external_id, posting.board_id, posting.is_active) == ("getro-41", ids["boarda"], True)
    [employer] = [c for c in table(engine, Company) if c.slug == "nimbusledger"]
    assert (employer.name, employer.discovered_via_id) == ("Nimbus Ledger", ids["boarda"])
    assert sorted(listing.board_id for listing in table(engine, BoardListing)) == [ids["boarda"], ids["boardb"]]

    with engine.begin() as connection:
        [(_, listing_a)] = list(active_listings(connection, ids["boarda"]))
        assert remove_listings(connection, [listing_a], company_id=ids["boarda"], session_id=None,
                               now=utc_now()) == 1
    assert table(engine, JobPosition)[0].is_active  # board B still lists it
    with engine.begin() as connection:
        [(_, listing_b)] = list(active_listings(connection, ids["boardb"]))
        remove_listings(connection, [listing_b], company_id=ids["boardb"], session_id=None, now=utc_now())
    [posting] = table(engine, JobPosition)
    assert not posting.is_active and posting.removed_at is not None
    assert [event.event_type for event in table(engine, JobEvent)] == ["created", "removed"]
    back, _ = write(engine, ids["boarda"], [item(41, "Platform Engineer II", "https://jobs.lever.co/nimbusledger/1")])
    assert (back.reactivated, table(engine, JobPosition)[0].is_active) == (1, True)
    assert [(e.event_type, e.changed_fields) for e in table(engine, JobEvent)][2:] == [
        ("reactivated", None), ("updated", ["title"])]


def test_counts_are_the_boards_listings_and_a_changed_job_is_an_update_of_its_posting(boards):
    engine, ids = boards
    jobs = [item(1, "Data Engineer", "https://x.example/1"), item(2, "QA Engineer", "https://x.example/2")]
    write(engine, ids["boarda"], jobs)
    retitled = item(2, "Senior QA Engineer", "https://x.example/2")
    result, _ = write(engine, ids["boarda"], [jobs[0], retitled])
    assert (result.new, result.updated, result.unchanged, result.reactivated) == (0, 1, 1, 0)
    updated = [event for event in table(engine, JobEvent) if event.event_type == "updated"]
    assert [event.changed_fields for event in updated] == [["title"]]


def test_a_direct_posting_adopts_the_board_owned_row_keeping_its_id(boards):
    engine, ids = boards
    write(engine, ids["boarda"], [item(7, "Backend Engineer", "https://boards.greenhouse.io/nimbus/jobs/77")])
    [owned] = table(engine, JobPosition)
    direct = JobItem(external_id="77", title="Backend Engineer", description_text="Our text",
                     url="https://job-boards.greenhouse.io/nimbus/jobs/77?gh_src=abc", location="Tel Aviv, Israel",
                     city="Tel Aviv", country="IL")
    direct["content_hash"] = content_hash(ItemAdapter(direct))
    now = utc_now()
    with engine.begin() as connection:
        assert adopt_board_postings(connection, owned.company_id, [dict(direct)], session_id=None, now=now) == 1
        known = load_known(connection, owned.company_id, ["77"])
        result = write_batch(connection, company_id=owned.company_id, session_id=None, items=[dict(direct)],
                             known=known, now=now)
    assert (result.new, result.updated) == (0, 1)
    [posting] = table(engine, JobPosition)
    assert (posting.id, posting.external_id, posting.board_id) == (owned.id, "77", None)
    assert posting.description_text == "Our text"
    [listing] = table(engine, BoardListing)
    assert listing.job_position_id == owned.id
    # the board's next crawl links to the direct posting and creates nothing
    result, linked = write(engine, ids["boarda"], [item(7, "Backend Engineer",
                                                        "https://boards.greenhouse.io/nimbus/jobs/77")],
                           now=now + timedelta(days=4))
    assert (linked, len(table(engine, JobPosition))) == (1, 1)


def test_an_employer_name_without_latin_letters_gets_a_stable_slug_and_boards_are_never_employers(boards):
    engine, ids = boards
    write(engine, ids["boarda"], [item(3, "מפתח/ת", "https://x.example/3", employer="דוגמה", slug=""),
                                  item(4, "Engineer", "https://x.example/4", employer="Board B", slug="boardb")])
    slugs = {company.slug: company for company in table(engine, Company)}
    assert slugs["getro9"].name == "דוגמה"  # from the board's organisation id
    assert (slugs["boardbemployer"].name, slugs["boardbemployer"].discovered_via_id) == ("Board B", ids["boarda"])
    owner = {p.external_id: p.company_id for p in table(engine, JobPosition)}
    assert owner["getro-4"] == slugs["boardbemployer"].id  # never the board of the same name
    write(engine, ids["boarda"], [item(5, "Engineer II", "https://x.example/5", employer="Board B", slug="boardb")])
    assert owner["getro-4"] == {p.external_id: p.company_id for p in table(engine, JobPosition)}["getro-5"]
