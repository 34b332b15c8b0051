"""`make demo`: the offline main job. Serve every company's recorded-format fixtures locally,
crawl them all into the default database with `scrapy crawlall`, print the summary, stop."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from fixtureserver import FixtureServer

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


def companies_to_crawl() -> list[str]:
    """What `crawlall` will crawl: the active companies of the default database, after it syncs
    them from the spider classes (a paused company stays out)."""
    os.chdir(PROJECT)
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "jobscraper.settings")
    from scrapy.spiderloader import get_spider_loader
    from scrapy.utils.project import get_project_settings

    from jobscraper.commands import ready_database
    from jobscraper.runs import choose_companies

    engine = ready_database()
    try:
        return choose_companies(engine, get_spider_loader(get_project_settings()))
    finally:
        engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8899)
    args = parser.parse_args()
    try:
        server = FixtureServer(port=args.port)
    except OSError as exc:
        print(f"error: cannot serve the fixtures on port {args.port}: {exc.strerror}; "
              f"try `make demo DEMO_PORT=8900`", file=sys.stderr)
        return 1
    from jobscraper.commands import CommandFailed
    from jobscraper.db.engine import database_url, describe

    with server:
        sites = set(server.load_sites())
        try:
            chosen = companies_to_crawl()
        except CommandFailed as exc:
            print(f"error: {exc}", file=sys.stderr)
            return exc.exitcode
        unrecorded = sorted(set(chosen) - sites)
        print(f"Serving the recorded responses of {len(sites)} companies on {server.base_url}")
        print(f"Crawling {len(chosen)} companies into {describe(database_url())}", flush=True)
        if unrecorded:
            print(f"({', '.join(unrecorded)}: no recording, will fail)", flush=True)
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawlall", "-a", f"base_url={server.base_url}",
             "--loglevel", "WARNING"],
            cwd=PROJECT,
        )
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
