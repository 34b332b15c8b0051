"""The web app and JSON API through the framework's test client, on SQLite and PostgreSQL:
postings written by the diff's own functions in, pages and JSON out."""

from __future__ import annotations

import base64
import html
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import lxml.html
import pytest
from fastapi.testclient import TestClient
from itemadapter import ItemAdapter
from sqlalchemy import create_engine, insert, select, text

from jobscraper.alerts.seniority import seniority
from jobscraper.alerts.store import AlertSpec, save_alert
from jobscraper.db.engine import session_factory
from jobscraper.db.migrate import upgrade
from jobscraper.db.models import Alert, ScrapingSession
from jobscraper.db.postings import deactivate_ids, load_known, write_batch
from jobscraper.db.sessions import CompanySpec, sync_companies
from jobscraper.normalise.text import html_to_text, sanitize_html
from jobscraper.pipelines.normalise import content_hash
from jobscraper.web.app import create_app
from jobscraper.web.security import Credentials

NOW = datetime.now(timezone.utc)
XSS = json.loads((Path(__file__).parent / "fixtures" / "web" / "xss.json").read_text())["vectors"]
DANGEROUS_TAGS = {"script", "svg", "math", "iframe", "object", "embed", "style", "meta", "base", "img",
                  "template", "noscript", "frame", "link"}
OWN_MARKUP = {("script", "/static/htmx.min.js"), ("link", "/static/style.css"), ("link", "/static/favicon.svg"),
              ("meta", None)}


def active_markup(page: str) -> list[str]:
    """Elements and attributes of a page that could run script, other than the page's own."""
    found = []
    for element in lxml.html.document_fromstring(page).iter():
        if not isinstance(element.tag, str):
            continue
        own = (element.tag, element.get("src") or element.get("href")) in OWN_MARKUP or \
            (element.tag == "svg" and element.get("class") == "chart")
        if element.tag in DANGEROUS_TAGS and not own:
            found.append(f"<{element.tag}>")
        for name, value in element.attrib.items():
            plain = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name.startswith("on") or name in ("srcdoc", "style", "formaction") or \
                    plain.startswith(("javascript:", "vbscript:", "data:text/html")):
                found.append(f"<{element.tag} {name}={value!r}>")
    return found


def item(external_id: str, title: str, **fields) -> dict:
    """A posting as the database pipeline hands it to ``write_batch``."""
    description = fields.pop("description_html", f"<p>{title}: we build things.</p>")
    stored = {
        "external_id": external_id, "title": title, "url": f"https://jobs.example/{external_id}",
        "apply_url": None, "location": "Tel Aviv, Israel", "city": "Tel Aviv", "country": "IL",
        "department": "R&D", "employment_type": "full_time", "workplace_type": "hybrid",
        "description_html": sanitize_html(description), "description_text": html_to_text(description),
        "posted_at": None, "source_updated_at": None, "extra_metadata": None, "listing_fingerprint": None,
        **fields,
    }
    stored["content_hash"] = content_hash(ItemAdapter(stored))
    return stored


def crawl_session(connection, company_id: int, started: datetime, status: str = "completed", **values) -> int:
    return connection.execute(insert(ScrapingSession).values(
        company_id=company_id, spider="x", status=status, started_at=started,
        finished_at=started + timedelta(seconds=42), requests=7, **values,
    ).returning(ScrapingSession.id)).scalar_one()


def write(connection, company_id: int, session_id: int | None, items: list[dict], when: datetime) -> None:
    known = load_known(connection, company_id, [i["external_id"] for i in items])
    write_batch(connection, company_id=company_id, session_id=session_id, items=items, known=known, now=when)


WIZ = [
    item("w1", "Senior Python Developer", department="Platform", description_html="<p>Django and Postgres.</p>"),
    item("w2", "מפתח/ת Backend בכיר/ה", city="Haifa", location="Haifa", department="R&D",
         description_html='<p dir="rtl">פיתוח שירותים בענן</p>'),
    item("w3", "Engineering Manager", workplace_type="onsite", department="Platform"),
    item("w4", "Student Data Analyst", employment_type="internship", workplace_type="remote", country="IL"),
]
JFROG = [
    item("j1", "Staff DevOps Engineer", city="Netanya", location="Netanya",
         description_html="<p>Terraform and Kubernetes, with a little Python scripting now and then.</p>"),
    item("j2", "Junior QA Engineer", city="Netanya", location="Netanya", workplace_type="onsite"),
    item("j3", "Developer Advocate", city="Sunnyvale", country="US", location="Sunnyvale, CA",
         workplace_type="remote", department="Marketing"),
]


@pytest.fixture
def world(database_url):
    """Two companies crawled three days ago; yesterday one posting changed and one was removed."""
    engine = create_engine(database_url)
    upgrade(engine)
    with engine.begin() as connection:
        ids = sync_companies(connection, [CompanySpec("wiz", "Wiz", "greenhouse", None),
                                          CompanySpec("jfrog", "JFrog", "greenhouse", None)])
        first = crawl_session(connection, ids["wiz"], NOW - timedelta(days=3))
        write(connection, ids["wiz"], first, WIZ, NOW - timedelta(days=3))
        write(connection, ids["jfrog"], crawl_session(connection, ids["jfrog"], NOW - timedelta(days=3)),
              JFROG, NOW - timedelta(days=3))
        second = crawl_session(connection, ids["wiz"], NOW - timedelta(days=1))
        write(connection, ids["wiz"], second, [{**WIZ[0], **item("w1", "Senior Python Developer",
              department="Platform", description_html="<p>Django, Postgres and Kafka.</p>")}],
              NOW - timedelta(days=1))
        gone = connection.execute(text("SELECT id FROM job_positions WHERE external_id = 'j2'")).scalar_one()
        jfrog_failed = crawl_session(connection, ids["jfrog"], NOW - timedelta(days=1), status="failed",
                                     finish_reason="shutdown")
        deactivate_ids(connection, [gone], company_id=ids["jfrog"], session_id=jfrog_failed,
                       now=NOW - timedelta(days=1), event_type="removed")
        posting_ids = dict(connection.execute(text("SELECT external_id, id FROM job_positions")).all())
    engine.dispose()
    app = create_app(database_url, credentials=Credentials())
    with TestClient(app) as client:
        client.posting_ids = posting_ids
        yield client


def titles(response) -> list[str]:
    return [p["title"] for p in response.json()["postings"]]


# --- JSON API ------------------------------------------------------------------------------------

def test_api_search_matches_words_in_english_and_hebrew_and_filters(world):
    assert sorted(titles(world.get("/api/postings?q=developers"))) == [  # English stems
        "Developer Advocate", "Senior Python Developer"]
    assert titles(world.get("/api/postings?q=kafka")) == ["Senior Python Developer"]  # the description
    assert titles(world.get("/api/postings", params={"q": "בענן"})) == ["מפתח/ת Backend בכיר/ה"]
    assert sorted(titles(world.get("/api/postings?company=jfrog"))) == ["Developer Advocate", "Staff DevOps Engineer"]
    assert titles(world.get("/api/postings?company=jfrog&active=false")) == ["Junior QA Engineer"]
    assert titles(world.get("/api/postings?country=us")) == ["Developer Advocate"]
    assert sorted(titles(world.get("/api/postings?workplace=remote"))) == ["Developer Advocate", "Student Data Analyst"]
    assert sorted(titles(world.get("/api/postings?seniority=senior&seniority=manager"))) == [
        "Engineering Manager", "Senior Python Developer", "מפתח/ת Backend בכיר/ה"]
    assert titles(world.get("/api/postings?city=Haifa&department=R%26D")) == ["מפתח/ת Backend בכיר/ה"]
    assert titles(world.get(f"/api/postings?first_seen_since={(NOW - timedelta(hours=1)).date()}")) == []


def test_api_postings_carry_the_documented_fields(world):
    posting = world.get("/api/postings?q=advocate").json()["postings"][0]
    assert set(posting) == {"id", "company", "title", "url", "city", "country", "workplace_type", "department",
                            "posted_at", "first_seen_at", "last_seen_at", "is_active"}
    assert posting["company"] == "jfrog" and posting["country"] == "US" and posting["is_active"] is True


def test_api_cursor_pages_through_every_posting_once(world):
    seen, cursor = [], None
    while True:
        page = world.get("/api/postings", params={"limit": 2, "active": "all", **({"cursor": cursor} if cursor else {})}).json()
        seen += [p["id"] for p in page["postings"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(world.posting_ids.values()) and len(seen) == len(set(seen)) == 7


def test_api_posting_has_its_timeline_with_sessions(world):
    document = world.get(f"/api/postings/{world.posting_ids['w1']}").json()
    assert [e["type"] for e in document["events"]] == ["created", "updated"]
    assert document["events"][1]["changed_fields"] == ["description"]
    assert document["events"][1]["session"]["status"] == "completed"
    assert document["seniority"] == "senior"
    removed = world.get(f"/api/postings/{world.posting_ids['j2']}").json()
    assert removed["is_active"] is False and removed["events"][-1]["type"] == "removed"
    assert removed["events"][-1]["session"]["status"] == "failed"


def test_api_companies_trend_and_sessions(world):
    companies = {c["slug"]: c for c in world.get("/api/companies").json()["companies"]}
    assert companies["wiz"]["open_postings"] == 4 and companies["jfrog"]["open_postings"] == 2
    assert companies["jfrog"]["last_status"] == "failed"
    days = world.get("/api/companies/jfrog/trend?days=5").json()["days"]
    assert [d["open"] for d in days] == [0, 3, 3, 2, 2]
    assert [d["new"] for d in days] == [0, 3, 0, 0, 0] and [d["removed"] for d in days] == [0, 0, 0, 1, 0]
    sessions = world.get("/api/sessions?company=wiz&days=2").json()["sessions"]
    assert len(sessions) == 1 and sessions[0]["duration_seconds"] == 42 and sessions[0]["requests"] == 7
    assert len(world.get("/api/sessions?days=7").json()["sessions"]) == 4


@pytest.mark.parametrize("path, status, message", [
    ("/api/postings?limit=0", 400, "limit must be between 1 and 200"),
    ("/api/postings?limit=many", 400, "limit"),
    ("/api/postings?seniority=wizard", 400, "seniority: unknown value 'wizard'"),
    ("/api/postings?workplace=moon", 400, "workplace: unknown value 'moon'"),
    ("/api/postings?active=maybe", 400, "active must be one of"),
    ("/api/postings?cursor=%%%", 400, "cursor is not one this API returned"),
    ("/api/postings?first_seen_since=yesterday", 400, "first_seen_since must be an ISO date"),
    ("/api/postings/999999", 404, "no posting 999999"),
    ("/api/postings/abc", 400, "posting_id"),
    ("/api/companies/nope/trend", 404, "no company 'nope'"),
    ("/api/companies/wiz/trend?days=0", 400, "days"),
    ("/api/sessions?company=nope", 404, "no company 'nope'"),
])
def test_api_errors_are_json_with_a_message_and_status(world, path, status, message):
    response = world.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert message in response.json()["error"]


def test_openapi_documents_the_api(world):
    schema = world.get("/api/openapi.json").json()
    assert {"/api/postings", "/api/postings/{posting_id}", "/api/companies", "/api/companies/{slug}/trend",
            "/api/sessions"} <= set(schema["paths"])
    docs = world.get("/api/docs").text
    assert '/static/swagger/swagger-ui-bundle.js' in docs and "cdn" not in docs  # works offline
    assert world.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


# --- pages -----------------------------------------------------------------------------------

def facet(page: str, name: str, value: str) -> int | None:
    """The count shown beside a facet value (None when the value is not shown)."""
    found = re.search(rf'name="{name}" value="{re.escape(value)}"[^>]*>\s*(?:<span dir="auto">)?[^<]*'
                      rf'(?:</span>)?\s*<span class="count">\((\d+)\)</span>', page)
    return int(found.group(1)) if found else None


def test_search_page_shows_results_facets_and_a_reproducible_url(world):
    page = world.get("/?q=engineer").text
    assert "2 postings" in page
    assert facet(page, "company", "jfrog") == 1 and facet(page, "company", "wiz") == 1
    assert facet(page, "seniority", "staff") == 1 and facet(page, "seniority", "manager") == 1
    assert facet(page, "active", "removed") == 1  # the removed Junior QA Engineer, one click away
    filtered = world.get("/?q=engineer&company=jfrog").text
    assert "1 posting<" in filtered
    # The selected facet still offers the other companies, counted without its own filter.
    assert facet(filtered, "company", "wiz") == 1 and facet(filtered, "workplace", "onsite") is None
    assert 'value="engineer"' in filtered and 'value="jfrog" checked' in filtered
    # htmx submits every field of the form; the URL it puts in the address bar is the short one.
    swapped = world.get("/?q=engineer&sort=newest&company=jfrog&active=active&posted_within=",
                        headers={"HX-Request": "true"})
    assert swapped.headers["HX-Push-Url"] == "/?q=engineer&company=jfrog"


def test_search_page_sorts_by_relevance_and_pages(world):
    newest = world.get("/", params={"q": "python"}).text
    assert newest.index("Staff DevOps Engineer") < newest.index("Senior Python Developer")
    relevant = world.get("/", params={"q": "python", "sort": "relevance"}).text
    assert relevant.index("Senior Python Developer") < relevant.index("Staff DevOps Engineer")
    assert "page 1 of" not in world.get("/").text  # 6 open postings fit on one page


def test_search_page_rejects_a_bad_parameter_with_a_400_page(world):
    response = world.get("/?posted_within=forever")
    assert response.status_code == 400 and "posted_within must be a whole number" in response.text


def test_posting_page_has_places_facts_and_timeline(world):
    page = world.get(f"/postings/{world.posting_ids['w1']}").text
    assert "Senior Python Developer" in page and "Kafka" in page
    assert "changed: description" in page and re.search(r"in crawl #\d+ \(completed", page)
    assert world.get("/postings/999999").status_code == 404


def test_company_page_has_charts_postings_and_crawl_health(world):
    page = world.get("/companies/jfrog").text
    assert page.count("<svg") == 4 and "Open roles over time" in page
    assert "Last problem:" in page and "failed — shutdown" in page
    assert "Staff DevOps Engineer" in page and "Junior QA Engineer" not in page
    assert world.get("/companies/nope").status_code == 404


def test_new_and_health_pages(world):
    assert "0 postings first seen" in world.get("/new").text
    week = world.get("/new?window=7d").text
    assert "7 postings first seen" in week and "Wiz" in week and "JFrog" in week
    health = world.get("/health").text
    assert re.search(r"JFrog</a>: last crawl failed", health)


def test_every_page_renders_hostile_content_as_text(database_url):
    engine = create_engine(database_url)
    upgrade(engine)
    hostile_name = '<script>alert("name")</script>'
    with engine.begin() as connection:
        ids = sync_companies(connection, [CompanySpec("evil", hostile_name, "greenhouse", "javascript:alert(1)")])
        session = crawl_session(connection, ids["evil"], NOW - timedelta(hours=2), status="failed",
                                finish_reason='<img src=x onerror=alert(1)>')
        write(connection, ids["evil"], session, [
            item(f"x{n}", vector, description_html=vector, department=vector, city=vector[:200], location=vector,
                 extra_metadata={"note": vector}) for n, vector in enumerate(XSS)
        ], NOW - timedelta(hours=1))
        connection.execute(insert(Alert).values(name="evil", criteria={"keywords_any": [XSS[0]]}, enabled=True,
                                                atom=False, frequency="daily", notify_removed=False,
                                                consecutive_failures=3, flagged_at=NOW, last_error=XSS[2],
                                                created_at=NOW, updated_at=NOW))
        first_id = connection.execute(text("SELECT min(id) FROM job_positions")).scalar_one()
    engine.dispose()
    client = TestClient(create_app(database_url, credentials=Credentials()))
    pages = {"/": XSS[-1], "/?active=all&q=alert": XSS[-1], "/companies/evil": XSS[-1], "/new": XSS[0],
             "/health": "<img src=x onerror=alert(1)>", "/alerts": XSS[2], "/alerts/evil": XSS[0],
             **{f"/postings/{first_id + n}": vector for n, vector in enumerate(XSS)}}
    for path, shown in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert active_markup(response.text) == [], path
        assert shown in html.unescape(response.text), path  # there, as text
    assert "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt;" in client.get("/health").text
    assert "default-src 'self'" in client.get("/").headers["content-security-policy"]


# --- alerts ----------------------------------------------------------------------------------

def csrf(client) -> str:
    client.get("/alerts")
    return client.cookies["jobscraper_csrf"]


def alert_rows(database_url: str) -> dict[str, dict]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        found = {row.name: dict(row._mapping) for row in connection.execute(select(Alert.__table__))}
    engine.dispose()
    return found


def test_alert_create_edit_disable_preview_delete(world, database_url):
    token = csrf(world)
    form = {"csrf_token": token, "name": "python-tlv", "keywords_any": "python, פייתון", "cities": "Tel Aviv",
            "seniority": ["senior"], "frequency": "daily", "atom": "on", "enabled": "on"}
    created = world.post("/alerts", data=form, follow_redirects=False)
    assert created.status_code == 303 and created.headers["location"] == "/alerts?saved=python-tlv"
    row = alert_rows(database_url)["python-tlv"]
    assert row["criteria"] == {"keywords_any": ["python", "פייתון"], "cities": ["Tel Aviv"], "seniority": ["senior"]}
    assert row["frequency"] == "daily" and row["atom"] is True and row["enabled"] is True
    assert "python-tlv" in world.get("/alerts").text

    preview = world.get("/alerts/python-tlv").text
    assert "Would have matched in the last 30 days: 1" in preview and "Senior Python Developer" in preview

    edited = world.post("/alerts/python-tlv", data={**form, "cities": "", "workplace": ["remote", "hybrid"]},
                        follow_redirects=False)
    assert edited.status_code == 303
    assert alert_rows(database_url)["python-tlv"]["criteria"] == {
        "keywords_any": ["python", "פייתון"], "workplace": ["remote", "hybrid"], "seniority": ["senior"]}
    renamed = world.post("/alerts/python-tlv", data={**form, "name": "python-any"})
    assert renamed.status_code == 400 and "keeps its name" in renamed.text
    assert set(alert_rows(database_url)) == {"python-tlv"}

    world.post("/alerts/python-tlv/enabled", data={"csrf_token": token, "enabled": "false"})
    assert alert_rows(database_url)["python-tlv"]["enabled"] is False

    duplicate = world.post("/alerts", data={**form, "name": "python-tlv"})
    assert duplicate.status_code == 400 and "exists; choose another name" in duplicate.text
    invalid = world.post("/alerts", data={**form, "name": "bad name!"})
    assert invalid.status_code == 400 and "must be lower-case letters, digits" in invalid.text

    world.post("/alerts/python-tlv/delete", data={"csrf_token": token})
    assert alert_rows(database_url) == {}


def test_the_alert_form_keeps_notification_urls_and_never_shows_their_secrets(world, database_url):
    token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
    engine = create_engine(database_url)
    with session_factory(engine).begin() as session:
        save_alert(session, AlertSpec(name="tg", notify=[f"tgram://{token}/-1001234567"], watch_changes=True))
    engine.dispose()
    listing = world.get("/alerts").text
    assert "tgram://1...w/-1001234567" in listing and token not in listing

    form = {"csrf_token": csrf(world), "name": "tg", "keywords_any": "python", "frequency": "daily", "enabled": "on"}
    assert world.post("/alerts/tg", data=form, follow_redirects=False).status_code == 303

    row = alert_rows(database_url)["tg"]
    assert row["criteria"] == {"keywords_any": ["python"]} and row["frequency"] == "daily"
    assert (row["notify_urls"], row["watch_changes"]) == ([f"tgram://{token}/-1001234567"], True)


def test_save_search_as_alert_in_one_click(world, database_url):
    token = csrf(world)
    response = world.post("/searches/alert", data={"csrf_token": token, "q": "python developer",
                                                   "company": "wiz", "seniority": "senior", "posted_within": "7"})
    assert response.status_code == 200 and "Saved alert <strong>python-developer</strong>" in response.text
    criteria = alert_rows(database_url)["python-developer"]["criteria"]
    assert criteria == {"keywords_all": ["python", "developer"], "search_in": "title_description",
                        "companies": ["wiz"], "seniority": ["senior"], "posted_within_days": 7}
    world.post("/searches/alert", data={"csrf_token": token, "q": "python developer"})
    assert set(alert_rows(database_url)) == {"python-developer", "python-developer-2"}


def test_writes_without_the_csrf_token_or_from_another_site_are_refused(world, database_url):
    token = csrf(world)
    assert world.post("/alerts", data={"name": "x"}).status_code == 403
    assert world.post("/alerts", data={"name": "x", "csrf_token": "forged"}).status_code == 403
    assert world.post("/alerts", data={"name": "x", "csrf_token": token},
                      headers={"Origin": "https://evil.example"}).status_code == 403
    assert alert_rows(database_url) == {}


# --- access --------------------------------------------------------------------------------

def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_credentials_from_the_environment_are_required_when_set(sqlite_url):
    upgrade(create_engine(sqlite_url))
    token_app = TestClient(create_app(sqlite_url, credentials=Credentials(token="s3cret")))
    assert token_app.get("/api/companies").status_code == 401
    assert token_app.get("/api/companies").headers["www-authenticate"] == 'Basic realm="jobscraper"'
    assert token_app.get("/api/companies", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert token_app.get("/", headers={"Authorization": basic("anyone", "s3cret")}).status_code == 200
    assert token_app.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
    user_app = TestClient(create_app(sqlite_url, credentials=Credentials(user="ann", password="pw")))
    assert user_app.get("/", headers={"Authorization": basic("ann", "pw")}).status_code == 200
    assert user_app.get("/", headers={"Authorization": basic("ann", "no")}).status_code == 401
    assert user_app.get("/", headers={"Authorization": "Basic !!!"}).status_code == 401


def test_a_database_that_cannot_answer_is_a_503_with_one_line():
    client = TestClient(create_app("postgresql://jobs:secret@127.0.0.1:9/jobs", credentials=Credentials()))
    response = client.get("/api/companies")
    assert response.status_code == 503
    message = response.json()["error"]
    assert message.startswith("the database cannot answer: ") and "\n" not in message and "secret" not in message
    page = client.get("/")
    assert page.status_code == 503 and "the database cannot answer" in page.text


def test_serve_with_an_unreachable_database_says_so_in_one_line(run_scrapy, tmp_path):
    result = run_scrapy("serve", "--port", "8000", env={"DATABASE_URL": "postgresql://jobs:secret@127.0.0.1:9/jobs",
                                                        "JOBSCRAPER_DATA_DIR": str(tmp_path)})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot reach the database") and "secret" not in lines[0]


def test_serve_refuses_a_public_address_without_credentials(sqlite_url, run_scrapy):
    result = run_scrapy("serve", "--host", "0.0.0.0", "--port", "8000",
                        env={"JOBSCRAPER_WEB_TOKEN": "", "JOBSCRAPER_WEB_USER": "", "JOBSCRAPER_WEB_PASSWORD": ""})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: refusing to serve on 0.0.0.0 without credentials: set JOBSCRAPER_WEB_TOKEN, "
        "or JOBSCRAPER_WEB_USER and JOBSCRAPER_WEB_PASSWORD"]


# --- seniority in SQL ------------------------------------------------------------------------

SENIORITY_TITLES = [
    "Senior Engineering Manager", "Senior Product Manager", "מפתח/ת בכיר/ה", "סטודנט/ית למדעי המחשב",
    "Staff Engineer", "Junior QA", "Head of Data", "VP R&D", "Software Engineer", "ראש צוות פיתוח",
    "Sr. Backend Developer", "Intern", "Internal Tools Engineer", "Tech Lead", "מנהל/ת מוצר",
    'סמנכ"ל טכנולוגיות', "סמנכ״ל מכירות", "C++ Engineer", "Team Leader", "Principal Architect",
    "Entry-level analyst", "ה-DevOps בכיר", "Graduate Program", "Account Manager", "Customer Success Manager",
    "Director of Product", "Lead Designer", "ג'וניור פיתוח", "מהנדס/ת תוכנה", "Working Student - Finance",
]


def test_seniority_in_sql_agrees_with_the_python_rule(database_url):
    engine = create_engine(database_url)
    upgrade(engine)
    with engine.begin() as connection:
        ids = sync_companies(connection, [CompanySpec("wiz", "Wiz", "greenhouse", None)])
        write(connection, ids["wiz"], None, [item(f"s{n}", title) for n, title in enumerate(SENIORITY_TITLES)], NOW)
    engine.dispose()
    client = TestClient(create_app(database_url, credentials=Credentials()))
    for level in ("intern", "junior", "mid", "senior", "staff", "manager"):
        expected = sorted(t for t in SENIORITY_TITLES if seniority(t) == level)
        assert sorted(titles(client.get(f"/api/postings?seniority={level}&limit=200"))) == expected, level


def test_health_page_lists_findings_and_metrics_parse(world):
    from prometheus_client.parser import text_string_to_metric_families

    health = world.get("/health").text
    assert "<h2 id=\"findings\">Findings</h2>" in health
    response = world.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    families = {family.name: family for family in text_string_to_metric_families(response.text)}
    active = {sample.labels["company"]: sample.value for sample in families["jobscraper_postings_active"].samples}
    assert active and all(value >= 0 for value in active.values())
    assert "jobscraper_last_crawl_status" in families


def test_the_served_connections_send_small_writes_at_once():
    """Nagle's algorithm off on every accepted connection: with it on, a response's body waited
    for the client's delayed ACK of its headers (40 ms on each kept-alive request but the first)."""
    import asyncio
    import socket

    from jobscraper.commands.serve import listening_socket

    listening = listening_socket("127.0.0.1", 0)
    assert listening.proto == socket.IPPROTO_TCP

    async def accepted_nodelay() -> int:
        options: list[int] = []

        class Probe(asyncio.Protocol):
            def connection_made(self, transport):
                options.append(transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Probe, sock=listening)
        _reader, writer = await asyncio.open_connection(*listening.getsockname()[:2])
        while not options:
            await asyncio.sleep(0.01)
        writer.close()
        server.close()
        return options[0]

    assert asyncio.run(accepted_nodelay()) != 0


def test_serve_says_so_when_its_port_is_taken(sqlite_url, run_scrapy):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_scrapy("serve", "--port", str(port))
    assert result.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr
