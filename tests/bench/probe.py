"""Run a ``scrapy`` command with every SQL statement counted; write the counts to a JSON file.

    python tests/bench/probe.py OUT.json crawl bench_le_001 -a base_url=...

A SQLAlchemy ``before_cursor_execute`` listener on every engine counts the statements the
command sends (an ``executemany`` counts once: it is one call to the driver), by first word.
The process's CPU seconds are written too; with ``BENCH_PROFILE=FILE`` the command runs under
cProfile and its stats go to FILE.
"""

from __future__ import annotations

import cProfile
import json
import os
import resource
import sys
import time
from collections import Counter


def peak_rss_kb() -> int | None:
    """This process's peak resident set (VmHWM). Unlike ``ru_maxrss``, which Linux carries
    over fork and exec from the parent, it counts only the crawl's own memory."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    out, args = sys.argv[1], sys.argv[2:]
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    statements: Counter[str] = Counter()
    many = Counter()

    @event.listens_for(Engine, "before_cursor_execute")
    def count(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else "?"
        statements[verb] += 1
        if executemany:
            many[verb] += 1

    from scrapy.cmdline import execute

    profile_to = os.environ.get("BENCH_PROFILE")
    profiler = cProfile.Profile() if profile_to else None
    started = time.monotonic()
    code: int | str | None = 0
    try:
        if profiler:
            profiler.enable()
        execute(["scrapy", *args])
    except SystemExit as exc:
        code = exc.code
    finally:
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile_to)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        with open(out, "w") as handle:
            json.dump({"statements": sum(statements.values()), "by_verb": dict(statements),
                       "executemany": dict(many), "exit": code,
                       "seconds": round(time.monotonic() - started, 3),
                       "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
                       "peak_rss_kb": peak_rss_kb()}, handle)
    sys.exit(code)


if __name__ == "__main__":
    main()
