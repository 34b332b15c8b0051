"""`make demo`: the offline main job. Serve every company's recorded-format fixtures locally,
crawl them all with `scrapy crawlall` into the demo's own SQLite file, print the summary, stop.

The demo never writes into a configured database: ``DATABASE_URL`` and ``.env`` are ignored, and
``data/demo.sqlite3`` is used unless ``--database-url`` (``make demo DEMO_DATABASE_URL=...``)
names another one explicitly. Without Chromium the browser companies are skipped, with the fix.

The one local server stands in for every careers host, so the demo lifts the per-host spacing
and concurrency limits meant for real sites: kept, they would queue 340 companies' requests
behind one host's budget of five a second."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from fixtureserver import FixtureServer

PROJECT = Path(__file__).resolve().parent.parent
LOCAL_SERVER_POLITENESS = ("-s", "JOBSCRAPER_HOST_MIN_INTERVAL=0", "-s", "JOBSCRAPER_HOST_CONCURRENCY=16")

sys.path.insert(0, str(PROJECT))
CHROMIUM_FIX = "apt-get install chromium, or set CHROMIUM_PATH to a Chromium executable"


def browser_companies() -> list[str]:
    """Spiders whose pages render in Chromium (scrapy-playwright download handlers)."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "jobscraper.settings")
    from scrapy.spiderloader import get_spider_loader
    from scrapy.utils.project import get_project_settings

    loader = get_spider_loader(get_project_settings())
    return sorted(name for name in loader.list()
                  if getattr(loader.load(name), "renders_in_browser", False))


def chromium_missing() -> str | None:
    from jobscraper.browser import BrowserNotFound, find_chromium

    try:
        find_chromium()
    except BrowserNotFound as exc:
        return str(exc)
    return None


def main() -> int:
    from jobscraper.db.engine import describe

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8899)
    parser.add_argument("--database-url", default="",
                        help="crawl into this database instead of data/demo.sqlite3")
    args = parser.parse_args()
    os.environ["JOBSCRAPER_ENV_FILE"] = "none"
    data = Path(os.environ.get("JOBSCRAPER_DATA_DIR") or PROJECT / "data").resolve()
    database = args.database_url.strip() or f"sqlite:///{data / 'demo.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": database, "JOBSCRAPER_ENV_FILE": "none"}
    env.pop("SCRAPY_SETTINGS_MODULE", None)

    skipped: list[str] = []
    missing = chromium_missing()
    if missing:
        skipped = browser_companies()
    try:
        server = FixtureServer(port=args.port)
    except OSError as exc:
        print(f"error: cannot serve the fixtures on port {args.port}: {exc.strerror}; "
              f"try `make demo DEMO_PORT=8900`", file=sys.stderr)
        return 1
    from jobscraper.commands import CommandFailed
    from jobscraper.db.engine import database_url, describe

    with server:
        sites = [site for site in server.load_sites() if site not in skipped]
        print(f"Serving the recorded responses of {len(sites)} companies on {server.base_url}")
        companies_word = "company" if len(skipped) == 1 else "companies"
        print(f"Crawling {len(sites)} companies into {describe(database)}"
              + (f" ({len(skipped)} browser {companies_word} skipped: no Chromium)" if skipped else ""), flush=True)
        companies = [arg for site in sites for arg in ("--company", site)] if skipped else []
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawlall", *companies, "-a", f"base_url={server.base_url}",
             *LOCAL_SERVER_POLITENESS, "--loglevel", "WARNING"],
            cwd=PROJECT, env=env,
        )
    for company in skipped:
        print(f"skipped {company}: {missing}; fix: {CHROMIUM_FIX}")
    if result.returncode == 0:
        print(f"\nBrowse it: DATABASE_URL={database} make serve\nthen open http://127.0.0.1:8000/")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
