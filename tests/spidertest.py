"""Testing a platform base in-process: build a spider, feed its callbacks saved responses.

    spider = make_spider(MySubclass, base_url="http://127.0.0.1:1")
    requests = start_requests(spider)
    items, follow_ups = call(requests[0], body_from_file, status=200)
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

from jobscraper.browser import BrowserNotFound, find_chromium
from jobscraper.items import JobItem

SAMPLES = Path(__file__).resolve().parent / "fixtures" / "ats-samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def chromium_or_skip() -> None:
    """Skip a browser test where no Chromium is installed, but fail it on CI, which installs one."""
    try:
        find_chromium()
    except BrowserNotFound as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{exc} and CI=true")
        pytest.skip(str(exc))


def make_spider(spider_cls: type[Spider], settings: dict[str, Any] | None = None, **kwargs: Any) -> Spider:
    crawler = get_crawler(spider_cls, settings or {})
    spider = spider_cls.from_crawler(crawler, **kwargs)
    crawler.spider = spider
    return spider


def run_async(coroutine: Any) -> Any:
    """``asyncio.run`` that also works in a test worker where pytest-playwright's sync API
    (session-scoped) keeps an event loop running: the coroutine then gets a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def start_requests(spider: Spider) -> list[Request]:
    async def collect() -> list[Request]:
        return [request async for request in spider.start()]
    return run_async(collect())


def response_for(request: Request, body: Any, status: int = 200,
                 headers: dict[str, str] | None = None) -> TextResponse:
    if isinstance(body, (dict, list)):
        body = json.dumps(body, ensure_ascii=False)
    if isinstance(body, str):
        body = body.encode("utf-8")
    headers = headers or {}
    content_type = headers.get("Content-Type", "")
    cls = HtmlResponse if "html" in content_type else XmlResponse if "xml" in content_type else TextResponse
    return cls(url=request.url, body=body, status=status, headers=headers, request=request, encoding="utf-8")


def call(request: Request, body: Any, status: int = 200,
         headers: dict[str, str] | None = None) -> tuple[list[JobItem], list[Request]]:
    """Run the request's callback on a response with ``body``; split the output."""
    response = response_for(request, body, status, headers)
    output = request.callback(response, **(request.cb_kwargs or {})) or []
    items, requests = [], []
    for entry in output:
        (requests if isinstance(entry, Request) else items).append(entry)
    return items, requests


def load_json(path: Path) -> Any:
    """A saved response; a ``_sample_note`` key (documentation only) is dropped."""
    data = json.loads(path.read_text("utf-8"))
    if isinstance(data, dict):
        data.pop("_sample_note", None)
    elif isinstance(data, list) and data and isinstance(data[0], dict):
        data[0].pop("_sample_note", None)
    return data


def fingerprinted(item: Any, entries: list[dict[str, Any]], id_key: str = "id") -> dict[str, Any]:
    """The item as a dict without its listing fingerprint, once that is checked to be the
    ``entry_fingerprint`` of the raw entry (among ``entries``) it was parsed from."""
    from jobscraper.platforms.base import entry_fingerprint

    fields = dict(item)
    [entry] = [entry for entry in entries if str(entry.get(id_key)) == fields["external_id"]]
    assert fields.pop("listing_fingerprint") == entry_fingerprint(entry)
    return fields
