"""SeenIds: a set of external ids that stays small at hundreds of thousands of postings, and
the crawl lets go of its tables once the listings are walked."""

import tracemalloc

from jobscraper.crawlstate import CrawlState
from jobscraper.extensions.crawl_session import CrawlSessionRecorder
from jobscraper.known import KnownListings
from jobscraper.pipelines.deduplicate import DeduplicatePipeline
from jobscraper.seen import SeenIds
from jobscraper.spiders.mobileye import MobileyeSpider
from spidertest import make_spider


def test_remembers_every_id_added_across_growth_and_nothing_else():
    seen = SeenIds()
    added = [f"{n:08x}-lever-id" for n in range(20_000)]
    assert all(seen.add(external_id) for external_id in added)
    assert len(seen) == 20_000
    assert all(external_id in seen for external_id in added)
    assert not any(f"{n:08x}-other" in seen for n in range(20_000))


def test_adding_an_id_again_says_it_was_not_new_and_keeps_the_count():
    seen = SeenIds(["4001", "4002"])
    assert seen.add("4001") is False
    assert seen.add("4003") is True
    assert len(seen) == 3


def test_ids_that_are_not_strings_were_never_seen():
    seen = SeenIds(["4001"])
    assert 4001 not in seen and None not in seen


def test_clear_forgets_everything():
    seen = SeenIds(["a", "b"])
    seen.clear()
    assert len(seen) == 0 and "a" not in seen


def test_a_hundred_thousand_ids_take_under_three_megabytes():
    tracemalloc.start()
    seen = SeenIds(f"00000000-0000-4000-8000-{n:012d}" for n in range(100_000))
    held, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(seen) == 100_000
    assert held < 3_000_000  # a set of the id strings holds about 13 MB


def test_a_growing_table_moves_its_old_slots_a_few_at_a_time_and_keeps_every_id_found():
    seen = SeenIds()
    added: list[str] = []
    while seen._old is None:  # the add that doubles the table moves nothing yet
        added.append(f"before-{len(added)}")
        seen.add(added[-1])
    old_slots = len(seen._old)
    adds_while_moving = 0
    while seen._old is not None:
        assert seen._moved <= adds_while_moving * 16
        assert all(external_id in seen for external_id in added[::97])
        assert seen.add(added[adds_while_moving]) is False
        adds_while_moving += 1
    assert adds_while_moving == old_slots // 16  # no add moved more than 16 of the old slots
    assert len(seen) == len(added) and all(external_id in seen for external_id in added)
    assert seen.add("after") is True and "after" in seen and len(seen) == len(added) + 1


def test_the_listing_walks_tables_are_let_go_before_the_closing_reads_but_not_the_seen_ids():
    spider = make_spider(MobileyeSpider)
    listings = KnownListings({f"id-{n}": f"fingerprint-{n}" for n in range(5_000)})
    state = CrawlState(engine=None, database=None, company_id=1, session_id=1, started_at=None,
                       active_before=5_000, held_before=0, known_listings=listings, seen=SeenIds(["id-1"]))
    spider.known_listings = listings
    spider.seen_ids.add("id-1")
    CrawlSessionRecorder._drop_listing_walk(spider, state)
    spider.closed("finished")
    assert len(state.known_listings) == 0 and len(spider.known_listings) == 0 and len(spider.seen_ids) == 0
    assert "id-1" in state.seen  # the removal still needs what was seen

    deduplicate = DeduplicatePipeline(spider.crawler)
    deduplicate.process_item({"external_id": "id-1"})
    deduplicate.close_spider()
    assert len(deduplicate.seen) == 0
