"""The browser soak: one crawl renders the Meta search page ``pages`` times in Chromium while
the total RSS of the crawl process and every process under it is sampled.

The page and its GraphQL answer are the saved Meta fixtures (``tests/fixtures/sites/meta``),
served by the fixture server. The bench spider is a ``MetaCareersSpider`` whose ``start()``
yields the real search request ``pages`` times, each URL with its own ``soak`` query parameter;
the real ``parse_search`` reads every answer. Job pages deduplicate, so only the handful the
answer names are fetched. Chromium's processes and Playwright's node driver are children of the
crawl, so the sum of ``VmRSS`` over the crawl's process tree is the memory the platform costs
(shared pages count once per process; ``Pss`` beside it divides them fairly).

    python tests/bench/soak.py --pages 1000
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent
sys.path[:0] = [str(HERE.parent), str(PROJECT)]

from fixtureserver import SITES_DIR, FixtureServer  # noqa: E402

from jobscraper.browser import BrowserNotFound, find_chromium  # noqa: E402

SOAK_PACKAGE = "benchsoak"
SOAK_SPIDER = "bench_meta_soak"
SEARCH_PATH = "/jobs"
SPIDER_SOURCE = f'''"""Generated: the Meta search page rendered ``pages`` times in one crawl."""

from jobscraper.platforms.meta import MetaCareersSpider


class BenchMetaSoakSpider(MetaCareersSpider):
    name = {SOAK_SPIDER!r}
    company = "Bench Meta Soak"
    offices = ("Tel Aviv, Israel",)

    def __init__(self, *args, pages="1", **kwargs):
        super().__init__(*args, **kwargs)
        self.pages = int(pages)
        self.page_number = 0

    @property
    def search_url(self):
        return f"{{super().search_url}}&soak={{self.page_number}}"

    async def start(self):
        for number in range(self.pages):
            self.page_number = number
            async for request in super().start():
                yield request.replace(dont_filter=True)
'''


def write_soak_spider(root: Path) -> Path:
    """The ``benchsoak`` package under ``root`` with the one soak spider."""
    package = root / SOAK_PACKAGE
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text('"""Generated browser soak spider."""\n')
    (package / f"{SOAK_SPIDER}.py").write_text(SPIDER_SOURCE)
    return package


# --- memory of a process tree ----------------------------------------------------------------

def _parents() -> dict[int, int]:
    """pid -> parent pid of every process now running."""
    parents = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name sits in parentheses and may hold spaces: the fields follow the last ')'.
        fields = stat[stat.rindex(")") + 2:].split()
        parents[int(entry.name)] = int(fields[1])
    return parents


def tree(root: int) -> list[int]:
    """``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
        children.setdefault(parent, []).append(pid)
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending += children.get(pid, [])
    return found


def _field_kb(path: str, name: str) -> int:
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith(name):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0  # gone between the listing and the read, or a kernel thread


def sample(root: int) -> dict[str, int]:
    """RSS of ``root`` alone and of its whole tree, and the tree's PSS (kB), with a process count."""
    pids = tree(root)
    return {"crawl_kb": _field_kb(f"/proc/{root}/status", "VmRSS:"),
            "total_kb": sum(_field_kb(f"/proc/{pid}/status", "VmRSS:") for pid in pids),
            "pss_kb": sum(_field_kb(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in pids),
            "processes": len(pids)}


# --- the soak ----------------------------------------------------------------------------------

def _mb(kb: float | None) -> float | None:
    return None if kb is None else kb / 1024


def _window_peak(samples: list[dict[str, Any]], low: int, high: int, key: str = "total_kb") -> float | None:
    """The highest RSS (MB) sampled while pages ``low``..``high`` were being rendered."""
    values = [s[key] for s in samples if low <= s["pages"] <= high]
    return _mb(max(values)) if values else None


def _downsample(samples: list[dict[str, Any]], points: int = 200) -> list[dict[str, Any]]:
    step = max(1, len(samples) // points)
    kept = samples[::step]
    if samples and kept[-1] is not samples[-1]:
        kept.append(samples[-1])
    return [{"t": round(s["t"], 1), "pages": s["pages"], "total_mb": round(s["total_kb"] / 1024, 1),
             "crawl_mb": round(s["crawl_kb"] / 1024, 1), "pss_mb": round(s["pss_kb"] / 1024, 1),
             "processes": s["processes"]} for s in kept]


def _stored(database: Path) -> dict[str, Any]:
    """Postings stored and the crawl session's status, read back from the crawl's SQLite file."""
    try:
        with sqlite3.connect(database) as connection:
            postings = connection.execute("SELECT count(*) FROM job_positions").fetchone()[0]
            status = connection.execute("SELECT status FROM scraping_sessions ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.Error as exc:
        return {"postings_stored": None, "session_status": f"unreadable: {exc}"}
    return {"postings_stored": postings, "session_status": status[0] if status else None}


def bench_browser_soak(world_dir: Path, pages: int = 1000, interval: float = 0.5,
                       timeout: float = 3600) -> dict[str, Any]:
    """One ``scrapy crawl`` rendering the search page ``pages`` times; RSS of its process tree."""
    try:
        chromium = find_chromium()
    except BrowserNotFound as exc:
        return {"pages": pages, "skipped": str(exc)}
    world_dir.mkdir(parents=True, exist_ok=True)
    write_soak_spider(world_dir)
    database = world_dir / f"soak-{uuid.uuid4().hex[:8]}.sqlite3"
    out = world_dir / f"{database.stem}-probe.json"
    # The early mark: page 100 of a 1,000-page soak (a tenth of a shorter one), once Chromium,
    # its renderer and the node driver are warm; the windows span a twentieth of the pages.
    mark = max(1, min(100, pages // 10))
    window = max(1, pages // 20)

    with FixtureServer() as server:
        server.load_site(SITES_DIR / "meta")
        command = [sys.executable, str(HERE / "probe.py"), str(out), "crawl", SOAK_SPIDER,
                   "-a", f"base_url={server.base_url}", "-a", f"pages={pages}",
                   "-s", f"SPIDER_MODULES={SOAK_PACKAGE}", "-s", "LOG_LEVEL=WARNING"]
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}",
               "PYTHONPATH": os.pathsep.join([str(world_dir), os.environ.get("PYTHONPATH", "")]),
               "JOBSCRAPER_DATA_DIR": str(world_dir / "data"), "CHROMIUM_PATH": chromium}
        env.pop("SCRAPY_SETTINGS_MODULE", None)
        samples: list[dict[str, Any]] = []
        with (world_dir / f"{database.stem}.log").open("w") as log_file:
            started = time.monotonic()
            process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log_file,
                                       stderr=subprocess.STDOUT, start_new_session=True)
            try:
                while process.poll() is None:
                    if time.monotonic() - started > timeout:
                        os.killpg(process.pid, 9)  # the crawl's own session: Chromium goes too
                        process.wait()
                        break
                    rendered = len(server.requests_to(SEARCH_PATH))
                    samples.append({"t": time.monotonic() - started, "pages": rendered, **sample(process.pid)})
                    time.sleep(interval)
            finally:
                if process.poll() is None:
                    os.killpg(process.pid, 9)
                    process.wait()
            seconds = time.monotonic() - started
        rendered = len(server.requests_to(SEARCH_PATH))
        graphql = len(server.requests_to("/graphql"))
        details = sum(1 for r in server.requests if r.path.startswith("/profile/job_details/"))

    probe = json.loads(out.read_text()) if out.exists() else {}
    live = [s for s in samples if s["total_kb"]]
    at_mark = _window_peak(live, mark, mark + window)
    at_end = _window_peak(live, pages - window, pages)
    after = [s["total_kb"] for s in live if mark <= s["pages"] < pages]
    result: dict[str, Any] = {
        "pages": pages, "pages_rendered": rendered, "graphql_answers": graphql, "detail_requests": details,
        "exit": process.returncode, "seconds": seconds, "pages_per_s": rendered / seconds if seconds else None,
        "chromium": chromium,
        "peak_total_rss_mb": _mb(max((s["total_kb"] for s in live), default=None)),
        "peak_total_pss_mb": _mb(max((s["pss_kb"] for s in live), default=None)),
        "peak_crawl_rss_mb": _mb(probe.get("peak_rss_kb")),
        "peak_crawl_rss_sampled_mb": _mb(max((s["crawl_kb"] for s in live), default=None)),
        "max_processes": max((s["processes"] for s in live), default=0),
        "mark_page": mark, "window_pages": window,
        "total_rss_mb_at_mark": at_mark, "total_rss_mb_at_end": at_end,
        "growth_mb": at_end - at_mark if at_mark is not None and at_end is not None else None,
        "crawl_rss_mb_at_mark": _window_peak(live, mark, mark + window, "crawl_kb"),
        "crawl_rss_mb_at_end": _window_peak(live, pages - window, pages, "crawl_kb"),
        "total_rss_mb_range_after_mark": [_mb(min(after)), _mb(max(after))] if after else None,
        **_stored(database),
        "samples": _downsample(live),
        "log": str(world_dir / f"{database.stem}.log"),
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--dir", type=Path, help="where the spider package, database and log go")
    args = parser.parse_args()
    world_dir = args.dir or Path(tempfile.mkdtemp(prefix="jobscraper-soak-"))
    result = bench_browser_soak(world_dir, args.pages)
    print(json.dumps({k: v for k, v in result.items() if k != "samples"}, indent=2))


if __name__ == "__main__":
    main()
