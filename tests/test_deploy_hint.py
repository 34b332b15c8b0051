"""`make deploy` with no scrapyd answering says so and names `make scrapyd`."""

from __future__ import annotations

from jobscraper.ops import deploy
from test_commands_ops import _closed_port


def test_no_scrapyd_answering_names_make_scrapyd(tmp_path, monkeypatch, capsys):
    port = _closed_port()
    (tmp_path / "scrapy.cfg").write_text(f"[deploy]\nurl = http://127.0.0.1:{port}/\nproject = jobscraper\n")
    egg = tmp_path / "jobscraper-1-py3.11.egg"
    egg.write_bytes(b"not uploaded anyway")
    monkeypatch.chdir(tmp_path)

    assert deploy.upload(egg, "default", "1") is False
    assert capsys.readouterr().err == (
        "error: default: deploy failed: no scrapyd answers there (connection refused): start one with "
        "`make scrapyd` in another terminal, or fix the target's url in scrapy.cfg\n")
