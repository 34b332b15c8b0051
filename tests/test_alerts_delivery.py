"""Alert delivery end to end, in-process, on SQLite and PostgreSQL: postings in the database,
a real local SMTP server (aiosmtpd) and HTTP receiver, the ledger and the feed file read back."""

from __future__ import annotations

import email
import email.policy
import json
import shutil
import socket
import ssl
import subprocess
import threading
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, insert, select, update

from jobscraper.alerts import AlertSpec, Criteria, flagged_alerts, send_due_alerts
from jobscraper.alerts.delivery import is_due
from jobscraper.alerts.feed import ATOM
from jobscraper.alerts.store import save_alert
from jobscraper.db.engine import session_factory
from jobscraper.db.migrate import upgrade
from jobscraper.db.models import Alert, AlertDelivery, Base, Company, JobPosition

T0 = datetime(2026, 3, 1, 6, 0, tzinfo=timezone.utc)
HOUR = timedelta(hours=1)


# -- the database -------------------------------------------------------------------------------

@pytest.fixture
def db(engine):
    upgrade(engine)
    return engine


def add_company(engine, slug: str, name: str) -> int:
    with engine.begin() as connection:
        return connection.execute(insert(Company).values(
            slug=slug, name=name, platform="greenhouse", created_at=T0, updated_at=T0,
        ).returning(Company.id)).scalar_one()


def add_posting(engine, company_id: int, external_id: str, title: str, *, seen: datetime,
                **fields) -> int:
    values = dict(company_id=company_id, external_id=external_id, title=title,
                  url=f"https://jobs.example.com/{external_id}", location="Tel Aviv, Israel",
                  city="Tel Aviv", country="IL", workplace_type="hybrid", content_hash="h",
                  is_active=True, first_seen_at=seen, last_seen_at=seen)
    with engine.begin() as connection:
        return connection.execute(insert(JobPosition).values(**{**values, **fields})
                                  .returning(JobPosition.id)).scalar_one()


def add_alert(engine, name: str, *, created: datetime = T0, **fields) -> None:
    criteria = Criteria.from_dict(fields.pop("criteria", {}))
    with session_factory(engine).begin() as session:
        save_alert(session, AlertSpec(name=name, criteria=criteria, **fields), now=created)


def ledger(engine) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(
            select(Alert.name, JobPosition.external_id, AlertDelivery.channel, AlertDelivery.kind,
                   AlertDelivery.status, AlertDelivery.attempts)
            .join(Alert, Alert.id == AlertDelivery.alert_id)
            .join(JobPosition, JobPosition.id == AlertDelivery.job_position_id)
            .order_by(Alert.name, JobPosition.external_id, AlertDelivery.channel, AlertDelivery.kind))]


def alert_state(engine, name: str):
    with engine.connect() as connection:
        return connection.execute(select(Alert).where(Alert.name == name)).one()


def test_migration_0002_matches_the_models(db):
    with db.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert [d for d in differences if "alert" in repr(d)] == []


# -- the receivers ------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


@contextmanager
def smtp_server(port: int, **options):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp_env(monkeypatch):
    port = free_port()
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.setenv("SMTP_SECURITY", "none")
    monkeypatch.setenv("SMTP_FROM", "alerts@jobscraper.test")
    return port


class Receiver:
    """A webhook endpoint: records each POST; answers the queued statuses, then 200."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, dict]] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                if status == 200:
                    receiver.posts.append((self.path, json.loads(body)))
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def titles(self, path: str, key: str = "new") -> list[list[str]]:
        return [[p["title"] for p in body[key]] for got, body in self.posts if got == path]


@pytest.fixture
def receiver():
    hook = Receiver()
    yield hook
    hook.server.shutdown()
    hook.server.server_close()


# -- matching reaches the right alerts -----------------------------------------------------------

def test_right_postings_reach_the_right_alerts(db, receiver):
    wiz, jfrog = add_company(db, "wiz", "Wiz"), add_company(db, "jfrog", "JFrog")
    for name, criteria in {
        "python": {"keywords_any": ["python", "פייתון"]},
        "senior-not-wiz": {"seniority": ["senior", "staff"], "exclude_companies": ["wiz"]},
        "remote": {"workplace": ["remote"]},
        "hebrew": {"keywords_any": ["מפתח"]},
        "fresh-managers": {"seniority": ["manager"], "posted_within_days": 7},
        "jfrog-no-intern": {"companies": ["jfrog"], "exclude_keywords": ["intern"]},
    }.items():
        add_alert(db, name, criteria=criteria, webhook=f"{receiver.url}/{name}")
    seen = T0 + HOUR
    add_posting(db, wiz, "old", "Python Developer", seen=T0 - timedelta(days=3))  # before the alerts
    add_posting(db, wiz, "gone", "Python Architect", seen=seen, is_active=False)
    add_posting(db, wiz, "1", "Senior Python Developer", seen=seen)
    add_posting(db, wiz, "2", "מפתח/ת פייתון", seen=seen, workplace_type="remote")
    add_posting(db, jfrog, "3", "Staff Backend Engineer", seen=seen)
    add_posting(db, jfrog, "4", "Python Intern", seen=seen)
    add_posting(db, jfrog, "5", "Engineering Manager", seen=seen, posted_at=T0 - timedelta(days=30))
    add_posting(db, jfrog, "6", "Team Lead, Platform", seen=seen, posted_at=T0 - timedelta(days=2))

    summary = send_due_alerts(db, now=T0 + 2 * HOUR)

    assert summary.ok and summary.messages == 6
    assert receiver.titles("/python") == [["Python Intern", "Senior Python Developer", "מפתח/ת פייתון"]]
    assert receiver.titles("/senior-not-wiz") == [["Staff Backend Engineer"]]
    assert receiver.titles("/remote") == [["מפתח/ת פייתון"]]
    assert receiver.titles("/hebrew") == [["מפתח/ת פייתון"]]
    assert receiver.titles("/fresh-managers") == [["Team Lead, Platform"]]
    assert receiver.titles("/jfrog-no-intern") == [
        ["Engineering Manager", "Staff Backend Engineer", "Team Lead, Platform"]]
    body = dict(receiver.posts)["/python"]
    assert body["alert"] == "python"
    assert body["text"].startswith("*3 new jobs for python*\n• <https://jobs.example.com/4|Python Intern>")
    assert all(row[4:] == ("sent", 1) for row in ledger(db)) and len(ledger(db)) == 10


# -- e-mail ---------------------------------------------------------------------------------------

def test_email_digest_has_both_parts_and_escapes_html(db, smtp_env):
    wiz = add_company(db, "wiz", "Wiz & Co")
    add_alert(db, "all", email=["me@example.com", "you@example.com"])
    add_posting(db, wiz, "1", "<script>alert(1)</script> Engineer", seen=T0 + HOUR,
                posted_at=datetime(2026, 2, 27, tzinfo=timezone.utc), workplace_type="remote")
    add_posting(db, wiz, "2", "Data Engineer", seen=T0 + HOUR, location="Haifa, Israel")

    with smtp_server(smtp_env) as inbox:
        summary = send_due_alerts(db, now=T0 + 2 * HOUR)

    assert summary.ok and (summary.sent, summary.messages) == (2, 1)
    assert inbox.envelopes == [("alerts@jobscraper.test", ["me@example.com", "you@example.com"])]
    message = inbox.messages[0]
    assert message["Subject"] == "[jobscraper] 2 new jobs for all"
    assert message["To"] == "me@example.com, you@example.com"
    plain = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(("html",)).get_content()
    assert "<script>alert(1)</script> Engineer\n  Wiz & Co · Tel Aviv, Israel · Remote · posted 2026-02-27\n" \
           "  https://jobs.example.com/1\n" in plain
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Engineer" in html
    assert "Wiz &amp; Co · Haifa, Israel · Hybrid · first seen 2026-03-01" in html
    assert '<a href="https://jobs.example.com/2">Data Engineer</a>' in html


def test_same_run_twice_sends_nothing_new(db, smtp_env, receiver):
    wiz = add_company(db, "wiz", "Wiz")
    add_alert(db, "all", email=["me@example.com"], webhook=f"{receiver.url}/hook")
    add_posting(db, wiz, "1", "Backend Engineer", seen=T0 + HOUR)

    with smtp_server(smtp_env) as inbox:
        first = send_due_alerts(db, now=T0 + 2 * HOUR)
        second = send_due_alerts(db, now=T0 + 3 * HOUR)
        add_posting(db, wiz, "2", "Frontend Engineer", seen=T0 + 4 * HOUR)
        third = send_due_alerts(db, now=T0 + 5 * HOUR)

    assert (first.sent, second.recorded, second.sent, third.sent) == (2, 0, 0, 2)
    assert [m["Subject"] for m in inbox.messages] == ["[jobscraper] 1 new job for all"] * 2
    assert receiver.titles("/hook") == [["Backend Engineer"], ["Frontend Engineer"]]


def test_smtp_down_then_delivered_once_on_the_next_run(db, smtp_env, receiver):
    wiz = add_company(db, "wiz", "Wiz")
    add_alert(db, "all", email=["me@example.com"], webhook=f"{receiver.url}/hook")
    add_posting(db, wiz, "1", "Backend Engineer", seen=T0 + HOUR)
    add_posting(db, wiz, "2", "Data Engineer", seen=T0 + HOUR)
    receiver.statuses = [500]

    down = send_due_alerts(db, now=T0 + 2 * HOUR)  # nothing listens on the SMTP port yet

    assert (down.sent, down.failed) == (0, 4)
    assert down.errors[0].startswith(f"all/email: SMTP 127.0.0.1:{smtp_env}: ")
    assert down.errors[1] == "all/webhook: webhook 127.0.0.1:" + receiver.url.rsplit(":", 1)[1] \
        + " answered HTTP 500"
    assert {row[4:] for row in ledger(db)} == {("failed", 1)}
    assert alert_state(db, "all").consecutive_failures == 1

    with smtp_server(smtp_env) as inbox:
        up = send_due_alerts(db, now=T0 + 3 * HOUR)
        again = send_due_alerts(db, now=T0 + 4 * HOUR)

    assert (up.sent, up.failed, again.sent) == (4, 0, 0)
    assert len(inbox.messages) == 1 and inbox.messages[0]["Subject"] == "[jobscraper] 2 new jobs for all"
    assert receiver.titles("/hook") == [["Backend Engineer", "Data Engineer"]]
    assert {row[4:] for row in ledger(db)} == {("sent", 2)}
    assert alert_state(db, "all").consecutive_failures == 0


def test_failing_runs_flag_the_alert_until_a_delivery_succeeds(db, receiver):
    wiz = add_company(db, "wiz", "Wiz")
    add_alert(db, "hooked", webhook=f"{receiver.url}/hook")
    add_alert(db, "quiet", webhook=f"{receiver.url}/quiet", criteria={"keywords_any": ["nothing"]})
    add_posting(db, wiz, "1", "Backend Engineer", seen=T0 + HOUR)
    receiver.statuses = [503, 503]

    first = send_due_alerts(db, now=T0 + 2 * HOUR, max_failures=2)
    second = send_due_alerts(db, now=T0 + 3 * HOUR, max_failures=2)
    with db.connect() as connection:
        assert flagged_alerts(connection) == ["hooked"]
    third = send_due_alerts(db, now=T0 + 4 * HOUR, max_failures=2)

    assert (first.flagged, second.flagged, third.flagged) == ([], ["hooked"], [])
    assert alert_state(db, "hooked").last_error is None
    with db.connect() as connection:
        assert flagged_alerts(connection) == []
    assert receiver.titles("/hook") == [["Backend Engineer"]]


def test_starttls_and_login_never_show_the_password(sqlite_url, tmp_path, monkeypatch, caplog):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    secret = "s3cret-Pa55"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (auth_data.login, auth_data.password) == (b"bot", secret.encode())
        return AuthResult(success=ok, handled=False)

    port = free_port()
    for name, value in {"SMTP_HOST": "localhost", "SMTP_PORT": str(port), "SMTP_USER": "bot",
                        "SMTP_PASSWORD": secret, "SMTP_SECURITY": "starttls",
                        "SSL_CERT_FILE": str(cert)}.items():
        monkeypatch.setenv(name, value)
    engine = create_engine(sqlite_url)
    upgrade(engine)
    wiz = add_company(engine, "wiz", "Wiz")
    add_alert(engine, "all", email=["me@example.com"])
    add_posting(engine, wiz, "1", "Backend Engineer", seen=T0 + HOUR)
    options = dict(tls_context=context, require_starttls=True, auth_required=True,
                   authenticator=authenticator)
    with smtp_server(port, server_hostname="localhost", **options) as inbox, caplog.at_level("DEBUG"):
        monkeypatch.setenv("SMTP_PASSWORD", "wrong-" + secret)
        refused = send_due_alerts(engine, now=T0 + 2 * HOUR)
        monkeypatch.setenv("SMTP_PASSWORD", secret)
        accepted = send_due_alerts(engine, now=T0 + 3 * HOUR)

    assert refused.failed == 1 and "535" in refused.errors[0]
    assert accepted.sent == 1 and len(inbox.messages) == 1
    assert inbox.envelopes == [("jobscraper@localhost", ["me@example.com"])]  # no SMTP_FROM, user not an address
    assert secret not in caplog.text and secret not in " ".join(refused.errors)
    with engine.connect() as connection:
        assert secret not in str(connection.execute(select(AlertDelivery.last_error)).all())
    engine.dispose()


# -- the Atom feed ------------------------------------------------------------------------------

def feed_entries(path) -> list[tuple[str, str]]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{ATOM}}}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{{{ATOM}}}{required}") is not None
    entries = root.findall(f"{{{ATOM}}}entry")
    ids = [e.findtext(f"{{{ATOM}}}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    return [(e.findtext(f"{{{ATOM}}}title"), e.find(f"{{{ATOM}}}link").get("href")) for e in entries]


def test_atom_feed_is_xml_and_lists_the_alerts_entries(db, tmp_path):
    wiz = add_company(db, "wiz", "Wiz")
    add_alert(db, "python", atom=True, criteria={"keywords_any": ["python"]})
    feed = tmp_path / "data" / "feeds" / "python.xml"

    send_due_alerts(db, now=T0 + HOUR)
    assert feed_entries(feed) == []  # a reader can subscribe before the first match

    add_posting(db, wiz, "1", "Python <Developer> & Friends", seen=T0 + 2 * HOUR)
    add_posting(db, wiz, "2", "Go Developer", seen=T0 + 2 * HOUR)
    send_due_alerts(db, now=T0 + 3 * HOUR)
    add_posting(db, wiz, "3", "Senior Python Engineer", seen=T0 + 4 * HOUR)
    send_due_alerts(db, now=T0 + 5 * HOUR)

    assert feed_entries(feed) == [
        ("Senior Python Engineer — Wiz", "https://jobs.example.com/3"),
        ("Python <Developer> & Friends — Wiz", "https://jobs.example.com/1"),
    ]
    assert b"Python &lt;Developer&gt; &amp; Friends" in feed.read_bytes()


# -- frequency and removals ------------------------------------------------------------------------

def test_daily_alert_waits_for_its_day_and_then_sends_everything_since(db, receiver):
    wiz = add_company(db, "wiz", "Wiz")
    add_alert(db, "daily", frequency="daily", webhook=f"{receiver.url}/hook")
    add_posting(db, wiz, "1", "Backend Engineer", seen=T0 + HOUR)
    assert send_due_alerts(db, now=T0 + 2 * HOUR).due == ["daily"]
    add_posting(db, wiz, "2", "Data Engineer", seen=T0 + 3 * HOUR)

    not_yet = send_due_alerts(db, now=T0 + 12 * HOUR)
    forced = send_due_alerts(db, now=T0 + 13 * HOUR, names=["daily"], force=True)
    add_posting(db, wiz, "3", "QA Engineer", seen=T0 + 20 * HOUR)
    add_posting(db, wiz, "4", "SRE", seen=T0 + 22 * HOUR)
    too_soon = send_due_alerts(db, now=T0 + 26 * HOUR)  # a forced run starts a new day
    next_day = send_due_alerts(db, now=T0 + 37 * HOUR)

    assert (not_yet.due, not_yet.sent) == ([], 0)
    assert (forced.due, forced.sent) == (["daily"], 1)
    assert (too_soon.due, too_soon.sent) == ([], 0)
    assert (next_day.due, next_day.sent) == (["daily"], 2)
    assert receiver.titles("/hook") == [["Backend Engineer"], ["Data Engineer"],
                                        ["QA Engineer", "SRE"]]


@pytest.mark.parametrize("frequency, since_last_run, due", [
    ("immediate", timedelta(minutes=1), True),
    ("daily", timedelta(hours=22), False),
    ("daily", timedelta(hours=23), True),
    ("weekly", timedelta(days=6), False),
    ("weekly", timedelta(days=7), True),
])
def test_what_is_due(frequency, since_last_run, due):
    alert = Alert(frequency=frequency, last_run_at=T0)
    assert is_due(alert, T0 + since_last_run) is due


def test_removed_posting_is_notified_once_when_asked(db, receiver):
    wiz = add_company(db, "wiz", "Wiz")
    add_alert(db, "watch", notify_removed=True, webhook=f"{receiver.url}/watch")
    add_alert(db, "plain", webhook=f"{receiver.url}/plain")
    first = add_posting(db, wiz, "1", "Backend Engineer", seen=T0 + HOUR)
    add_posting(db, wiz, "2", "Data Engineer", seen=T0 + HOUR)
    send_due_alerts(db, now=T0 + 2 * HOUR)
    with db.begin() as connection:
        connection.execute(update(JobPosition).where(JobPosition.id == first)
                           .values(is_active=False, removed_at=T0 + 3 * HOUR))

    removed = send_due_alerts(db, now=T0 + 4 * HOUR)
    again = send_due_alerts(db, now=T0 + 5 * HOUR)

    assert (removed.sent, again.sent) == (1, 0)
    assert receiver.titles("/watch", "removed") == [[], ["Backend Engineer"]]
    assert receiver.titles("/watch") == [["Backend Engineer", "Data Engineer"], []]
    assert dict(receiver.posts[-1:])["/watch"]["text"] == (
        "*1 no longer listed for watch*\n_No longer listed:_\n"
        "• ~<https://jobs.example.com/1|Backend Engineer>~ — Wiz")
    assert len(receiver.titles("/plain")) == 1


def test_disabled_and_deleted_alerts_send_nothing(db, receiver):
    wiz = add_company(db, "wiz", "Wiz")
    add_alert(db, "off", enabled=False, webhook=f"{receiver.url}/off")
    add_posting(db, wiz, "1", "Backend Engineer", seen=T0 + HOUR)
    summary = send_due_alerts(db, now=T0 + 2 * HOUR)
    assert (summary.due, summary.recorded, receiver.posts) == ([], 0, [])


# -- one alert's failure ----------------------------------------------------------------------------

def test_one_alerts_failure_never_stops_the_delivery_of_the_others(db, receiver, tmp_path, monkeypatch):
    wiz = add_company(db, "wiz", "Wiz")
    for name in ("a-bad-criteria", "b-crashing-feed", "c-fine", "d-fine"):
        add_alert(db, name, webhook=f"{receiver.url}/{name}", atom=name == "b-crashing-feed")
    with db.begin() as connection:  # stored by an older version, before the cap on the window
        connection.execute(update(Alert).where(Alert.name == "a-bad-criteria")
                           .values(criteria={"posted_within_days": 100_000_000}))
    add_posting(db, wiz, "1", "Backend Engineer", seen=T0 + HOUR)

    from jobscraper.alerts import delivery

    def broken_feed(*args, **kwargs):
        raise RuntimeError("a bug in the feed writer")

    monkeypatch.setattr(delivery, "write_feed", broken_feed)
    summary = send_due_alerts(db, now=T0 + 2 * HOUR, feeds=tmp_path / "feeds")

    assert receiver.titles("/c-fine") == receiver.titles("/d-fine") == [["Backend Engineer"]]
    assert receiver.titles("/b-crashing-feed") == [["Backend Engineer"]]
    assert not summary.ok and summary.messages == 3
    assert any(e.startswith("a-bad-criteria: posted_within_days") for e in summary.errors), summary.errors
    assert "b-crashing-feed/atom: RuntimeError: a bug in the feed writer" in summary.errors
    assert ("b-crashing-feed", "1", "atom", "new", "failed", 1) in ledger(db)


def test_a_server_without_starttls_names_the_other_security_modes(sqlite_url, smtp_env, monkeypatch):
    monkeypatch.setenv("SMTP_SECURITY", "starttls")
    engine = create_engine(sqlite_url)
    upgrade(engine)
    wiz = add_company(engine, "wiz", "Wiz")
    add_alert(engine, "all", email=["me@example.com"])
    add_posting(engine, wiz, "1", "Backend Engineer", seen=T0 + HOUR)
    with smtp_server(smtp_env) as inbox:
        summary = send_due_alerts(engine, now=T0 + 2 * HOUR)
    assert summary.failed == 1 and inbox.messages == []
    assert summary.errors[0].endswith(
        f"SMTP 127.0.0.1:{smtp_env} does not offer STARTTLS: try SMTP_SECURITY=none (a relay without "
        "TLS) or SMTP_SECURITY=ssl (TLS from the start, usually port 465)")
    engine.dispose()
