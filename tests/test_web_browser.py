"""The web app in a real browser (Debian's Chromium through pytest-playwright), on a database
filled by a real crawl of the fixture server: search → facet → posting timeline → save as
alert → alert listed. Also writes the README's screenshots to docs/."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from jobscraper.browser import LAUNCH_ARGS, find_chromium
from jobscraper.web.app import create_app
from jobscraper.web.security import Credentials
from spidertest import chromium_or_skip

pytestmark = pytest.mark.browser
DOCS = Path(__file__).resolve().parent.parent / "docs"
expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    # Skips (fails under CI=true) before pytest-playwright would try a browser download.
    chromium_or_skip()
    return {"executable_path": find_chromium(), "args": list(LAUNCH_ARGS), "headless": True}


@pytest.fixture(scope="session")
def browser_context_args() -> dict:
    return {"viewport": {"width": 1280, "height": 900}, "locale": "en-US"}


@pytest.fixture
def crawled_app(sqlite_url, server, run_scrapy) -> Iterator[str]:
    """Every company of the fixture server crawled into SQLite, served by uvicorn; its URL."""
    chromium_or_skip()
    server.load_sites()
    crawl = run_scrapy("crawlall", "-a", f"base_url={server.base_url}", "--loglevel", "WARNING", timeout=480)
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    listening = socket.create_server(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    web = uvicorn.Server(uvicorn.Config(create_app(sqlite_url, credentials=Credentials()),
                                        log_level="warning", access_log=False))
    thread = threading.Thread(target=web.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not web.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert web.started, "the web app did not start"
    yield f"http://127.0.0.1:{port}"
    web.should_exit = True
    thread.join(10)


def test_search_facet_timeline_and_save_as_alert(crawled_app, page):
    page.goto(f"{crawled_app}/")
    total = int(re.sub(r"\D", "", page.locator("#count").inner_text()))
    assert total > 50
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / "search.png"), full_page=False)

    page.get_by_label("Words in the title or description").fill("engineer")
    page.get_by_label("Words in the title or description").press("Enter")
    expect(page).to_have_url(re.compile(r"\?q=engineer"))
    found = int(re.sub(r"\D", "", page.locator("#count").inner_text()))
    assert 0 < found < total

    # A facet narrows the results in place (htmx) and the URL follows, so it reproduces the search.
    company = page.locator('.facets fieldset:has(legend:text("Company")) input[type=checkbox]').first
    slug = company.get_attribute("value")
    expected = int(re.sub(r"\D", "", company.locator("xpath=..").locator(".count").inner_text()))
    company.check()
    expect(page).to_have_url(re.compile(rf"company={slug}"))
    expect(page.locator("#count")).to_have_text(re.compile(rf"^{expected} posting"))
    page.reload()
    expect(page.locator("#count")).to_have_text(re.compile(rf"^{expected} posting"))
    expect(page.locator(f'input[type=checkbox][name=company][value="{slug}"]')).to_be_checked()

    page.locator("#results .posting a.title").first.click()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    expect(page.locator(".timeline li").first).to_contain_text("created")
    expect(page.locator(".timeline li").first).to_contain_text("in crawl #")
    page.go_back()

    page.get_by_role("button", name="Save this search as an alert").click()
    expect(page).to_have_url(re.compile(r"/alerts\?saved=engineer"))
    expect(page.get_by_role("status")).to_contain_text("Saved alert engineer")
    row = page.locator("tbody tr", has_text="engineer")
    expect(row).to_contain_text(f"companies: {slug}")
    expect(row).to_contain_text("enabled")

    page.get_by_role("link", name="engineer", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Would have matched in the last 30 days"))).to_be_visible()


def test_company_page_keyboard_and_phone(crawled_app, page):
    page.goto(f"{crawled_app}/companies/wiz")
    expect(page.get_by_role("heading", name="Wiz", exact=True)).to_be_visible()
    expect(page.locator("svg.chart")).to_have_count(4)
    page.screenshot(path=str(DOCS / "company.png"), full_page=False)

    page.goto(f"{crawled_app}/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("id", "q")

    page.goto(f"{crawled_app}/api/docs")  # Swagger UI from the app itself, no CDN
    expect(page.get_by_text("/api/postings/{posting_id}")).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/", "/companies/wiz", "/health", "/alerts/new"):
        page.goto(f"{crawled_app}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways on a phone by {overflow}px"
