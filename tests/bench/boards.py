"""VC board write path: time and SQL statements per batch of a board crawl and of the employers'
direct crawls that adopt board-owned postings. Prints numbers; asserts nothing.

    python tests/bench/boards.py                       # SQLite in a temporary folder
    python tests/bench/boards.py --database-url postgresql+psycopg2://...   # an empty database
    python tests/bench/boards.py --jobs 5000 --employers 500
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent.parent)]

from itemadapter import ItemAdapter  # noqa: E402
from sqlalchemy import create_engine, event, func, select  # noqa: E402

from jobscraper.db.boards import adopt_board_postings, write_board_batch  # noqa: E402
from jobscraper.db.migrate import upgrade  # noqa: E402
from jobscraper.db.models import JobPosition, utc_now  # noqa: E402
from jobscraper.db.postings import load_known, write_batch  # noqa: E402
from jobscraper.db.sessions import CompanySpec, sync_companies  # noqa: E402
from jobscraper.items import JobItem  # noqa: E402
from jobscraper.pipelines.normalise import content_hash  # noqa: E402

BATCH = 100


def board_item(number: int, employers: int) -> dict:
    employer = number % employers
    item = JobItem(external_id=str(40_000_000 + number), title=f"Engineer {number}",
                   url=f"https://boards.greenhouse.io/employer{employer}/jobs/{number}",
                   location="Tel Aviv-Yafo, Israel", city="Tel Aviv", country="IL",
                   extra_metadata={"employer": {"id": employer, "name": f"Employer {employer}",
                                                "slug": f"employer{employer}"}})
    item["content_hash"] = content_hash(ItemAdapter(item))
    return dict(item)


def direct_item(number: int) -> dict:
    """The direct posting of board job ``number`` (the same URL, another host alias)."""
    item = JobItem(external_id=str(7_000_000 + number), title=f"Engineer {number}",
                   description_text="Direct text",
                   url=f"https://job-boards.greenhouse.io/employer0/jobs/{number}", location="Tel Aviv, Israel",
                   city="Tel Aviv", country="IL")
    item["content_hash"] = content_hash(ItemAdapter(item))
    return dict(item)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--employers", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/boards.sqlite3"
        engine = create_engine(url)
        upgrade(engine)
        statements = [0]
        event.listen(engine, "before_cursor_execute", lambda *a: statements.__setitem__(0, statements[0] + 1))
        with engine.begin() as connection:
            spec = CompanySpec("benchboard", "Bench Board", "getro", None)
            board_id = sync_companies(connection, [spec])["benchboard"]
        items = [board_item(n, args.employers) for n in range(args.jobs)]

        def board_crawl(label: str) -> None:
            statements[0], started = 0, time.perf_counter()
            for start in range(0, len(items), BATCH):
                with engine.begin() as connection:
                    write_board_batch(connection, board_id=board_id, session_id=None,
                                      items=items[start:start + BATCH], now=utc_now(),
                                      last_seen_refresh=timedelta(hours=72))
            elapsed = time.perf_counter() - started
            batches = -(-len(items) // BATCH)
            print(f"{label}: {len(items)} jobs of {args.employers} employers, {elapsed:.2f} s ("
                  f"{elapsed / batches * 1000:.1f} ms and {statements[0] / batches:.1f} statements a batch of {BATCH})")

        board_crawl("board crawl, first sight")
        board_crawl("board crawl, unchanged")
        with engine.begin() as connection:
            employer0 = connection.execute(select(JobPosition.company_id)
                                           .where(JobPosition.external_id == "getro-40000000")).scalar_one()
        direct = [direct_item(n) for n in range(0, args.jobs, args.employers)]
        statements[0], started = 0, time.perf_counter()
        with engine.begin() as connection:
            adopted = adopt_board_postings(connection, employer0, direct, session_id=None, now=utc_now())
            known = load_known(connection, employer0, [item["external_id"] for item in direct])
            write_batch(connection, company_id=employer0, session_id=None, items=direct, known=known,
                        now=utc_now())
        print(f"direct crawl of one employer: {len(direct)} postings, {adopted} board-owned adopted, "
              f"{(time.perf_counter() - started) * 1000:.1f} ms, {statements[0]} statements")
        with engine.connect() as connection:
            rows = connection.execute(select(func.count()).select_from(JobPosition)).scalar_one()
        print(f"job_positions rows: {rows} for {args.jobs} board jobs (each role once)")
        engine.dispose()


if __name__ == "__main__":
    main()
