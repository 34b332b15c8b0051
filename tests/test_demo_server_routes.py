"""The demo serves every company from one local server, so companies whose real hosts differ
but whose paths are the same must still each get their own answers: SAP's feed is not
Novocure's, Verint's requisitions are not Texas Instruments'."""

from __future__ import annotations

import os

import pytest
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.project import get_project_settings

from fixtureserver import FixtureServer
from spidertest import make_spider, start_requests

os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "jobscraper.settings")
BASE_URL = "http://127.0.0.1:9"


def first_request(spider_class: type) -> object:
    requests = start_requests(make_spider(spider_class, base_url=BASE_URL))
    return requests[0] if requests else None


def answer(server: FixtureServer, request) -> bytes | None:
    path = request.url[len(BASE_URL):]
    headers = {name.decode(): values[0].decode() for name, values in request.headers.items()}
    route = server._answer(request.method, path, request.body, headers)
    return None if route is None else route.body


@pytest.fixture(scope="module")
def whole_demo() -> FixtureServer:
    server = FixtureServer()
    server.load_sites()
    return server


LOADER = get_spider_loader(get_project_settings())


@pytest.mark.parametrize("name", ["sap", "novocure", "ti", "verint"])
def test_companies_that_share_a_path_get_their_own_first_answer(whole_demo, name):
    alone = FixtureServer()
    alone.load_sites(only=[name])
    request = first_request(LOADER.load(name))
    own = answer(alone, request)
    assert own, f"{name}'s own fixtures do not answer {request.url}"
    assert answer(whole_demo, request) == own


def test_every_company_of_the_demo_gets_its_own_first_answer(whole_demo):
    unanswered, mixed_up = [], []
    for name in LOADER.list():
        alone = FixtureServer()
        alone.load_sites(only=[name])
        request = first_request(LOADER.load(name))
        own = answer(alone, request)
        if own is None:
            unanswered.append(name)
        elif answer(whole_demo, request) != own:
            mixed_up.append(name)
    assert (unanswered, mixed_up) == ([], [])
