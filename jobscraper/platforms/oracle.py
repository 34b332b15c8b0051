"""Oracle Recruiting Cloud (Oracle HCM Candidate Experience) through its REST API.

To use, specify ``host``, the tenant's ``*.oraclecloud.com`` host (vanity career sites sit in
front of it), and ``site_number``, the ``{site}`` of ``/hcmUI/CandidateExperience/en/sites/{site}``
(``CX``, ``CX_1``, …); optionally ``location_name``, a location the search itself filters on
(``Israel``), to shrink large tenants.

``recruitingCEJobRequisitions`` pages with ``offset`` written inside the ``finder`` string, 200
rows at a time, up to ``items[0].TotalJobsCount``; the API stops at offset 10,000 (``max_pages``
× 200), so a bigger search marks the crawl incomplete. Rows carry a short description only: the
full text is a detail call, ``recruitingCEJobRequisitionDetails`` with ``finder=ById``, made only
for new postings or listing rows that changed (or with ``full=1``). A page may repeat a row, and
the total may move during a walk: rows are kept once by ``Id``. A detail answering an empty
``items`` list means the requisition closed since the listing: the posting is gone.
"""

from __future__ import annotations

import html
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import quote

import scrapy
from scrapy.http import Response

from jobscraper.items import JobItem
from jobscraper.normalise.dates import parse_datetime_or_none
from jobscraper.normalise.locations import countries_of
from jobscraper.normalise.text import unique_texts
from jobscraper.platforms.base import JobBoardSpider, fingerprint

API_PATH = "/hcmRestApi/resources/latest"
FACETS = "%3B".join(("LOCATIONS", "WORK_LOCATIONS", "WORKPLACE_TYPES", "TITLES", "CATEGORIES", "ORGANIZATIONS",
                     "POSTING_DATES", "FLEX_FIELDS"))
DETAIL_SECTIONS = (("ExternalDescriptionStr", None), ("ExternalResponsibilitiesStr", "Responsibilities"),
                   ("ExternalQualificationsStr", "Qualifications"))
LISTED_KEYS = ("Title", "PostedDate", "PrimaryLocation", "PrimaryLocationCountry", "JobSchedule",
               "WorkplaceType", "JobFamily", "ShortDescriptionStr")


class OracleRecruitingSpider(JobBoardSpider):
    platform = "oracle"
    fetches_details = True
    robots_txt = "ignore"  # a REST API that serves the career site, not a page for crawlers
    required_attributes = ("host", "site_number")
    host: ClassVar[str] = ""
    site_number: ClassVar[str] = ""
    location_name: ClassVar[str | None] = None
    page_size: ClassVar[int] = 200
    max_pages: ClassVar[int] = 50

    @property
    def site_url(self) -> str:
        return f"https://{self.host}/hcmUI/CandidateExperience/en/sites/{quote(self.site_number)}"

    def listing_request(self, offset: int, page: int, listed: frozenset[str] = frozenset()) -> scrapy.Request:
        finder = (f"findReqs;siteNumber={quote(self.site_number)},facetsList={FACETS},"
                  f"limit={self.page_size},sortBy=POSTING_DATES_DESC")
        if self.location_name:
            finder += f",location={quote(self.location_name)}"
        finder += f",offset={offset}"
        url = (f"https://{self.host}{API_PATH}/recruitingCEJobRequisitions?onlyData=true"
               f"&expand=requisitionList.workLocation,requisitionList.secondaryLocations&finder={finder}")
        # The career site's page as Referer, as the site's own script sends it.
        return scrapy.Request(self.endpoint(url), callback=self.parse_listing, errback=self.listing_failed,
                              headers={"Referer": self.careers_url or f"{self.site_url}/jobs"},
                              cb_kwargs={"offset": offset, "page": page, "listed": listed})

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.listing_request(0, 1)

    def parse_listing(self, response: Response, offset: int, page: int, listed: frozenset[str]) -> Iterator[Any]:
        data = self.load_json(response)
        if data is None:
            return
        items = data.get("items") if isinstance(data, dict) else None
        search = items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else None
        rows = search.get("requisitionList") if search else None
        total = search.get("TotalJobsCount") if search else None
        if not isinstance(rows, list) or not isinstance(total, int):
            self.mark_incomplete(f"listing at {response.url} has no 'requisitionList' or 'TotalJobsCount'")
            return
        for row in rows:
            if isinstance(row, dict) and row.get("Id") and str(row["Id"]) not in listed:
                listed = listed | {str(row["Id"])}
                yield from self.parse_row(row)
        next_offset = offset + len(rows)
        if next_offset >= total:
            return
        if not rows:
            self.mark_incomplete(f"listing page at offset {offset} is empty before TotalJobsCount={total}")
        elif page >= self.max_pages:
            self.mark_incomplete(f"stopped at max_pages={self.max_pages} ({next_offset} of TotalJobsCount={total})")
        else:
            yield self.listing_request(next_offset, page + 1, listed)

    def parse_row(self, row: dict[str, Any]) -> Iterator[Any]:
        external_id = str(row["Id"])
        places = _places(row)
        country = str(row.get("PrimaryLocationCountry") or "").upper() or None
        if self.countries and not ({country} | countries_of(places)) & set(self.countries):
            return
        if self.since_cutoff and not self.is_within_since(parse_datetime_or_none(row.get("PostedDate"))):
            return
        fp = fingerprint(*(row.get(key) for key in LISTED_KEYS), places)
        if not self.listing_changed(external_id, fp):
            yield self.seen_only(external_id, fp)
            return
        finder = f'ById;Id="{external_id}",siteNumber={self.site_number}'
        yield scrapy.Request(
            self.endpoint(f"https://{self.host}{API_PATH}/recruitingCEJobRequisitionDetails"
                          f"?expand=all&onlyData=true&finder={quote(finder, safe=';,=')}"),
            callback=self.parse_detail,
            errback=self.detail_failed,
            cb_kwargs={"external_id": external_id, "listing_fingerprint": fp, "row": row},
        )

    def parse_detail(self, response: Response, external_id: str, listing_fingerprint: str,
                     row: dict[str, Any]) -> Iterator[JobItem]:
        data = self.load_json(response, what="detail")
        items = data.get("items") if isinstance(data, dict) else None
        detail = items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else None
        if detail is None:
            if isinstance(items, list) and not items:
                # The requisition was closed between the listing and this call.
                self.gone_external_ids.add(external_id)
                if self.crawler:
                    self.crawler.stats.inc_value("jobscraper/details/gone")
                return
            yield from self.detail_unusable(external_id, response,
                                            "not JSON" if data is None else "not a requisition")
            return
        job = {**row, **{key: value for key, value in detail.items() if value not in (None, "")}}
        places = _places(job)
        item = self.new_item(
            external_id=external_id,
            title=job.get("Title"),
            url=f"{self.site_url}/job/{quote(external_id)}",
            location=places[0] if places else None,
            locations=places,
            country=str(job.get("PrimaryLocationCountry") or "").upper() or None,
            department=job.get("JobFamily") or job.get("Organization"),
            employment_type=job.get("JobSchedule"),
            workplace_type=job.get("WorkplaceType"),
            description_html=_description(job),
            posted_at_raw=job.get("ExternalPostedStartDate") or job.get("PostedDate"),
            listing_fingerprint=listing_fingerprint,
        )
        yield from self.emit(item, job)


def _places(row: dict[str, Any]) -> list[str]:
    secondary = [
        entry.get("Name") or entry.get("LocationName")
        for entry in row.get("secondaryLocations") or []
        if isinstance(entry, dict)
    ]
    return unique_texts([row.get("PrimaryLocation"), *secondary])


def _description(job: dict[str, Any]) -> str | None:
    parts = []
    for key, header in DETAIL_SECTIONS:
        text = str(job.get(key) or "").strip()
        if text:
            if header:
                parts.append(f"<h2>{html.escape(header)}</h2>")
            parts.append(text)
    if not parts and str(job.get("ShortDescriptionStr") or "").strip():
        parts.append(f"<p>{html.escape(str(job['ShortDescriptionStr']))}</p>")
    return "\n".join(parts) or None
