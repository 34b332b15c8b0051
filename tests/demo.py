"""`make demo`: the offline main job. Serve every company's recorded-format fixtures locally,
crawl them all into the default database with `scrapy crawlall`, print the summary, stop.

The one local server stands in for every careers host, so the demo lifts the per-host spacing
and concurrency limits meant for real sites: kept, they would queue 340 companies' requests
behind one host's budget of five a second."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from fixtureserver import FixtureServer

PROJECT = Path(__file__).resolve().parent.parent
LOCAL_SERVER_POLITENESS = ("-s", "JOBSCRAPER_HOST_MIN_INTERVAL=0", "-s", "JOBSCRAPER_HOST_CONCURRENCY=16")


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
    with server:
        sites = server.load_sites()
        print(f"Serving recorded responses for {len(sites)} companies on {server.base_url}", flush=True)
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawlall", "-a", f"base_url={server.base_url}",
             *LOCAL_SERVER_POLITENESS, "--loglevel", "WARNING"],
            cwd=PROJECT,
        )
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
