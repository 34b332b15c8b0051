"""The web app: pages for people, a JSON API for programs, both over the same read queries.

Read-only toward postings; alerts are the only thing it writes (``jobscraper.alerts.store``).
"""

from __future__ import annotations

import hashlib
import re
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Query, Request
from prometheus_client import CONTENT_TYPE_LATEST as PROMETHEUS_TEXT
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from sqlalchemy import Engine, event
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from jobscraper.alerts.criteria import Criteria
from jobscraper.alerts.delivery import preview
from jobscraper.alerts.errors import InvalidAlert
from jobscraper.alerts.seniority import SENIORITY_LEVELS
from jobscraper.alerts.store import AlertSpec, delete_alert, save_alert
from jobscraper.db.alerts import all_alerts, get_alert
from jobscraper.db.engine import first_line, get_engine, session_factory
from jobscraper.monitoring.metrics import render as metrics_text
from jobscraper.monitoring.watch import current_findings
from jobscraper.db.models import ALERT_FREQUENCIES, utc_now
from jobscraper.normalise.kinds import EMPLOYMENT_TYPES, WORKPLACE_TYPES
from jobscraper.normalise.text import sanitize_html
from jobscraper.db import pages
from jobscraper.db.reports import company_stats, roster
from jobscraper.db.search import POSTED_WITHIN, SearchQuery, company_choices, run_search
from jobscraper.db.seniority_sql import register_sqlite_function
from jobscraper.web import charts
from jobscraper.web.search import BadParameter, decode_cursor, encode_cursor, limit_parameter, parse_search
from jobscraper.web.search_cache import SearchCache
from jobscraper.web.security import (
    CSRF_COOKIE, CSRF_FIELD, Credentials, csrf_valid, new_csrf_token, same_origin,
)

HERE = Path(__file__).resolve().parent
NEW_WINDOWS = {"24h": timedelta(hours=24), "7d": timedelta(days=7)}
FACET_TITLES = {"company": "Company", "city": "City", "country": "Country", "workplace": "Work mode",
                "department": "Department", "seniority": "Seniority", "employment_type": "Employment type",
                "active": "Status"}


class NotFound(Exception):
    pass


def create_app(database_url: str | None = None, credentials: Credentials | None = None) -> FastAPI:
    """The app over ``database_url`` (default: ``DATABASE_URL`` or the SQLite file)."""
    engine = web_engine(database_url)
    credentials = credentials or Credentials.from_environment()
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # The facet index is read while the server starts, not by its first search.
        app.state.search_cache.facet_index.read_in_background(engine)
        yield

    app = FastAPI(title="jobscraper", summary="Job postings of tech companies with R&D in Israel",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json", lifespan=lifespan)
    app.state.engine = engine
    app.state.credentials = credentials
    app.state.search_cache = SearchCache()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(FACET_TITLES=FACET_TITLES, POSTED_WITHIN=POSTED_WITHIN)
    templates.env.filters["when"] = _when
    templates.env.filters["place"] = _place
    templates.env.filters["web_url"] = _web_url
    templates.env.filters["element_id"] = lambda value: hashlib.sha1(str(value).encode()).hexdigest()[:12]
    templates.env.filters["label"] = lambda value: str(value or "").replace("_", " ")
    _install_middleware(app)
    _install_errors(app, templates)
    _pages(app, templates)
    _api(app)

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        # Swagger UI 5 (swagger-ui-dist from npm) served by the app: the docs work offline.
        return get_swagger_ui_html(openapi_url="/api/openapi.json", title="jobscraper API",
                                   swagger_js_url="/static/swagger/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")
    return app


def web_engine(database_url: str | None) -> Engine:
    engine = get_engine(database_url)
    if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", register_sqlite_function):
        event.listen(engine, "connect", register_sqlite_function)
        engine.dispose()  # pooled connections opened before lack the function
    return engine


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"


def _web_url(url: str | None) -> str | None:
    """The URL when it is http(s), else None: a stored link never becomes a script."""
    if url and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


def _place(row: Any) -> str:
    parts = [part for part in (row.city, row.country) if part]
    return ", ".join(parts) or (row.location or "—")


# --- middleware and errors -------------------------------------------------------------------

def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _install_middleware(app: FastAPI) -> None:
    @app.middleware("http")
    async def guard(request: Request, call_next):
        credentials: Credentials = request.app.state.credentials
        if not credentials.accepts(request.headers.get("authorization")):
            return Response("authentication required\n", status_code=401, media_type="text/plain",
                            headers={"WWW-Authenticate": 'Basic realm="jobscraper"'})
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            if not same_origin(request.headers.get("origin"), request.headers.get("host")):
                return Response("cross-site request refused\n", status_code=403, media_type="text/plain")
        token = request.cookies.get(CSRF_COOKIE) or new_csrf_token()
        request.state.csrf_token = token
        response = await call_next(request)
        if CSRF_COOKIE not in request.cookies:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.headers.get("content-type", "").startswith("text/html") and \
                not request.url.path.startswith("/api/docs"):
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
        return response


def _install_errors(app: FastAPI, templates: Jinja2Templates) -> None:
    def respond(request: Request, status: int, message: str) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                          status_code=status)

    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, exc: BadParameter):
        return respond(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ())[1:]) or "request"
        return respond(request, 400, f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        return respond(request, 404, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return respond(request, exc.status_code, str(exc.detail))

    @app.exception_handler(SQLAlchemyError)
    async def database_error(request: Request, exc: SQLAlchemyError):
        return respond(request, 503, f"the database cannot answer: {first_line(exc)}")


# --- pages -------------------------------------------------------------------------------------

def _pages(app: FastAPI, templates: Jinja2Templates) -> None:
    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("csrf_token", request.state.csrf_token)
        context.setdefault("csrf_field", CSRF_FIELD)
        return templates.TemplateResponse(request, name, context, status_code=status)

    def connect():
        return app.state.engine.connect()

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request):
        search = parse_search(request.query_params)
        with connect() as connection:
            result = run_search(connection, search, utc_now(), app.state.search_cache)
            companies = company_choices(connection)
        response = render(request, "search.html", result=result, s=search, companies=companies)
        if request.headers.get("hx-request"):
            response.headers["HX-Push-Url"] = f"/?{search.query_string()}".rstrip("?")  # without empty fields
        return response

    @app.get("/postings/{posting_id}", response_class=HTMLResponse, include_in_schema=False)
    def posting_page(request: Request, posting_id: int):
        with connect() as connection:
            row = pages.posting(connection, posting_id)
            if row is None:
                raise NotFound(f"no posting {posting_id}")
            timeline = pages.events(connection, posting_id)
        description = Markup(sanitize_html(row.description_html) or "")
        return render(request, "posting.html", p=row, events=timeline, description=description)

    @app.get("/companies/{slug}", response_class=HTMLResponse, include_in_schema=False)
    def company_page(request: Request, slug: str):
        now = utc_now()
        with connect() as connection:
            company = pages.company_by_slug(connection, slug)
            if company is None:
                raise NotFound(f"no company {slug!r}")
            series = pages.trend(connection, company.id, 90, now)
            departments = pages.by_department(connection, company.id)
            postings = pages.open_postings(connection, company.id)
            crawls = pages.sessions(connection, now - timedelta(days=90), company.id)
            error = pages.last_error(connection, company.id)
        open_now = series[-1]["open"] if series else 0
        return render(request, "company.html", company=company, postings=postings, open_now=open_now,
                      crawls=crawls, error=error, duration=pages.duration_seconds,
                      open_chart=charts.open_roles(series),
                      weekly_chart=charts.weekly_bars(pages.weekly(series)),
                      department_chart=charts.departments(departments),
                      status_chart=charts.status_strip(crawls))

    @app.get("/new", response_class=HTMLResponse, include_in_schema=False)
    def new_page(request: Request, window: str = "24h"):
        if window not in NEW_WINDOWS:
            raise BadParameter(f"window must be one of {', '.join(NEW_WINDOWS)}")
        with connect() as connection:
            rows = pages.new_postings(connection, utc_now() - NEW_WINDOWS[window])
        groups: dict[str, list[Any]] = {}
        for row in rows:
            groups.setdefault(row.company_name, []).append(row)
        return render(request, "new.html", groups=groups, window=window, total=len(rows))

    @app.get("/health", response_class=HTMLResponse, include_in_schema=False)
    def health_page(request: Request):
        with connect() as connection:
            rows, totals = company_stats(connection, utc_now() - timedelta(days=7))
            latest = {row["company"]: row for row in roster(connection, [])}
        troubled = [row for row in rows if latest[row["company"]]["last_status"] in ("failed", "partial", "abandoned")]
        findings = current_findings(app.state.engine)
        return render(request, "health.html", rows=rows, totals=totals, latest=latest, troubled=troubled,
                      findings=findings)

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        """Prometheus metrics per company (the same as the cron commands' textfile)."""
        return Response(metrics_text(app.state.engine), media_type=PROMETHEUS_TEXT)

    # -- alerts --

    @app.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
    def alerts_page(request: Request, saved: str | None = None):
        with session_factory(app.state.engine)() as session:
            alerts = [(alert, AlertSpec.from_row(alert)) for alert in all_alerts(session)]
        return render(request, "alerts.html", alerts=alerts, saved=saved)

    @app.get("/alerts/new", response_class=HTMLResponse, include_in_schema=False)
    def new_alert_page(request: Request):
        return render(request, "alert_form.html", spec=None, form={}, errors=None, found=None, **_form_choices())

    @app.get("/alerts/{name}", response_class=HTMLResponse, include_in_schema=False)
    def alert_page(request: Request, name: str):
        with session_factory(app.state.engine)() as session:
            alert = get_alert(session, name)
            if alert is None:
                raise NotFound(f"no alert {name!r}")
            spec = AlertSpec.from_row(alert)
            found = preview(session.connection(), spec.criteria, utc_now(), 30)
        return render(request, "alert_form.html", spec=spec, form=_form_of(spec), errors=None,
                      found=found, **_form_choices())

    @app.post("/alerts", response_class=HTMLResponse, include_in_schema=False)
    async def create_alert(request: Request):
        form = await _checked_form(request)
        return _save_from_form(request, form, original=None)

    @app.post("/alerts/{name}", response_class=HTMLResponse, include_in_schema=False)
    async def edit_alert(request: Request, name: str):
        form = await _checked_form(request)
        return _save_from_form(request, form, original=name)

    @app.post("/alerts/{name}/enabled", include_in_schema=False)
    async def toggle_alert(request: Request, name: str):
        form = await _checked_form(request)
        with session_factory(app.state.engine)() as session:
            alert = get_alert(session, name)
            if alert is None:
                raise NotFound(f"no alert {name!r}")
            spec = AlertSpec.from_row(alert)
            spec.enabled = form.get("enabled") == "true"
            save_alert(session, spec)
            session.commit()
        return RedirectResponse("/alerts", status_code=303)

    @app.post("/alerts/{name}/delete", include_in_schema=False)
    async def remove_alert(request: Request, name: str):
        await _checked_form(request)
        with session_factory(app.state.engine)() as session:
            if not delete_alert(session, name):
                raise NotFound(f"no alert {name!r}")
            session.commit()
        return RedirectResponse("/alerts", status_code=303)

    @app.post("/searches/alert", include_in_schema=False)
    async def save_search_as_alert(request: Request):
        form = await _checked_form(request)
        search = parse_search(_QueryLike(form))
        criteria = criteria_of_search(search)
        with session_factory(app.state.engine)() as session:
            name = _free_name(session, search.q or "search")
            save_alert(session, AlertSpec(name=name, criteria=criteria, atom=True))
            session.commit()
        return RedirectResponse(f"/alerts?saved={name}", status_code=303)

    def _save_from_form(request: Request, form: Any, original: str | None) -> Response:
        try:
            spec = spec_of_form(form)
        except InvalidAlert as exc:
            return render(request, "alert_form.html", 400, spec=None, form=dict(form), errors=str(exc),
                          found=None, original=original, **_form_choices())
        with session_factory(app.state.engine)() as session:
            if original is None and get_alert(session, spec.name) is not None:
                return render(request, "alert_form.html", 400, spec=None, form=dict(form),
                              errors=f"an alert named {spec.name!r} exists; choose another name",
                              found=None, original=original, **_form_choices())
            if original is not None:
                stored = get_alert(session, original)
                if stored is None:
                    raise NotFound(f"no alert {original!r}")
                # The form does not edit notification URLs nor change watching: they stay.
                spec.notify, spec.watch_changes = list(stored.notify_urls or []), stored.watch_changes
                if original != spec.name:  # a new name would start a new delivery ledger
                    return render(request, "alert_form.html", 400, spec=None, form=dict(form),
                                  errors="an alert keeps its name; create a new alert for another name",
                                  found=None, original=original, **_form_choices())
            save_alert(session, spec)
            session.commit()
        return RedirectResponse(f"/alerts?saved={spec.name}", status_code=303)


async def _checked_form(request: Request):
    form = await request.form()
    if not csrf_valid(request.cookies.get(CSRF_COOKIE), form.get(CSRF_FIELD)):
        raise StarletteHTTPException(403, "the form has expired or did not come from this site; reload the page")
    return form


class _QueryLike:
    """A submitted form read like query parameters (``get`` and ``getlist``)."""

    def __init__(self, form: Any) -> None:
        self.form = form

    def get(self, name: str, default: Any = None) -> Any:
        return self.form.get(name, default)

    def getlist(self, name: str) -> list[str]:
        return [str(value) for value in self.form.getlist(name)]


def criteria_of_search(search) -> Criteria:
    """An alert's criteria for a search: its words all required, in the title or description."""
    words = [word.rstrip("*") + ("*" if word.endswith("*") else "") for word in re.findall(r"\w+\*?", search.q)]
    return Criteria(keywords_all=words, search_in="title_description" if words else "title",
                    companies=list(search.company), cities=list(search.city), countries=list(search.country),
                    workplace=[w for w in search.workplace if w != "unknown"], departments=list(search.department),
                    seniority=list(search.seniority), employment_types=list(search.employment_type),
                    posted_within_days=search.posted_within)


def _free_name(session, text: str) -> str:
    base = re.sub(r"[^\w.-]+", "-", text.strip()).strip(".-")[:80] or "search"
    name, n = base, 2
    while get_alert(session, name) is not None:
        name, n = f"{base}-{n}", n + 1
    return name


def _words(value: str | None) -> list[str]:
    return [word.strip() for word in re.split(r"[,\n]", value or "") if word.strip()]


def spec_of_form(form: Any) -> AlertSpec:
    """An ``AlertSpec`` from the alert form; ``InvalidAlert`` names what is wrong."""
    days = (form.get("posted_within_days") or "").strip()
    if days and not days.isdigit():
        raise InvalidAlert("posted within (days) must be a whole number")
    criteria = Criteria(
        keywords_any=_words(form.get("keywords_any")), keywords_all=_words(form.get("keywords_all")),
        exclude_keywords=_words(form.get("exclude_keywords")),
        search_in="title_description" if form.get("search_in") == "title_description" else "title",
        companies=_words(form.get("companies")), exclude_companies=_words(form.get("exclude_companies")),
        cities=_words(form.get("cities")), countries=_words(form.get("countries")),
        workplace=list(form.getlist("workplace")), departments=_words(form.get("departments")),
        seniority=list(form.getlist("seniority")), employment_types=list(form.getlist("employment_types")),
        posted_within_days=int(days) if days else None,
    )
    return AlertSpec(name=(form.get("name") or "").strip(), criteria=criteria,
                     email=_words(form.get("email")), webhook=(form.get("webhook") or "").strip() or None,
                     atom=form.get("atom") == "on", frequency=form.get("frequency") or "immediate",
                     notify_removed=form.get("notify_removed") == "on", enabled=form.get("enabled") == "on")


def _form_of(spec: AlertSpec) -> dict[str, Any]:
    c = spec.criteria
    return {"name": spec.name, "keywords_any": ", ".join(c.keywords_any), "keywords_all": ", ".join(c.keywords_all),
            "exclude_keywords": ", ".join(c.exclude_keywords), "search_in": c.search_in,
            "companies": ", ".join(c.companies), "exclude_companies": ", ".join(c.exclude_companies),
            "cities": ", ".join(c.cities), "countries": ", ".join(c.countries), "workplace": c.workplace,
            "departments": ", ".join(c.departments), "seniority": c.seniority,
            "employment_types": c.employment_types, "posted_within_days": c.posted_within_days or "",
            "email": ", ".join(spec.email), "webhook": spec.webhook or "", "atom": spec.atom,
            "frequency": spec.frequency, "notify_removed": spec.notify_removed, "enabled": spec.enabled}


def _form_choices() -> dict[str, Any]:
    return {"workplaces": WORKPLACE_TYPES[:3], "seniorities": SENIORITY_LEVELS,
            "employment_types": EMPLOYMENT_TYPES, "frequencies": ALERT_FREQUENCIES}


# --- JSON API ----------------------------------------------------------------------------------

def _posting_json(row: Any) -> dict[str, Any]:
    return {"id": row.id, "company": row.company, "title": row.title, "url": row.url, "city": row.city,
            "country": row.country, "workplace_type": row.workplace_type, "department": row.department,
            "posted_at": _iso(row.posted_at), "first_seen_at": _iso(row.first_seen_at),
            "last_seen_at": _iso(row.last_seen_at), "is_active": row.is_active}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _api(app: FastAPI) -> None:
    def connect():
        return app.state.engine.connect()

    @app.get("/api/postings", tags=["postings"], summary="Search postings, newest first")
    def api_postings(
        request: Request,
        q: str | None = Query(None, description="full-text words over title and description (English and Hebrew)"),
        company: list[str] = Query([], description="company slug (repeatable)"),
        city: list[str] = Query([], description="city (repeatable)"),
        country: list[str] = Query([], description="ISO country code (repeatable)"),
        workplace: list[str] = Query([], description="onsite, hybrid, remote or unknown (repeatable)"),
        department: list[str] = Query([], description="department (repeatable)"),
        seniority: list[str] = Query([], description="intern, junior, mid, senior, staff, manager (repeatable)"),
        active: str = Query("true", description="true (open), false (removed) or all"),
        first_seen_since: str | None = Query(None, description="ISO date or timestamp"),
        limit: int = Query(50, description="postings per page, 1 to 200"),
        cursor: str | None = Query(None, description="the next_cursor of the previous page"),
    ) -> dict[str, Any]:
        search = replace(parse_search(request.query_params, api=True), sort="newest")  # the cursor's order
        limit = limit_parameter(request.query_params) if request.query_params.get("limit") else 50
        after = decode_cursor(cursor) if cursor else None
        with connect() as connection:
            rows = SearchQuery(connection, search, utc_now()).results(limit + 1, after=after)
        more = len(rows) > limit
        rows = rows[:limit]
        return {"postings": [_posting_json(row) for row in rows],
                "next_cursor": encode_cursor(rows[-1]) if more else None}

    @app.get("/api/postings/{posting_id}", tags=["postings"], summary="One posting with its events")
    def api_posting(posting_id: int) -> dict[str, Any]:
        with connect() as connection:
            row = pages.posting(connection, posting_id)
            if row is None:
                raise NotFound(f"no posting {posting_id}")
            timeline = pages.events(connection, posting_id)
        document = _posting_json(row)
        document.update({"company_name": row.company_name, "location": row.location,
                         "employment_type": row.employment_type, "seniority": row.seniority,
                         "removed_at": _iso(row.removed_at), "description_text": row.description_text})
        document["events"] = [{"type": e.event_type, "at": _iso(e.created_at), "changed_fields": e.changed_fields,
                               "session": {"id": e.session_id, "status": e.session_status,
                                           "started_at": _iso(e.session_started_at)} if e.session_id else None}
                              for e in timeline]
        return document

    @app.get("/api/companies", tags=["companies"], summary="Every company with its open postings and last crawl")
    def api_companies() -> dict[str, Any]:
        with connect() as connection:
            rows = roster(connection, [])
        return {"companies": [{"slug": r["company"], "name": r["name"], "platform": r["platform"],
                               "active": r["active"], "open_postings": r["postings"],
                               "last_crawl": _iso(r["last_crawl"]), "last_status": r["last_status"]}
                              for r in rows]}

    @app.get("/api/companies/{slug}/trend", tags=["companies"], summary="Open, new and removed postings per day")
    def api_trend(slug: str, days: int = Query(90, ge=1, le=365)) -> dict[str, Any]:
        with connect() as connection:
            company = pages.company_by_slug(connection, slug)
            if company is None:
                raise NotFound(f"no company {slug!r}")
            series = pages.trend(connection, company.id, days, utc_now())
        return {"company": slug, "days": [{**point, "date": point["date"].isoformat()} for point in series]}

    @app.get("/api/sessions", tags=["crawls"], summary="Crawl sessions, newest first")
    def api_sessions(company: str | None = None, days: int = Query(7, ge=1, le=365)) -> dict[str, Any]:
        with connect() as connection:
            company_id = None
            if company:
                row = pages.company_by_slug(connection, company)
                if row is None:
                    raise NotFound(f"no company {company!r}")
                company_id = row.id
            rows = pages.sessions(connection, utc_now() - timedelta(days=days), company_id)
        return {"sessions": [{**{key: _iso(value) if isinstance(value, datetime) else value
                                 for key, value in row._mapping.items()},
                              "duration_seconds": pages.duration_seconds(row)} for row in rows]}
