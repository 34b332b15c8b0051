"""`make demo`: the offline main job. Serve every company's recorded-format fixtures locally,
crawl them all into the default database with `scrapy crawlall`, print the summary, stop."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from fixtureserver import FixtureServer

PROJECT = Path(__file__).resolve().parent.parent


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
             "--loglevel", "WARNING"],
            cwd=PROJECT,
        )
    if result.returncode == 0:
        print("\nBrowse it: `make serve`, then open http://127.0.0.1:8000/ (the same database)")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
