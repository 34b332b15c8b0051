"""The place resolver: location strings and structured fields of the platforms' real formats in,
city, region and ISO country out."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import jobscraper.data
from jobscraper.normalise.locations import (
    WORLD_CITIES_TABLE,
    Place,
    _resolve_again,
    city_name,
    district_of,
    parse_place,
    resolve,
    world_cities,
    world_city_lines,
)

# (location string as a platform writes it, city, region, country)
PLACES = [
    # Greenhouse location.name / offices[].location
    ("Tel Aviv, Israel", "Tel Aviv", "Tel Aviv", "IL"),
    ("Tel Aviv-Yafo, Israel", "Tel Aviv", "Tel Aviv", "IL"),
    ("Tel Aviv-Jaffa, Tel Aviv District, Israel", "Tel Aviv", "Tel Aviv", "IL"),
    ("Tel Aviv Office", "Tel Aviv", "Tel Aviv", "IL"),
    ("Tel Aviv HQ", "Tel Aviv", "Tel Aviv", "IL"),
    ("TLV", "Tel Aviv", "Tel Aviv", "IL"),
    ("Herzliya, Israel", "Herzliya", "Tel Aviv", "IL"),
    ("Herzelia", "Herzliya", "Tel Aviv", "IL"),
    ("Herzliya Pituach Office", "Herzliya", "Tel Aviv", "IL"),
    ("Petah Tikva, Israel", "Petah Tikva", "Center", "IL"),
    ("Petach Tikva", "Petah Tikva", "Center", "IL"),
    ("Petach Tikvah, Center District, Israel", "Petah Tikva", "Center", "IL"),
    ("Ra'anana, Israel", "Ra'anana", "Center", "IL"),
    ("Raanana", "Ra'anana", "Center", "IL"),
    ("Ra’anana", "Ra'anana", "Center", "IL"),
    ("Haifa, Israel", "Haifa", "Haifa", "IL"),
    ("Jerusalem, Israel", "Jerusalem", "Jerusalem", "IL"),
    ("Beer Sheva", "Be'er Sheva", "South", "IL"),
    ("Beersheba, Israel", "Be'er Sheva", "South", "IL"),
    ("Yokneam Illit, Israel", "Yokneam", "North", "IL"),
    ("Yoqneam", "Yokneam", "North", "IL"),
    ("Rehovot", "Rehovot", "Center", "IL"),
    ("Netanya, Israel", "Netanya", "Center", "IL"),
    ("Hod Hasharon", "Hod HaSharon", "Center", "IL"),
    ("Kfar Saba, Israel", "Kfar Saba", "Center", "IL"),
    ("Rosh Ha'Ayin", "Rosh HaAyin", "Center", "IL"),
    ("Caesarea, Israel", "Caesarea", "Haifa", "IL"),
    ("Modiin", "Modi'in", "Center", "IL"),
    ("Airport City, Israel", "Airport City", "Center", "IL"),
    ("Ramat Gan, Israel", "Ramat Gan", "Tel Aviv", "IL"),
    ("Kiryat Gat", "Kiryat Gat", "South", "IL"),
    ("Beit Shemesh", "Beit Shemesh", "Jerusalem", "IL"),
    ("Tel Aviv, IL", "Tel Aviv", "Tel Aviv", "IL"),
    ("Israel", None, None, "IL"),
    ("IL", None, None, "IL"),
    ("ISR", None, None, "IL"),
    ("State of Israel", None, None, "IL"),
    ("Israel Remote", None, None, "IL"),
    ("Remote, Israel", None, None, "IL"),
    ("Haifa District", None, "Haifa", "IL"),
    ("Center District, Israel", None, "Center", "IL"),
    ("Central District", None, "Center", "IL"),
    ("Center, Israel", None, "Center", "IL"),
    ("Northern District, Israel", None, "North", "IL"),
    ("Jerusalem Area", None, "Jerusalem", "IL"),
    # Hebrew (Comeet, Ashby, Greenhouse boards of Israeli companies)
    ("תל אביב", "Tel Aviv", "Tel Aviv", "IL"),
    ("תל אביב-יפו, ישראל", "Tel Aviv", "Tel Aviv", "IL"),
    ("ת\"א", "Tel Aviv", "Tel Aviv", "IL"),
    ("הרצליה", "Herzliya", "Tel Aviv", "IL"),
    ("הרצליה פיתוח", "Herzliya", "Tel Aviv", "IL"),
    ("פתח תקווה", "Petah Tikva", "Center", "IL"),
    ("פתח תקוה, ישראל", "Petah Tikva", "Center", "IL"),
    ("רעננה", "Ra'anana", "Center", "IL"),
    ("חיפה", "Haifa", "Haifa", "IL"),
    ("ירושלים", "Jerusalem", "Jerusalem", "IL"),
    ("באר שבע", "Be'er Sheva", "South", "IL"),
    ("יקנעם עילית", "Yokneam", "North", "IL"),
    ("ישראל", None, None, "IL"),
    ("מחוז המרכז", None, "Center", "IL"),
    ("מחוז חיפה", None, "Haifa", "IL"),
    # Eightfold / Microsoft "Country, Region, City"; Amazon "IL, TA, Tel Aviv"
    ("Israel, Tel Aviv, Herzliya", "Herzliya", "Tel Aviv", "IL"),
    ("Israel, Haifa, Haifa", "Haifa", "Haifa", "IL"),
    ("Israel, Multiple Locations, Multiple Locations", None, None, "IL"),
    ("IL, TA, Tel Aviv", "Tel Aviv", "Tel Aviv", "IL"),
    ("IL, HA, Haifa", "Haifa", "Haifa", "IL"),
    # Workday locationsText / requisition descriptors
    ("Israel, Haifa", "Haifa", "Haifa", "IL"),
    ("Israel, Petah-Tikva", "Petah Tikva", "Center", "IL"),
    ("30 North Wall Quay - IFSC, Dublin 1, Leinster, IRL", "Dublin", None, "IE"),
    ("2 Locations", None, None, None),
    ("USA - California - Santa Clara", "Santa Clara", "California", "US"),
    ("Bangalore, India", "Bengaluru", None, "IN"),
    # US: "City, ST", state names
    ("New York City, NY", "New York", "New York", "US"),
    ("New York, NY", "New York", "New York", "US"),
    ("New York Office", "New York", "New York", "US"),
    ("New York", "New York", "New York", "US"),
    ("Columbus, OH", "Columbus", "Ohio", "US"),
    ("Chicago, IL", "Chicago", "Illinois", "US"),
    ("San Francisco, CA", "San Francisco", "California", "US"),
    ("San Francisco, California, United States", "San Francisco", "California", "US"),
    ("Austin, Texas", "Austin", "Texas", "US"),
    ("Austin, TX", "Austin", "Texas", "US"),
    ("Boston, MA", "Boston", "Massachusetts", "US"),
    ("Seattle, WA", "Seattle", "Washington", "US"),
    ("Washington, DC", "Washington", "District of Columbia", "US"),
    ("Denver, CO", "Denver", "Colorado", "US"),
    ("Remote-GA", None, "Georgia", "US"),
    ("Remote - US", None, None, "US"),
    ("US-Remote", None, None, "US"),
    ("USA Only", None, None, "US"),
    ("United States", None, None, "US"),
    ("U.S.", None, None, "US"),
    ("California", None, "California", "US"),
    ("Atlanta, Georgia", "Atlanta", "Georgia", "US"),
    ("Tbilisi, Georgia", "Tbilisi", None, "GE"),
    # Elsewhere
    ("London, UK", "London", None, "GB"),
    ("London, United Kingdom", "London", None, "GB"),
    ("London Office", "London", None, "GB"),
    ("UK Only", None, None, "GB"),
    ("Berlin, Germany", "Berlin", None, "DE"),
    ("Munich, Germany", "Munich", None, "DE"),
    ("Paris, France", "Paris", None, "FR"),
    ("Amsterdam, Netherlands", "Amsterdam", None, "NL"),
    ("Dublin, Ireland", "Dublin", None, "IE"),
    ("Warsaw, Poland", "Warsaw", None, "PL"),
    ("Kraków, Poland", "Kraków", None, "PL"),
    ("Toronto, CA", "Toronto", None, "CA"),
    ("Toronto, Ontario, Canada", "Toronto", None, "CA"),
    ("Sydney, NSW, Australia", "Sydney", None, "AU"),
    ("Singapore", None, None, "SG"),
    ("Hong Kong", None, None, "HK"),
    ("Shanghai Shi", "Shanghai", None, "CN"),
    ("Shanghai, China", "Shanghai", None, "CN"),
    ("China. People's Republic", None, None, "CN"),
    ("Korea, Republic of", None, None, "KR"),
    ("Seoul, South Korea", "Seoul", None, "KR"),
    ("Tokyo, Japan", "Tokyo", None, "JP"),
    ("São Paulo, Brazil", "São Paulo", None, "BR"),
    ("Kingston, Jamaica", "Kingston", None, "JM"),
    ("Nigeria", None, None, "NG"),
    ("Lagos, Nigeria", "Lagos", None, "NG"),
    ("Algeria (West)", None, None, "DZ"),
    ("Algiers, Algeria", "Algiers", None, "DZ"),
    ("Casablanca, Morocco", "Casablanca", None, "MA"),
    ("Bucharest, Romania", "Bucharest", None, "RO"),
    ("Kyiv, Ukraine", "Kyiv", None, "UA"),
    ("Limassol, Cyprus", "Limassol", None, "CY"),
    ("Berlin", "Berlin", None, "DE"),
    ("Czechia", None, None, "CZ"),
    ("Türkiye", None, None, "TR"),
    ("Viet Nam", None, None, "VN"),
    ("DEU", None, None, "DE"),
    # Regions, remote flags, labels: never a city
    ("Anywhere in the World", None, "Worldwide", None),
    ("Worldwide", None, "Worldwide", None),
    ("Europe Only", None, "Europe", None),
    ("EMEA", None, "EMEA", None),
    ("APAC", None, "APAC", None),
    ("LATAM", None, "Latin America", None),
    ("Remote", None, None, None),
    ("Fully Remote", None, None, None),
    ("מרחוק", None, None, None),
    ("Various", None, None, None),
    ("Multiple locations", None, None, None),
    ("Multiple Locations", None, None, None),
    ("TBD", None, None, None),
    ("Hybrid", None, None, None),
    ("Center", None, None, None),
]


@pytest.mark.parametrize(("text", "city", "region", "country"), PLACES, ids=[row[0] for row in PLACES])
def test_place_strings_resolve_to_city_region_and_country(text, city, region, country):
    place = parse_place(text)
    assert (place.city, place.region, place.country) == (city, region, country)


def test_the_table_covers_at_least_a_hundred_place_strings():
    assert len({row[0] for row in PLACES}) >= 100


@pytest.mark.parametrize("text", ["Remote", "Remote-GA", "US-Remote", "Remote, Israel", "Anywhere in the World",
                                  "מרחוק", "Fully Remote"])
def test_remote_places_carry_the_remote_flag(text):
    assert parse_place(text).remote


@pytest.mark.parametrize("text", ["Tel Aviv, Israel", "New York Office", "Hybrid", "Europe Only"])
def test_office_places_are_not_remote(text):
    assert not parse_place(text).remote


def test_comeet_country_only_name_with_a_structured_city_is_the_city():
    resolution = resolve([{"text": "Israel", "city": "Haifa", "country": "IL"}])
    assert resolution.primary == Place("Haifa", "IL", "Haifa")
    assert resolution.places == (Place("Haifa", "IL", "Haifa"),)


def test_structured_country_name_with_a_city_given_separately():
    assert resolve([{"city": "Guangzhou", "country": "China. People's Republic"}]).primary == Place("Guangzhou", "CN")
    assert resolve([{"city": "Kingston", "country": "Jamaica"}]).primary == Place("Kingston", "JM")
    assert resolve([{"city": "Guangzhou", "country": "CN", "text": "Nigeria"}]).primary == Place("Guangzhou", "CN")


def test_a_structured_town_too_small_for_the_world_list_is_kept_as_the_source_wrote_it():
    assert resolve([{"city": "Kfar Netter", "country": "IL"}]).primary.city == "Kfar Netter"
    assert resolve([{"city": "Various", "country": "IL"}]).primary.city is None
    assert resolve([{"city": "2 Locations", "country": "US"}]).primary.city is None


def test_smartrecruiters_lower_case_country_and_state_code():
    assert resolve([{"city": "Austin", "region": "TX", "country": "us"}]).primary == Place("Austin", "US", "Texas")


def test_the_postings_own_location_beats_its_secondary_ones():
    assert resolve(["Algiers, Algeria", "Casablanca, Morocco"], prefer="IL").primary.city == "Algiers"
    assert resolve(["New York City, NY", "Columbus, OH"]).primary.city == "New York"


def test_israel_wins_over_the_primary_location_and_every_place_is_kept():
    resolution = resolve(["New York, NY", "London, UK", "Tel Aviv, Israel"])
    assert resolution.primary == Place("Tel Aviv", "IL", "Tel Aviv")
    assert [place.city for place in resolution.places] == ["Tel Aviv", "New York", "London"]


def test_the_most_specific_place_wins_and_broader_repeats_are_dropped():
    resolution = resolve(["Israel", "Haifa, Israel", "Remote"])
    assert resolution.primary.city == "Haifa"
    assert resolution.places == (Place("Haifa", "IL", "Haifa"), Place(remote=True))


def test_one_string_listing_several_places():
    resolution = resolve(["Tel Aviv, Israel; Haifa, Israel | Jerusalem"])
    assert [place.city for place in resolution.places] == ["Tel Aviv", "Haifa", "Jerusalem"]


def test_a_posting_with_no_place_resolves_to_nothing():
    assert resolve([None, "", "Various"]).primary == Place()
    assert resolve([]).places == ()


def test_a_repeated_set_of_places_is_resolved_once_and_answers_the_same():
    _resolve_again.cache_clear()
    places = ["Herzliya, Israel", {"city": "Herzliya", "country": "IL", "text": "Herzliya, Israel"}]
    first, again = resolve(places), resolve(list(places))
    assert again == first and again.primary == Place("Herzliya", "IL", "Tel Aviv")
    assert (_resolve_again.cache_info().misses, _resolve_again.cache_info().hits) == (1, 1)
    # The same values as text or as a structured field are different places.
    assert resolve([{"text": "Haifa"}]) == resolve(["Haifa"])
    assert _resolve_again.cache_info().misses == 3


def test_a_structured_place_holding_a_list_is_resolved_without_the_cache():
    resolution = resolve([{"city": "Haifa", "country": "IL", "aliases": ["חיפה"]}])
    assert resolution.primary == Place("Haifa", "IL", "Haifa")


@pytest.mark.parametrize(("name", "district"), [
    ("Center", "Center"), ("center district", "Center"), ("Central", "Center"), ("Haifa district", "Haifa"),
    ("Haifa", "Haifa"), ("Jerusalem area", "Jerusalem"), ("North", "North"), ("מחוז הדרום", "South"),
    ("Tel Aviv District", "Tel Aviv"), ("Gush Dan", "Tel Aviv"), ("Narnia", None),
])
def test_district_criteria_name_a_district(name, district):
    assert district_of(name) == district


def test_city_names_users_type_resolve_to_the_stored_spelling():
    assert city_name("petach tikva") == "Petah Tikva"
    assert city_name("הרצליה") == "Herzliya"
    assert city_name("new york city") == "New York"
    assert city_name("Smallville") == "Smallville"


def test_the_world_city_index_leaves_the_garbage_collectors_full_collections():
    # Built on a crawl's first place, after gc.freeze(): every object of it that the collector
    # tracks is walked by each full collection while the reactor waits.
    world_cities.cache_clear()
    gc.collect()
    before = len(gc.get_objects())
    assert len(world_cities()) > 20_000
    gc.collect()
    assert len(gc.get_objects()) - before < 100
    assert city_name("munich") == "Munich" and parse_place("Austin, TX").region == "Texas"


def test_the_world_city_table_is_what_geonames_and_the_folding_rules_give():
    shipped = (Path(jobscraper.data.__file__).parent / WORLD_CITIES_TABLE).read_text("utf-8").splitlines()
    expected = world_city_lines()
    stale = [(line, want) for line, want in zip(shipped, expected) if line != want][:3]
    assert len(shipped) == len(expected) > 30_000 and not stale, \
        f"jobscraper/data/{WORLD_CITIES_TABLE} is stale (run `make world-cities`): {stale}"
