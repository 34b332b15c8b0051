"""Alert channels beyond e-mail and webhook (any apprise URL), why each posting matched, and
changes to postings already sent — on SQLite and PostgreSQL, delivered through apprise to a real
local HTTP receiver (``json://``) and over a real local SMTP server."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import create_engine, select

from jobscraper.alerts import send_due_alerts
from jobscraper.alerts.notify import channel_key
from jobscraper.db.lifecycle import derive
from jobscraper.db.models import Alert, AlertChangeDelivery, AlertDelivery, JobPosition
from jobscraper.db.postings import deactivate_ids, load_known, write_batch
from test_alerts_delivery import (  # noqa: F401 - fixtures
    HOUR,
    T0,
    Receiver,
    add_alert,
    add_company,
    add_posting,
    db,
    free_port,
    ledger,
    receiver,
    smtp_env,
    smtp_server,
)

TELEGRAM_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
TELEGRAM_URL = f"tgram://{TELEGRAM_TOKEN}/-1001234567"


def json_url(receiver: Receiver, path: str) -> str:
    """The apprise URL that POSTs a notification as JSON to the receiver's ``path``."""
    return "json://" + receiver.url.split("://", 1)[1] + path


def notifications(receiver: Receiver, path: str) -> list[str]:
    """The bodies apprise delivered to ``path``, oldest first."""
    return [body["title"] + "\n" + body["message"] for got, body in receiver.posts if got == path]


def change_ledger(engine) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(
            select(Alert.name, AlertChangeDelivery.channel, AlertChangeDelivery.status, AlertChangeDelivery.attempts)
            .join(Alert, Alert.id == AlertChangeDelivery.alert_id).order_by(AlertChangeDelivery.id))]


# -- apprise URLs as channels ----------------------------------------------------------------------

def test_a_notify_url_is_a_channel_delivered_once_beside_email(db, receiver, smtp_env):
    wiz = add_company(db, "wiz", "Wiz")
    add_alert(db, "all", email=["me@example.com"], notify=[json_url(receiver, "/tg")])
    add_posting(db, wiz, "1", "Backend Engineer", seen=T0 + HOUR)

    with smtp_server(smtp_env) as inbox:
        first = send_due_alerts(db, now=T0 + 2 * HOUR)
        second = send_due_alerts(db, now=T0 + 3 * HOUR)

    assert (first.sent, first.messages, second.recorded, second.sent) == (2, 2, 0, 0)
    assert len(inbox.messages) == 1
    assert notifications(receiver, "/tg") == [
        "1 new job for all\nBackend Engineer\n  Wiz · Tel Aviv, Israel · Hybrid · first seen 2026-03-01\n"
        "  https://jobs.example.com/1"]
    assert ledger(db) == [("all", "1", "email", "new", "sent", 1),
                          ("all", "1", channel_key(json_url(receiver, "/tg")), "new", "sent", 1)]


def test_a_failing_channel_is_retried_next_run_and_never_holds_back_another(db, receiver, caplog):
    wiz = add_company(db, "wiz", "Wiz")
    closed = f"json://bot:hunter2-Secret@127.0.0.1:{free_port()}/down"  # nothing listens there
    add_alert(db, "both", notify=[json_url(receiver, "/a"), json_url(receiver, "/b"), closed])
    add_posting(db, wiz, "1", "Backend Engineer", seen=T0 + HOUR)
    receiver.statuses = [500]  # /a is sent first, and refused once

    with caplog.at_level("DEBUG"):
        first = send_due_alerts(db, now=T0 + 2 * HOUR)
    a_channel, b_channel, closed_channel = (channel_key(url) for url in
                                            (json_url(receiver, "/a"), json_url(receiver, "/b"), closed))
    assert (first.sent, first.failed) == (1, 2)
    assert first.errors == [
        f"both/json://127.0.0.1:{receiver.url.rsplit(':', 1)[1]}/a: Failed to send JSON POST notification: "
        "Internal server error., error=500.",
        f"both/json://bot:****@127.0.0.1:{closed.rsplit(':', 1)[1]}: A Connection error occurred sending "
        "JSON notification to 127.0.0.1."]
    assert "hunter2-Secret" not in caplog.text + " ".join(first.errors)
    assert {row[2]: row[4:] for row in ledger(db)} == {
        a_channel: ("failed", 1), b_channel: ("sent", 1), closed_channel: ("failed", 1)}

    second = send_due_alerts(db, now=T0 + 3 * HOUR)

    assert (second.sent, second.failed) == (1, 1)
    assert [len(notifications(receiver, path)) for path in ("/a", "/b")] == [1, 1]
    assert {row[2]: row[4:] for row in ledger(db)} == {
        a_channel: ("sent", 2), b_channel: ("sent", 1), closed_channel: ("failed", 2)}


# -- why it matched ------------------------------------------------------------------------------------

def test_every_channel_says_why_the_posting_matched(db, receiver, smtp_env):
    wiz = add_company(db, "wiz", "Wiz")
    add_alert(db, "k8s", email=["me@example.com"], webhook=f"{receiver.url}/hook",
              notify=[json_url(receiver, "/apprise")],
              criteria={"keywords_any": ["python", "kubernetes", "rust"], "search_in": "title_description",
                        "cities": ["tel aviv"], "seniority": ["senior"], "exclude_keywords": ["intern"]})
    add_posting(db, wiz, "1", "Senior Python Developer", seen=T0 + HOUR,
                description_text="You will run our services on Kubernetes.")
    why = "why: keywords python (title), kubernetes (description); city Tel Aviv; seniority senior"

    with smtp_server(smtp_env) as inbox:
        summary = send_due_alerts(db, now=T0 + 2 * HOUR)

    assert summary.ok and summary.messages == 3
    plain = inbox.messages[0].get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert f"Senior Python Developer\n  Wiz · Tel Aviv, Israel · Hybrid · first seen 2026-03-01\n  {why}\n" in plain
    assert why in inbox.messages[0].get_body(("html",)).get_content()
    hook = dict(receiver.posts)["/hook"]
    assert hook["new"][0]["why"] == [
        {"criterion": "keywords", "value": "python", "where": "title"},
        {"criterion": "keywords", "value": "kubernetes", "where": "description"},
        {"criterion": "city", "value": "Tel Aviv"},
        {"criterion": "seniority", "value": "senior"}]
    assert f"    _{why}_" in hook["text"]
    assert f"\n  {why}\n" in notifications(receiver, "/apprise")[0]


# -- watching changes ------------------------------------------------------------------------------------

def crawl(engine, company_id: int, now, *postings: dict) -> None:
    """Store what a crawl saw, through the diff that writes the posting events."""
    items = []
    for posting in postings:
        item = {"url": f"https://jobs.example.com/{posting['external_id']}", "location": "Tel Aviv, Israel",
                "city": "Tel Aviv", "country": "IL", "workplace_type": "hybrid", **posting}
        item["content_hash"] = hashlib.sha256(json.dumps(item, sort_keys=True).encode()).hexdigest()
        items.append(item)
    with engine.begin() as connection:
        known = load_known(connection, company_id, [item["external_id"] for item in items])
        write_batch(connection, company_id=company_id, session_id=None, items=items, known=known, now=now)
        derive(connection, company_id=company_id, since=now, now=now)


def remove(engine, company_id: int, now, external_id: str) -> None:
    with engine.begin() as connection:
        position = connection.execute(select(JobPosition.id).where(JobPosition.external_id == external_id)).scalar()
        deactivate_ids(connection, [position], company_id=company_id, session_id=None, now=now,
                       event_type="removed")


def changes_told(receiver: Receiver, path: str) -> list[list[tuple]]:
    """Per webhook message: (kind, title, [(field, old, new)]) of each change."""
    return [[(c["kind"], c["posting"]["title"], [(f["field"], f["old"], f["new"]) for f in c["changes"]])
             for c in body["changes"]] for got, body in receiver.posts if got == path]


def test_watching_changes_tells_each_change_of_a_sent_posting_once(db, receiver):
    wiz = add_company(db, "wiz", "Wiz")
    add_alert(db, "watch", watch_changes=True, webhook=f"{receiver.url}/watch",
              notify=[json_url(receiver, "/apprise")], criteria={"keywords_any": ["engineer"]})
    add_alert(db, "plain", webhook=f"{receiver.url}/plain", criteria={"keywords_any": ["engineer"]})
    crawl(db, wiz, T0 + HOUR, {"external_id": "1", "title": "Backend Engineer"},
          {"external_id": "2", "title": "Data Engineer", "department": "Data"},
          {"external_id": "3", "title": "Office Manager"})  # never sent: its changes are not told
    send_due_alerts(db, now=T0 + 2 * HOUR)

    crawl(db, wiz, T0 + 3 * HOUR, {"external_id": "1", "title": "Senior Backend Engineer", "workplace_type": "remote"},
          {"external_id": "2", "title": "Data Engineer", "department": "Data", "description_text": "More words."},
          {"external_id": "3", "title": "Office Manager II"})
    changed = send_due_alerts(db, now=T0 + 4 * HOUR)
    unchanged = send_due_alerts(db, now=T0 + 5 * HOUR)
    remove(db, wiz, T0 + 6 * HOUR, "1")
    remove(db, wiz, T0 + 6 * HOUR, "2")
    removed = send_due_alerts(db, now=T0 + 7 * HOUR)
    crawl(db, wiz, T0 + 8 * HOUR,
          {"external_id": "1", "title": "Senior Backend Engineer", "workplace_type": "remote"},
          {"external_id": "2-again", "title": "Data Engineer", "department": "Data"})
    reopened = send_due_alerts(db, now=T0 + 9 * HOUR)
    quiet = send_due_alerts(db, now=T0 + 10 * HOUR)

    # Reopening: the two changes on each of watch's channels, and the repost, new to every channel.
    assert [s.sent for s in (changed, unchanged, removed, reopened, quiet)] == [2, 0, 4, 7, 0]
    assert changes_told(receiver, "/watch") == [
        [],
        [("changed", "Senior Backend Engineer",
          [("title", "Backend Engineer", "Senior Backend Engineer"), ("workplace_type", "hybrid", "remote")])],
        [("removed", "Senior Backend Engineer", []), ("removed", "Data Engineer", [])],
        [("reopened", "Senior Backend Engineer", []), ("reposted", "Data Engineer", [])],
    ]
    assert [[p["title"] for p in body["new"]] for got, body in receiver.posts if got == "/watch"] == [
        ["Backend Engineer", "Data Engineer"], [], [], ["Data Engineer"]]  # the repost is also new
    told = notifications(receiver, "/apprise")
    assert told[1] == (
        "1 change for watch\nChanged: Senior Backend Engineer (Wiz)\n"
        "  title: Backend Engineer → Senior Backend Engineer\n  work mode: Hybrid → Remote\n"
        "  https://jobs.example.com/1")
    assert "No longer listed: Data Engineer (Wiz)\n  removed 2026-03-01\n" in told[2]
    assert "Listed again: Senior Backend Engineer (Wiz)\n  listed again 2026-03-01\n" in told[3]
    assert "Reposted: Data Engineer (Wiz)\n  reposted 2026-03-01 as a new posting\n" in told[3]
    assert [len(changes) for changes in changes_told(receiver, "/plain")] == [0, 0]  # new postings only
    assert len(change_ledger(db)) == 10 and {row[2:] for row in change_ledger(db)} == {("sent", 1)}


def test_a_failed_change_notice_is_sent_on_the_next_run(db, receiver):
    wiz = add_company(db, "wiz", "Wiz")
    add_alert(db, "watch", watch_changes=True, notify=[json_url(receiver, "/apprise")])
    crawl(db, wiz, T0 + HOUR, {"external_id": "1", "title": "Backend Engineer"})
    send_due_alerts(db, now=T0 + 2 * HOUR)
    crawl(db, wiz, T0 + 3 * HOUR, {"external_id": "1", "title": "Backend Engineer", "location": "Haifa, Israel"})
    receiver.statuses = [503]

    down = send_due_alerts(db, now=T0 + 4 * HOUR)
    up = send_due_alerts(db, now=T0 + 5 * HOUR)
    again = send_due_alerts(db, now=T0 + 6 * HOUR)

    assert (down.failed, up.sent, again.sent) == (1, 1, 0)
    assert change_ledger(db) == [("watch", channel_key(json_url(receiver, "/apprise")), "sent", 2)]
    assert "location: Tel Aviv, Israel → Haifa, Israel" in notifications(receiver, "/apprise")[-1]


# -- the command -------------------------------------------------------------------------------------------

def test_notify_urls_are_checked_and_their_secrets_never_shown(sqlite_url, tmp_path, run_scrapy):
    added = run_scrapy("alerts", "add", "tg", "--keywords", "python", "--notify", TELEGRAM_URL,
                       "--notify", "discord://4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js", "--watch-changes")
    assert added.returncode == 0, added.stderr
    assert added.stdout == "added alert tg (tgram://1...w/-1001234567, discord://4...8/J...s)\n"

    listed = run_scrapy("alerts", "list", env={"COLUMNS": "400"})
    assert listed.stdout.splitlines()[1].split()[:5] == [
        "tg", "on", "immediate", "tgram://1...w/-1001234567,", "discord://4...8/J...s"]
    shown = run_scrapy("alerts", "show", "tg")
    assert "notify:\n    - tgram://1...w/-1001234567\n" in shown.stdout and "watch_changes: true" in shown.stdout
    assert "# changes told: 0 sent, 0 pending, 0 failed\n" in shown.stdout
    for output in (added, listed, shown):
        assert "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw" not in output.stdout + output.stderr
        assert "JHMHI8qBe7bk2ZwO5U711o3dV_js" not in output.stdout + output.stderr
    exported = run_scrapy("alerts", "export", str(tmp_path / "alerts.yaml"))  # a file to import back
    assert exported.returncode == 0 and TELEGRAM_URL in (tmp_path / "alerts.yaml").read_text()

    for bad in (["add", "broken", "--notify", "tgram://not-a-token"],
                ["add", "nothing", "--notify", "nosuchservice://x/y"],
                ["edit", "tg", "--notify", "https://not-apprise.example.com"]):
        refused = run_scrapy("alerts", *bad)
        assert refused.returncode == 2, refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1 and "Traceback" not in refused.stderr
        assert "is not one apprise can use" in refused.stderr
    yaml_file = tmp_path / "bad.yaml"
    yaml_file.write_text("alerts:\n  - name: fromfile\n    channels: {notify: ['tgram://bot-secret/x']}\n")
    imported = run_scrapy("alerts", "import", str(yaml_file))
    assert imported.returncode == 2
    assert len(imported.stderr.strip().splitlines()) == 1
    assert imported.stderr.strip().endswith("error: fromfile: notify URL tgram://… is not one apprise can use "
                                            "(the URL forms: https://github.com/caronc/apprise/wiki)")

    names = run_scrapy("alerts", "list", env={"COLUMNS": "400"})
    assert [line.split()[0] for line in names.stdout.splitlines()] == ["NAME", "tg"]  # nothing else stored
    engine = create_engine(sqlite_url)
    with engine.connect() as connection:
        assert connection.execute(select(Alert.notify_urls)).scalar_one() == [
            TELEGRAM_URL, "discord://4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js"]
        assert connection.execute(select(AlertDelivery)).all() == []
    engine.dispose()


def test_a_removal_is_told_once_per_channel_when_removed_and_changes_are_both_watched(db, receiver, tmp_path):
    wiz = add_company(db, "wiz", "Wiz")
    add_alert(db, "both", watch_changes=True, notify_removed=True, atom=True, webhook=f"{receiver.url}/hook")
    crawl(db, wiz, T0 + HOUR, {"external_id": "1", "title": "Backend Engineer"})
    send_due_alerts(db, now=T0 + 2 * HOUR, feeds=tmp_path)
    remove(db, wiz, T0 + 3 * HOUR, "1")

    removed = send_due_alerts(db, now=T0 + 4 * HOUR, feeds=tmp_path)

    assert removed.sent == 2  # the webhook's change notice, the feed's removal entry
    hook = [body for got, body in receiver.posts if got == "/hook"][-1]
    assert (hook["removed"], [c["kind"] for c in hook["changes"]]) == ([], ["removed"])
    assert ("both", "1", "atom", "removed", "sent", 1) in ledger(db)


def test_an_email_tells_the_change_old_to_new(db, smtp_env):
    wiz = add_company(db, "wiz", "Wiz")
    add_alert(db, "watch", watch_changes=True, email=["me@example.com"])
    crawl(db, wiz, T0 + HOUR, {"external_id": "1", "title": "Backend Engineer"})
    with smtp_server(smtp_env) as inbox:
        send_due_alerts(db, now=T0 + 2 * HOUR)
        crawl(db, wiz, T0 + 3 * HOUR, {"external_id": "1", "title": "Backend <Lead> Engineer"})
        send_due_alerts(db, now=T0 + 4 * HOUR)

    message = inbox.messages[-1]
    assert message["Subject"] == "[jobscraper] 1 change for watch"
    plain = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "Changed: Backend <Lead> Engineer (Wiz)\n  title: Backend Engineer → Backend <Lead> Engineer\n" in plain
    html = message.get_body(("html",)).get_content()
    assert "title: Backend Engineer → Backend &lt;Lead&gt; Engineer" in html and "<Lead>" not in html


def test_a_telegram_token_never_reaches_the_logs_nor_the_errors(db, receiver, monkeypatch, caplog):
    from apprise.plugins.telegram import NotifyTelegram

    monkeypatch.setattr(NotifyTelegram, "notify_url", f"{receiver.url}/bot")  # Telegram's API, here
    wiz = add_company(db, "wiz", "Wiz")
    add_alert(db, "tg", notify=[TELEGRAM_URL])
    add_posting(db, wiz, "1", "Backend Engineer", seen=T0 + HOUR)
    receiver.statuses = [500]

    with caplog.at_level("DEBUG"):
        refused = send_due_alerts(db, now=T0 + 2 * HOUR)
        accepted = send_due_alerts(db, now=T0 + 3 * HOUR)

    assert (refused.failed, accepted.sent) == (1, 1)
    assert refused.errors[0].startswith("tg/tgram://1...w/-1001234567: ")
    assert [path for path, _ in receiver.posts] == [f"/bot{TELEGRAM_TOKEN}/sendMessage"]
    assert "Telegram POST URL" in caplog.text
    for secret in TELEGRAM_TOKEN.split(":"):
        assert secret not in caplog.text + " ".join(refused.errors)
