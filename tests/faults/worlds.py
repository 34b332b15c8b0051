"""Boards in the real formats for the fault scenarios: a paged SmartRecruiters board
(Check Point: listing pages by ``offset``, one detail call per posting) and Greenhouse."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from faultserver import FaultServer

SR_SPIDER = "checkpoint"
SR_COMPANY = "CheckPointSoftwareTechnologies2"
SR_PATH = f"/v1/companies/{SR_COMPANY}/postings"


def sr_id(n: int) -> str:
    return str(744000091000000 + n)


def sr_row(n: int, title: str | None = None, *, released: str = "2026-11-12T06:45:00.000Z") -> dict[str, Any]:
    """One listing row of ``/v1/companies/{id}/postings`` (no description)."""
    return {
        "id": sr_id(n),
        "uuid": f"6f0b7c1e-0000-4000-8000-{n:012d}",
        "name": f"Software Engineer {n}" if title is None else title,
        "refNumber": f"REF{n}",
        "company": {"identifier": SR_COMPANY, "name": "Check Point Software Technologies"},
        "releasedDate": released,
        "location": {"city": "Tel Aviv-Yafo", "country": "il", "remote": False,
                     "fullLocation": "Tel Aviv-Yafo, Tel Aviv District, Israel", "region": "Tel Aviv District"},
        "industry": {"id": "internet", "label": "Internet"},
        "department": {"id": "4000", "label": "Research"},
        "function": {"id": "engineering", "label": "Engineering"},
        "typeOfEmployment": {"label": "Full-time"},
        "experienceLevel": {"id": "mid_senior_level", "label": "Mid-Senior Level"},
        "customField": [],
        "ref": f"https://api.smartrecruiters.com{SR_PATH}/{sr_id(n)}",
        "language": {"code": "en", "label": "English", "labelNative": "English (US)"},
    }


def sr_detail(row: dict[str, Any], text: str | None = None) -> dict[str, Any]:
    """The detail ``/postings/{id}`` of a listing row: the row plus the URLs and the job ad."""
    slug = row["name"].lower().replace(" ", "-")
    url = f"https://jobs.smartrecruiters.com/{SR_COMPANY}/{row['id']}-{slug}"
    return {
        **{key: value for key, value in row.items() if key != "ref"},
        "postingUrl": url,
        "applyUrl": f"{url}?oga=true",
        "jobAd": {"sections": {
            "companyDescription": {"title": "Company Description",
                                   "text": "<p>Check Point is a leading provider of cyber security solutions.</p>"},
            "jobDescription": {"title": "Job Description", "text": text or f"<p>Build {row['name']}.</p>"},
        }},
    }


@dataclass
class SmartRecruitersBoard:
    """A whole board served page by page; ``page_delay`` slows chosen pages (by page index)."""

    rows: list[dict[str, Any]]
    page_size: int = 5
    page_delay: dict[int, float] = field(default_factory=dict)

    @property
    def ids(self) -> set[str]:
        return {row["id"] for row in self.rows}

    def pages(self) -> list[list[dict[str, Any]]]:
        return [self.rows[i:i + self.page_size] for i in range(0, max(len(self.rows), 1), self.page_size)]

    def page_query(self, index: int) -> dict[str, Any]:
        return {"offset": index * self.page_size, "country": "il"}

    def serve(self, server: FaultServer) -> None:
        for index, content in enumerate(self.pages()):
            server.add(SR_PATH, {"offset": index * self.page_size, "limit": 100,
                                 "totalFound": len(self.rows), "content": content},
                       query=self.page_query(index), delay=self.page_delay.get(index, 0.0),
                       content_type="application/json;charset=UTF-8")
        for row in self.rows:
            server.add(f"{SR_PATH}/{row['id']}", sr_detail(row), content_type="application/json;charset=UTF-8")


def sr_board(numbers: range | list[int], **kwargs: Any) -> SmartRecruitersBoard:
    return SmartRecruitersBoard([sr_row(n) for n in numbers], **kwargs)
