"""The one item every spider yields.

A platform base fills what its source offers; the pipelines normalise, validate, filter,
deduplicate and store it. The natural key is (``company``, ``external_id``).

Fields
------
company            spider name == ``companies.slug`` (set by the platform base)
external_id        the source's stable id for the posting (required)
title              posting title, any script (required)
url                the posting's public page (required)
apply_url          where to apply, when it differs from ``url``
location           display text of the primary location
locations          every location string the source lists (multi-location postings)
places_raw         the source's structured locations, primary first: dicts of ``text``, ``city``,
                   ``region``, ``country`` (name or ISO code), ``remote`` (any may be missing)
city, country      the primary place: a structured city or country a platform sets is one more
                   raw place; the normalise pipeline replaces both with the resolved ones
region             the primary place's district (Israel), state or province, or world region
places             every resolved place: dicts of ``city``, ``region``, ``country``, ``remote``
salary_min, salary_max, salary_currency (ISO 4217), salary_period (year/month/week/day/hour):
                   set by the normalise pipeline where the source publishes a salary
department         team or department name
employment_type    raw from the source; normalised to full_time / part_time / contract /
                   internship / temporary / other
workplace_type     raw from the source; normalised to onsite / hybrid / remote / unknown
remote             a source's boolean "is remote" flag, when it has one
description_html   HTML description (sanitised by the pipeline)
description_text   plain text; derived from the HTML when missing
posted_at          datetime, or None when only the raw value is known
posted_at_raw      the source's raw posted value (ISO text, epoch, "Dec 22, 2025", ...)
source_updated_at  / source_updated_at_raw: likewise for the source's "updated" time
extra_metadata     dict of platform-specific leftovers kept in the database (salary ...)
listing_fingerprint  hash of the listing row (detail platforms: the values whose change means
                   the detail must be read again; list platforms: the whole entry and
                   ``NORMALISER_VERSION``)
seen_only          True when the listing row is the stored one: the posting counts as seen
                   and unchanged, nothing else is read, normalised or written
content_hash       set by the normalise pipeline over the stored content fields
"""

import scrapy

# Bump when the stored form of a field changes (normalise/, pipelines/normalise.py, a platform's
# parsing): the listing fingerprints of list platforms change with it, so every stored posting
# is normalised again once, on the next crawl.
NORMALISER_VERSION = 1


class JobItem(scrapy.Item):
    company = scrapy.Field()
    external_id = scrapy.Field()
    title = scrapy.Field()
    url = scrapy.Field()
    apply_url = scrapy.Field()
    location = scrapy.Field()
    locations = scrapy.Field()
    places_raw = scrapy.Field()
    city = scrapy.Field()
    country = scrapy.Field()
    region = scrapy.Field()
    places = scrapy.Field()
    salary_min = scrapy.Field()
    salary_max = scrapy.Field()
    salary_currency = scrapy.Field()
    salary_period = scrapy.Field()
    department = scrapy.Field()
    employment_type = scrapy.Field()
    workplace_type = scrapy.Field()
    remote = scrapy.Field()
    description_html = scrapy.Field()
    description_text = scrapy.Field()
    posted_at = scrapy.Field()
    posted_at_raw = scrapy.Field()
    source_updated_at = scrapy.Field()
    source_updated_at_raw = scrapy.Field()
    extra_metadata = scrapy.Field()
    listing_fingerprint = scrapy.Field()
    seen_only = scrapy.Field()
    content_hash = scrapy.Field()


# The columns a posting's content hash covers, in a fixed order; a change in any of them is an
# "updated" event naming the fields. Timestamps of the source are left out: they move on edits
# that change nothing a reader sees.
CONTENT_FIELDS = (
    "title",
    "url",
    "apply_url",
    "location",
    "city",
    "country",
    "region",
    "places",
    "department",
    "employment_type",
    "workplace_type",
    "description_text",
    "posted_at",
    "extra_metadata",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
)
