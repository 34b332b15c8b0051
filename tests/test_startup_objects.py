"""Objects alive when the engine starts are frozen out of the garbage collector's full
collections (jobscraper.extensions.startup_objects), so a collection walks only what the crawl
itself allocated."""

from __future__ import annotations

import gc

from scrapy import signals
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from jobscraper.extensions.startup_objects import FreezeStartupObjects


def test_the_engine_start_freezes_the_objects_alive_then():
    assert "jobscraper.extensions.startup_objects.FreezeStartupObjects" in get_project_settings().getdict("EXTENSIONS")
    crawler = get_crawler(settings_dict={"MEMUSAGE_ENABLED": False})
    extension = FreezeStartupObjects.from_crawler(crawler)  # signal receivers are weak references
    gc.unfreeze()
    try:
        assert gc.get_freeze_count() == 0
        built_before = {"kept": [1, 2]}
        crawler.signals.send_catch_log(signals.engine_started)
        assert gc.get_freeze_count() > 0
        collected = {id(thing) for generation in range(3) for thing in gc.get_objects(generation)}
        assert id(built_before) not in collected and id(built_before["kept"]) not in collected
    finally:
        gc.unfreeze()
    assert extension
