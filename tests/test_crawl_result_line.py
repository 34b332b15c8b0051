"""`scrapy crawl X` ends with one result line on stdout, whatever the log level."""

from __future__ import annotations

import pytest

from greenhouse_format import WIZ_PATH, board, greenhouse_job


@pytest.mark.parametrize("level", [[], ["-L", "WARNING"], ["-L", "ERROR"], ["--nolog"]])
def test_one_result_line_at_any_log_level(sqlite_url, server, run_scrapy, level):
    server.add(WIZ_PATH, board(greenhouse_job(1, "Backend Engineer"), greenhouse_job(2, "Data Engineer")))
    result = run_scrapy("crawl", "wiz", *level, "-a", f"base_url={server.base_url}")
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("wiz: completed, seen 2, new 2, updated 0, removed 0 in ")


def test_the_result_line_gives_the_reason_of_a_failed_crawl(sqlite_url, server, run_scrapy):
    server.add(WIZ_PATH, "<html>maintenance</html>", content_type="text/html")
    result = run_scrapy("crawl", "wiz", "-L", "WARNING", "-a", f"base_url={server.base_url}")
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert line.startswith("wiz: failed, seen 0, new 0, updated 0, removed 0 in ")
    assert "— incomplete listing: listing at " in line and "is not JSON (text/html)" in line
