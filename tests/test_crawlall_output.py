"""crawlall prints its progress lines and summary, not every crawler's Scrapy log."""

from __future__ import annotations

from greenhouse_format import WIZ_PATH, board, greenhouse_job

JFROG_PATH = "/v1/boards/jfrog/jobs"


def serve_two_boards(server) -> list[str]:
    server.add(WIZ_PATH, board(greenhouse_job(1)))
    server.add(JFROG_PATH, board(greenhouse_job(5, token="jfrog")))
    return ["--company", "wiz", "--company", "jfrog", "-a", f"base_url={server.base_url}"]


def test_the_console_gets_progress_and_summary_only(sqlite_url, server, run_scrapy):
    result = run_scrapy("crawlall", *serve_two_boards(server))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Scrapy" not in result.stderr and "INFO" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line] == [
        line for line in result.stderr.splitlines() if line.startswith(("[1/2]", "[2/2]"))]


def test_minus_l_asks_for_the_scrapy_log(sqlite_url, server, run_scrapy):
    result = run_scrapy("crawlall", "-L", "INFO", *serve_two_boards(server))
    assert result.returncode == 0
    assert result.stderr.count("[scrapy.utils.log] INFO: Scrapy") >= 1


def test_the_full_log_goes_to_a_file(sqlite_url, server, run_scrapy, tmp_path):
    logfile = tmp_path / "crawl.log"
    result = run_scrapy("crawlall", "--logfile", str(logfile), *serve_two_boards(server))
    assert result.returncode == 0
    assert "INFO" not in result.stderr
    log = logfile.read_text()
    assert "INFO: Spider opened" in log and "Dumping Scrapy stats" in log
