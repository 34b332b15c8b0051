"""``crawlall --scrapyd``: the crawl scheduled on scrapyd nodes instead of run in this process.

scrapyd does the running; this module only decides where each crawl goes and waits for it:

1. Ask every node for ``daemonstatus.json``. A node's free slots are its ``--slots`` (default 4,
   or ``URL#slots=N``) less its running and pending jobs; scrapyd does not report a capacity.
2. Group the companies by their spider's ``platform``: every company of a platform shares its
   ATS host (or, like Eightfold, its rate meter), and the politeness schedule per host is per
   process. One group is one scrapyd job: ``spider=<first company>`` with the setting
   ``JOBSCRAPER_CRAWL_GROUP=<the others>`` (see ``jobscraper/commands/crawl.py``), spider
   arguments as extra ``schedule.json`` parameters.
3. Hand the groups out, largest first, to the node with the most free slots. A node that does
   not answer, or refuses a ``schedule.json``, gets nothing more and its groups go to the others.
4. Poll ``listjobs.json`` until every job has finished (a progress line each), then print the
   same summary table as a local run, from the ``scraping_sessions`` rows the jobs wrote.

Node URLs are ``http://host:6800``, optionally ``http://user:password@host:6800`` (scrapyd's
basic auth) and ``#slots=N``. HTTP is urllib with short timeouts; every problem is one line.
"""

from __future__ import annotations

import base64
import json
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, TextIO

from sqlalchemy import Engine

from jobscraper.db import sessions as stored_sessions
from jobscraper.ops.runs import render_summary, summary_rows

PROJECT = "jobscraper"
DEFAULT_SLOTS = 4
HTTP_TIMEOUT = 10.0
# The first schedule.json after a deploy waits while scrapyd lists the egg's spiders (a `scrapy
# list` of the whole roster, which blocks the node): 11 s for 340 spiders on a loaded 2-core node.
SCHEDULE_TIMEOUT = 60.0
DEFAULT_POLL_INTERVAL = 5.0
NODE_LOST_AFTER = 120.0  # seconds a node may stay silent while its jobs run before they count as lost
VANISHED_POLLS = 2  # a job listed nowhere on this many polls in a row has ended
CRAWL_GROUP_SETTING = "JOBSCRAPER_CRAWL_GROUP"

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_NODE_DOWN = 69  # EX_UNAVAILABLE: a scrapyd node was unreachable or refused a job


class NodeError(Exception):
    """A scrapyd node did not answer as it should; the message is one line."""


@dataclass
class Node:
    url: str  # scheme://host:port[/prefix], no credentials, no trailing slash
    slots: int = DEFAULT_SLOTS
    authorization: str | None = field(default=None, repr=False)
    down: str | None = None  # why the node gets no (more) jobs
    free: int = 0

    def __str__(self) -> str:
        return self.url


def parse_nodes(value: str | Iterable[str], slots: int = DEFAULT_SLOTS) -> list[Node]:
    """``URL[,URL...]`` (or a list of them) to nodes; raises ValueError on a malformed URL."""
    items = value.split(",") if isinstance(value, str) else list(value)
    nodes: list[Node] = []
    for raw in (part.strip() for part in items):
        if not raw:
            continue
        text = raw if "://" in raw else f"http://{raw}"
        parts = urllib.parse.urlsplit(text)
        item = _redacted(parts)
        node_slots = slots
        if parts.fragment:
            key, _, number = parts.fragment.partition("=")
            if key != "slots" or not number.isdigit() or int(number) < 1:
                raise ValueError(f"{item!r}: the only URL suffix understood is #slots=N (N >= 1)")
            node_slots = int(number)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{item!r} is not a scrapyd URL like http://host:6800")
        try:
            port = parts.port
        except ValueError:
            raise ValueError(f"{item!r}: the port is not a number") from None
        authorization = None
        if parts.username is not None:
            pair = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
            authorization = "Basic " + base64.b64encode(pair.encode()).decode()
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        url = f"{parts.scheme}://{host}{f':{port}' if port else ''}{parts.path.rstrip('/')}"
        if url not in (node.url for node in nodes):
            nodes.append(Node(url, node_slots, authorization))
    if not nodes:
        raise ValueError("give at least one scrapyd URL, like http://127.0.0.1:6800")
    return nodes


def _redacted(parts: urllib.parse.SplitResult) -> str:
    """A URL as given, its password replaced by ***, for messages."""
    if parts.password is None:
        return parts.geturl()
    netloc = f"{parts.username}:***@{parts.netloc.rpartition('@')[2]}"
    return parts._replace(netloc=netloc).geturl()


# --- talking to a node ------------------------------------------------------------------------


def _origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.hostname, parts.port or {"http": 80, "https": 443}.get(parts.scheme)


class _SameOriginCredentials(urllib.request.HTTPRedirectHandler):
    """Follows a redirect, sending the node's credentials again only to the node itself."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, ANN201 - urllib's hook
        follow = super().redirect_request(req, fp, code, msg, headers, newurl)
        authorization = req.unredirected_hdrs.get("Authorization")
        if follow is not None and authorization and _origin(newurl) == _origin(req.full_url):
            follow.add_unredirected_header("Authorization", authorization)
        return follow


_OPENER = urllib.request.build_opener(_SameOriginCredentials)


def call(node: Node, endpoint: str, params: dict[str, str] | None = None,
         form: list[tuple[str, str]] | None = None, timeout: float = HTTP_TIMEOUT) -> dict[str, Any]:
    """One scrapyd web service call; the JSON answer, or NodeError when it is not ``status: ok``."""
    url = f"{node.url}/{endpoint}"
    if params:
        url += "?" + urllib.parse.urlencode(params)
    request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode() if form is not None else None)
    if node.authorization:  # never carried over to a redirect's request by urllib itself
        request.add_unredirected_header("Authorization", node.authorization)
    try:
        with _OPENER.open(request, timeout=timeout) as answer:
            body = answer.read()
    except urllib.error.HTTPError as exc:
        hint = " (wrong or missing user:password in the URL)" if exc.code == 401 else ""
        raise NodeError(f"{endpoint} answered HTTP {exc.code}{hint}") from None
    except urllib.error.URLError as exc:
        raise NodeError(f"unreachable: {exc.reason}") from None
    except (OSError, ValueError) as exc:  # timeouts, resets, a malformed answer
        raise NodeError(f"unreachable: {exc or type(exc).__name__}") from None
    try:
        payload = json.loads(body)
    except ValueError:
        raise NodeError(f"{endpoint} did not answer JSON; is this a scrapyd?") from None
    if not isinstance(payload, dict) or payload.get("status") != "ok":
        message = payload.get("message") if isinstance(payload, dict) else None
        raise NodeError(f"{endpoint} refused: {' '.join(str(message or payload).split())}")
    return payload


def daemon_status(node: Node) -> dict[str, Any]:
    return call(node, "daemonstatus.json")


def check_nodes(nodes: list[Node]) -> None:
    """Set each node's free slots from ``daemonstatus.json``; a silent node is marked down."""
    for node in nodes:
        try:
            status = daemon_status(node)
        except NodeError as exc:
            node.down = str(exc)
            continue
        busy = int(status.get("running", 0) or 0) + int(status.get("pending", 0) or 0)
        node.free = node.slots - busy


# --- planning ---------------------------------------------------------------------------------


@dataclass
class Group:
    """Companies crawled in one scrapyd job (one process): those sharing an ATS platform."""

    key: str
    companies: list[str]

    @property
    def spider(self) -> str:
        return self.companies[0]

    @property
    def others(self) -> list[str]:
        return self.companies[1:]

    def __str__(self) -> str:
        if len(self.companies) == 1:
            return self.companies[0]
        return f"{self.key} ({len(self.companies)} companies)"


def crawl_groups(platforms: dict[str, str | None]) -> list[Group]:
    """Companies by platform (a company without one alone), largest group first."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for company, platform in sorted(platforms.items()):
        grouped[platform or company].append(company)
    groups = [Group(key, companies) for key, companies in grouped.items()]
    return sorted(groups, key=lambda group: (-len(group.companies), group.key))


def plan(groups: list[Group], nodes: list[Node]) -> dict[str, list[Group]]:
    """Each group (largest first) to the live node with the most free slots, in URL order on a tie."""
    live = [node for node in nodes if node.down is None]
    assignment: dict[str, list[Group]] = {node.url: [] for node in live}
    if not live:
        return assignment
    free = {node.url: node.free for node in live}
    for group in sorted(groups, key=lambda g: (-len(g.companies), g.key)):
        target = max(live, key=lambda node: free[node.url])
        assignment[target.url].append(group)
        free[target.url] -= 1
    return assignment


# --- scheduling -------------------------------------------------------------------------------


@dataclass
class Job:
    node: Node
    jobid: str
    group: Group
    finished: bool = False
    lost: str | None = None  # why the job's end is unknown
    unlisted_polls: int = 0
    log_url: str | None = None


def job_id(stamp: str, group: Group) -> str:
    return f"{stamp}-{group.key}-{secrets.token_hex(2)}"


def schedule_group(node: Node, group: Group, jobid: str, spider_args: dict[str, str]) -> str:
    form = [("project", PROJECT), ("spider", group.spider), ("jobid", jobid)]
    if group.others:
        form.append(("setting", f"{CRAWL_GROUP_SETTING}={','.join(group.others)}"))
    form += sorted(spider_args.items())
    return str(call(node, "schedule.json", form=form, timeout=SCHEDULE_TIMEOUT).get("jobid") or jobid)


def schedule(groups: list[Group], nodes: list[Node], spider_args: dict[str, str],
             stamp: str | None = None) -> tuple[list[Job], list[Group]]:
    """Schedule every group; a node that refuses one gets no more, its groups go to the others.

    Returns the jobs scheduled and the groups no node took."""
    stamp = stamp or datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    jobs: list[Job] = []
    remaining = list(groups)
    while remaining and any(node.down is None for node in nodes):
        by_url = {node.url: node for node in nodes}
        retry: list[Group] = []
        for url, assigned in plan(remaining, nodes).items():
            node = by_url[url]
            for index, group in enumerate(assigned):
                if node.down is not None:
                    retry.extend(assigned[index:])
                    break
                try:
                    jobid = schedule_group(node, group, job_id(stamp, group), spider_args)
                except NodeError as exc:
                    node.down = _with_hint(str(exc))
                    retry.extend(assigned[index:])
                    break
                jobs.append(Job(node, jobid, group))
        remaining = retry
    return jobs, remaining


def _with_hint(message: str) -> str:
    if "not found" in message:
        return f"{message} (deploy the current egg there: make deploy)"
    return message


# --- waiting ----------------------------------------------------------------------------------


def wait_for(jobs: list[Job], poll_interval: float = DEFAULT_POLL_INTERVAL,
             on_finished: Callable[[Job], None] | None = None,
             clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
    """Poll ``listjobs.json`` on each node until every job has finished or is lost."""
    silent_since: dict[str, float] = {}
    while True:
        open_jobs = [job for job in jobs if not job.finished and job.lost is None]
        if not open_jobs:
            return
        for node in {job.node.url: job.node for job in open_jobs}.values():
            mine = [job for job in open_jobs if job.node is node]
            try:
                listing = call(node, "listjobs.json", params={"project": PROJECT})
            except NodeError as exc:
                started = silent_since.setdefault(node.url, clock())
                if clock() - started >= NODE_LOST_AFTER:
                    node.down = f"stopped answering while its jobs ran ({exc})"
                    for job in mine:
                        job.lost = f"{node} stopped answering"
                continue
            silent_since.pop(node.url, None)
            finished = {entry.get("id"): entry for entry in listing.get("finished", [])}
            active = {entry.get("id") for key in ("pending", "running") for entry in listing.get(key, [])}
            for job in mine:
                if job.jobid in finished:
                    job.finished = True
                    log_url = finished[job.jobid].get("log_url")
                    job.log_url = urllib.parse.urljoin(f"{node.url}/", log_url) if log_url else None
                elif job.jobid in active:
                    job.unlisted_polls = 0
                    continue
                else:  # no longer listed: scrapyd restarted, or finished jobs were rotated out
                    job.unlisted_polls += 1
                    job.finished = job.unlisted_polls >= VANISHED_POLLS
                if job.finished and on_finished:
                    on_finished(job)
        if any(not job.finished and job.lost is None for job in jobs):
            sleep(poll_interval)


# --- reading the outcome ----------------------------------------------------------------------


def last_session_id(engine: Engine) -> int:
    """The newest session id: sessions of this run are the ones after it (no clock comparisons
    across machines)."""
    with engine.connect() as connection:
        return stored_sessions.last_session_id(connection)


def sessions_after(engine: Engine, companies: Iterable[str], after_id: int) -> dict[str, list[tuple[int, str]]]:
    """(session id, status) of each company's sessions opened after ``after_id``, oldest first."""
    with engine.connect() as connection:
        return stored_sessions.sessions_after(connection, list(companies), after_id)


# --- the whole run ----------------------------------------------------------------------------


def run(engine: Engine, platforms: dict[str, str | None], spider_args: dict[str, str], nodes: list[Node],
        wait: bool = True, poll_interval: float = DEFAULT_POLL_INTERVAL,
        out: TextIO = sys.stdout, err: TextIO = sys.stderr, summary: str = "auto") -> int:
    """Schedule the companies (slug -> platform) on the nodes; wait and summarise unless not
    ``wait`` (``summary`` is the mode of ``runs.render_summary``)."""
    started = time.monotonic()

    def note(message: str) -> None:
        err.write(f"{message}\n")
        err.flush()

    check_nodes(nodes)
    for node in nodes:
        if node.down:
            note(f"error: scrapyd {node} gets no jobs: {node.down}")
    down_before = {node.url for node in nodes if node.down}
    watermark = last_session_id(engine)
    jobs, unscheduled = schedule(crawl_groups(platforms), nodes, spider_args)
    for node in nodes:
        if node.down and node.url not in down_before:
            note(f"error: scrapyd {node} gets no more jobs: {node.down}")
    for node in nodes:
        scheduled = [job for job in jobs if job.node is node]
        if scheduled:
            note(f"scheduled on {node}: {len(scheduled)} job(s), "
                 f"{sum(len(job.group.companies) for job in scheduled)} companies")
    if unscheduled:
        note(f"error: no scrapyd node took {', '.join(c for g in unscheduled for c in g.companies)}")
    if not jobs:
        _name_down_nodes(nodes, note)
        return EXIT_NODE_DOWN
    node_down = any(node.down for node in nodes)

    if not wait:
        for node in nodes:
            scheduled = [job for job in jobs if job.node is node]
            if scheduled:
                out.write(f"{node}\n")
                out.writelines(f"  {job.jobid}  {', '.join(job.group.companies)}\n" for job in scheduled)
        if node_down or unscheduled:
            _name_down_nodes(nodes, note)
            return EXIT_NODE_DOWN
        return EXIT_OK

    total = len(jobs)
    done: list[Job] = []

    def progress(job: Job) -> None:
        done.append(job)
        outcome = sessions_after(engine, job.group.companies, watermark)
        counts: dict[str, int] = defaultdict(int)
        for company in job.group.companies:
            counts[outcome[company][-1][1] if outcome[company] else "missing"] += 1
        summary = ", ".join(f"{status} {n}" for status, n in sorted(counts.items()))
        note(f"[{len(done)}/{total}] {job.group} on {job.node}: {summary} ({time.monotonic() - started:.1f}s)")

    try:
        wait_for(jobs, poll_interval, progress)
    except KeyboardInterrupt:
        note("interrupted: the jobs keep running on the nodes; `scrapy stats` shows their sessions later")
        return EXIT_FAILED
    for job in jobs:
        if job.lost:
            note(f"error: job {job.jobid} ({job.group}) on {job.node}: {job.lost}; its end is unknown")

    companies = sorted(platforms)
    found = sessions_after(engine, companies, watermark)
    for company, sessions in found.items():
        if len(sessions) > 1:
            note(f"warning: {company} has {len(sessions)} sessions since the run began; the summary shows the last")
    session_ids = {company: (found[company][-1][0] if found[company] else None) for company in companies}
    rows = summary_rows(engine, session_ids, {company: "missing" for company in companies})
    render_summary(rows, platforms=platforms, mode=summary)
    missing = [row.company for row in rows if row.status == "missing"]
    if missing:
        by_company = {company: job for job in jobs for company in job.group.companies}
        for company in missing:
            job = by_company.get(company)
            where = ""
            if job:
                where = f" (job {job.jobid} on {job.node}" + (f"; log: {job.log_url})" if job.log_url else ")")
            note(f"error: {company} recorded no crawl session{where}")
    node_down = any(node.down for node in nodes)
    if node_down:
        _name_down_nodes(nodes, note)
        return EXIT_NODE_DOWN
    return EXIT_FAILED if any(row.failed for row in rows) else EXIT_OK


def _name_down_nodes(nodes: list[Node], note: Callable[[str], None]) -> None:
    down = [f"{node} ({node.down})" for node in nodes if node.down]
    note(f"error: scrapyd node(s) unreachable or refusing jobs: {'; '.join(down)}")
