"""Scale-out on scrapyd: the egg, the plan, and crawlall --scrapyd against real scrapyd nodes.

The end-to-end tests start real scrapyd processes (this virtualenv's ``scrapyd``) in scratch
folders, so the deployed egg is what runs (the checkout is not importable there), with a real
PostgreSQL database in their environment."""

from __future__ import annotations

import json
import re
import os
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
import zipfile
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from dbcheck import rows
from demo import LOCAL_SERVER_POLITENESS
from pgserver import free_port
from jobscraper.ops import scrapyd
from jobscraper.db.migrate import head_revision
from jobscraper.ops.deploy import DeployError, check_no_secrets, deploy_targets
from jobscraper.ops.scrapyd import NODE_LOST_AFTER, Group, Job, Node, crawl_groups, parse_nodes, plan, wait_for

PROJECT = Path(__file__).resolve().parent.parent
LOADER = SpiderLoader.from_settings(get_project_settings())
PLATFORMS = {name: LOADER.load(name).platform for name in LOADER.list()}
SCRAPYD = Path(sys.executable).with_name("scrapyd")
SECRET_URL = "postgresql://crawler:n0t-in-the-egg@db.internal:5432/jobs"


# --- node URLs, groups, the plan ------------------------------------------------------------


def test_node_urls_take_a_slots_suffix_and_scrapyd_credentials():
    nodes = parse_nodes(" http://10.0.0.11:6800/ ,10.0.0.12:6801#slots=8,"
                        "https://ops:p%40ss@scrapyd.example/prefix/", slots=3)
    assert [(n.url, n.slots) for n in nodes] == [
        ("http://10.0.0.11:6800", 3),
        ("http://10.0.0.12:6801", 8),
        ("https://scrapyd.example/prefix", 3),
    ]
    assert [n.authorization for n in nodes] == [None, None, "Basic b3BzOnBAc3M="]  # ops:p@ss
    assert "p%40ss" not in str(nodes[2]) and "ops" not in str(nodes[2])


@pytest.mark.parametrize("value, message", [
    ("http://h:6800#workers=2", "only URL suffix understood is #slots=N"),
    ("http://h:6800#slots=0", "only URL suffix understood is #slots=N"),
    ("ftp://h:6800", "is not a scrapyd URL"),
    ("http://h:port", "the port is not a number"),
    (" , ", "give at least one scrapyd URL"),
])
def test_malformed_node_urls_are_refused(value, message):
    with pytest.raises(ValueError, match=message):
        parse_nodes(value)


def test_a_refused_url_never_echoes_its_password():
    with pytest.raises(ValueError) as refused:
        parse_nodes("http://ops:hunter2@h:6800#slots=many")
    assert "hunter2" not in str(refused.value) and "ops:***@h:6800" in str(refused.value)


def test_companies_sharing_a_platform_crawl_in_one_job_largest_first():
    groups = crawl_groups({"wiz": "greenhouse", "intel": "workday", "jfrog": "greenhouse",
                           "paypal": "workday", "gong": "greenhouse", "acme": None, "apple": "apple"})
    assert [(g.key, g.companies) for g in groups] == [
        ("greenhouse", ["gong", "jfrog", "wiz"]),
        ("workday", ["intel", "paypal"]),
        ("acme", ["acme"]),
        ("apple", ["apple"]),
    ]
    assert (groups[0].spider, groups[0].others) == ("gong", ["jfrog", "wiz"])


def test_every_platform_of_the_roster_is_exactly_one_job():
    groups = crawl_groups(PLATFORMS)
    assert sorted(g.key for g in groups) == sorted(set(PLATFORMS.values()))
    assert sorted(c for g in groups for c in g.companies) == sorted(PLATFORMS)


def test_groups_go_largest_first_to_the_node_with_the_most_free_slots():
    a, b, c = Node("http://a:6800", free=3), Node("http://b:6800", free=1), Node("http://c:6800", free=9)
    c.down = "unreachable: [Errno 111] Connection refused"
    groups = [Group("one", ["x"]), Group("five", list("abcde")), Group("two", ["p", "q"]),
              Group("three", ["r", "s", "t"]), Group("alone", ["z"])]
    assignment = plan(groups, [a, b, c])
    # five -> a (3 free); three -> a (2 vs 1); two -> a (1 vs 1, ties go to the first node);
    # alone -> b (0 vs 1); one -> a (0 vs 0). The down node gets nothing.
    assert {url: [g.key for g in assigned] for url, assigned in assignment.items()} == {
        "http://a:6800": ["five", "three", "two", "one"],
        "http://b:6800": ["alone"],
    }


def test_a_full_node_still_takes_jobs_when_every_node_is_full():
    busy, busier = Node("http://busy:6800", free=0), Node("http://busier:6800", free=-1)
    assignment = plan([Group("g1", ["a"]), Group("g2", ["b"]), Group("g3", ["c"])], [busy, busier])
    # Queued as pending on the nodes, the shorter backlog first: busy (0), busy (-1 vs -1), busier.
    assert [len(assignment[n.url]) for n in (busy, busier)] == [2, 1]


# --- waiting for the jobs ----------------------------------------------------------------------


def test_waiting_ends_when_each_job_is_finished_gone_or_its_node_stays_silent(server):
    """An imitation listjobs.json: one job finished, one pending then listed nowhere (scrapyd
    restarted); a node that never answers loses its job after NODE_LOST_AFTER seconds."""
    answering = Node(server.base_url)
    silent = Node(f"http://127.0.0.1:{free_port()}")
    listing = {"status": "ok", "pending": [], "running": [], "finished": [
        {"id": "j-done", "spider": "wiz", "log_url": "/logs/jobscraper/wiz/j-done.log"}]}
    server.add("/listjobs.json", listing, query={"project": "jobscraper"})
    server.add("/listjobs.json", {**listing, "pending": [{"id": "j-gone", "spider": "apple"}]},
               query={"project": "jobscraper"}, times=1)  # the first answer; then the one above
    jobs = [Job(answering, "j-done", Group("greenhouse", ["wiz"])), Job(answering, "j-gone", Group("apple", ["apple"])),
            Job(silent, "j-lost", Group("workday", ["intel"]))]
    now = [0.0]
    finished: list[str] = []
    wait_for(jobs, poll_interval=30, on_finished=lambda job: finished.append(job.jobid),
             clock=lambda: now[0], sleep=lambda seconds: now.__setitem__(0, now[0] + seconds))
    assert finished == ["j-done", "j-gone"]  # j-gone: pending, then unlisted on two polls in a row
    assert len(server.requests_to("/listjobs.json")) >= 3
    assert jobs[0].log_url == f"{server.base_url}/logs/jobscraper/wiz/j-done.log"
    assert jobs[2].lost == f"{silent} stopped answering" and not jobs[2].finished
    assert silent.down.startswith("stopped answering while its jobs ran (unreachable: ")
    assert now[0] >= NODE_LOST_AFTER and answering.down is None


# --- the egg ----------------------------------------------------------------------------------


def test_the_egg_carries_the_data_files_and_the_settings_entry_point_but_no_secrets(tmp_path):
    egg = tmp_path / "jobscraper.egg"
    env = {**os.environ, "DATABASE_URL": SECRET_URL}
    built = subprocess.run([sys.executable, "-m", "jobscraper.ops.deploy", "--build-egg", str(egg), "-v", "7"],
                           cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    with zipfile.ZipFile(egg) as archive:
        names = archive.namelist()
        assert archive.read("EGG-INFO/entry_points.txt").decode().split() == \
            ["[scrapy]", "settings", "=", "jobscraper.settings"]
        assert not [n for n in names if any(part.startswith(".") for part in n.split("/"))]
        assert not [n for n in names if SECRET_URL.encode() in archive.read(n)]
    assert {"jobscraper/data/locations.json", "jobscraper/db/migrations/script.py.mako",
            "jobscraper/db/migrations/versions/0001_initial_schema.py", "jobscraper/settings.py",
            "jobscraper/spiders/wiz.py"} <= set(names)
    # Only the egg on the path, from a folder outside the checkout: importlib.resources reads
    # the location dictionary and the migration scripts out of the zip.
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import jobscraper\n"
        "from jobscraper.normalise.locations import parse_place\n"
        "from jobscraper.db.migrate import head_revision\n"
        "print(jobscraper.__file__, parse_place('Petah Tikva, Israel'), head_revision())\n"
    )
    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SCRAPY_SETTINGS_MODULE")}
    run = subprocess.run([sys.executable, "-c", probe, str(egg)], cwd=tmp_path, env=clean_env,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split(maxsplit=1) == [
        f"{egg}/jobscraper/__init__.py",
        # the same head as the checkout
        f"Place(city='Petah Tikva', country='IL', region='Center', remote=False) {head_revision()}\n",
    ]


def test_an_egg_with_a_dot_file_or_the_database_url_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", SECRET_URL)
    dotfile, leaky, clean = tmp_path / "dot.egg", tmp_path / "leaky.egg", tmp_path / "clean.egg"
    with zipfile.ZipFile(dotfile, "w") as archive:
        archive.writestr("jobscraper/.env", "X=1")
    with zipfile.ZipFile(leaky, "w") as archive:
        archive.writestr("jobscraper/local_settings.py", f"URL = {SECRET_URL!r}")
    with zipfile.ZipFile(clean, "w") as archive:
        archive.writestr("jobscraper/settings.py", "BOT_NAME = 'jobscraper'")
    with pytest.raises(DeployError, match=r"dot-file jobscraper/\.env"):
        check_no_secrets(dotfile)
    with pytest.raises(DeployError, match=r"DATABASE_URL value \(in jobscraper/local_settings\.py\)"):
        check_no_secrets(leaky)
    check_no_secrets(clean)


def test_deploy_targets_are_the_deploy_sections_of_scrapy_cfg(tmp_path):
    assert deploy_targets(PROJECT / "scrapy.cfg") == ["default"]
    config = tmp_path / "scrapy.cfg"
    config.write_text("[deploy:node1]\nurl = http://10.0.0.11:6800/\n\n[deploy:node2]\nurl = http://10.0.0.12:6800/\n"
                      "password = $SCRAPYD_PASSWORD\n", "utf-8")
    assert deploy_targets(config) == ["node1", "node2"]


# --- node settings from the environment -------------------------------------------------------


def test_politeness_knobs_come_from_the_node_environment():
    probe = ("import json; from scrapy.utils.project import get_project_settings as g; s = g(); "
             "print(json.dumps([s.getfloat('JOBSCRAPER_HOST_MIN_INTERVAL'), "
             "s.getint('CONCURRENT_REQUESTS_PER_DOMAIN'), s.getfloat('DOWNLOAD_DELAY'), "
             "s.getdict('JOBSCRAPER_HOST_MIN_INTERVALS'), s.getbool('AUTOTHROTTLE_ENABLED'), "
             "s.getint('CONCURRENT_REQUESTS')]))")
    base = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    tuned = subprocess.run([sys.executable, "-c", probe], cwd=PROJECT, capture_output=True, text=True, env={
        **base, "JOBSCRAPER_HOST_MIN_INTERVAL": "1.5", "CONCURRENT_REQUESTS_PER_DOMAIN": "2",
        "DOWNLOAD_DELAY": "0.75", "JOBSCRAPER_HOST_MIN_INTERVALS": '{"myworkdayjobs.com": 3}',
        "AUTOTHROTTLE_ENABLED": "false", "CONCURRENT_REQUESTS": "lots"})
    assert json.loads(tuned.stdout) == [1.5, 2, 0.75, {"myworkdayjobs.com": 3}, False, 16]
    assert tuned.stderr.strip() == ("warning: ignoring CONCURRENT_REQUESTS='lots' from the environment: "
                                    "not a non-negative int")


# --- crawlall --scrapyd: arguments ------------------------------------------------------------


def test_crawlall_scrapyd_arguments_are_checked_first(sqlite_url, run_scrapy, monkeypatch):
    monkeypatch.delenv("SCRAPYD_URLS", raising=False)
    no_wait = run_scrapy("crawlall", "--no-wait")
    assert no_wait.returncode == 2 and "--no-wait applies to scrapyd runs" in no_wait.stderr
    bad_url = run_scrapy("crawlall", env={"SCRAPYD_URLS": "http://ops:hunter2@h:6800#slots=0"})
    assert bad_url.returncode == 2 and "SCRAPYD_URLS: 'http://ops:***@h:6800#slots=0'" in bad_url.stderr
    assert "hunter2" not in bad_url.stderr + bad_url.stdout
    for result in (no_wait, bad_url):
        assert "Traceback" not in result.stderr


def test_the_daily_cron_line_crawls_on_scrapyd_when_scrapyd_urls_is_set(tmp_path):
    """The crontab line stays `scrapy crawlall`: crawlall reads SCRAPYD_URLS (from .env) itself."""
    (tmp_path / "scrapy.cfg").write_text("[settings]\ndefault = jobscraper.settings\n", "utf-8")
    closed = f"http://127.0.0.1:{free_port()}"
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    env |= {"PYTHONPATH": str(PROJECT), "SCRAPYD_URLS": closed, "JOBSCRAPER_CRAWL_ARGS": "--company wiz",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'jobscraper.sqlite3'}"}
    ran = subprocess.run([sys.executable, "-m", "jobscraper.ops.cron", "run", "--at", "* * * * *", "crawlall"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    log = (tmp_path / "logs" / "crawlall.log").read_text("utf-8")
    assert ran.returncode == 69, log[-2000:]
    assert f"error: scrapyd {closed} gets no jobs: unreachable" in log
    assert "Crawl summary" not in log  # nothing crawled in-process


# --- real scrapyd nodes -----------------------------------------------------------------------


NODE_CONFIG = """[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
poll_interval = 0.2
max_proc = 4
jobstorage = scrapyd.jobstorage.SqliteJobStorage
eggs_dir = eggs
dbs_dir = dbs
logs_dir = logs
"""


class ScrapydNode:
    """One scrapyd process in its own scratch folder, DATABASE_URL in its environment."""

    def __init__(self, folder: Path, database_url: str) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        folder.mkdir(parents=True)
        (folder / "scrapyd.conf").write_text(NODE_CONFIG.format(port=self.port), "utf-8")
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("PYTHONPATH", "SCRAPY_SETTINGS_MODULE", "SCRAPY_PROJECT", "SCRAPYD_URLS")}
        self.env |= {"DATABASE_URL": database_url, "JOBSCRAPER_DATA_DIR": str(folder / "data"),
                     "SCRAPYD_HTTP_PORT": str(self.port), "SCRAPYD_BIND_ADDRESS": "127.0.0.1"}
        # The one fixture server stands in for every careers host (see tests/demo.py).
        self.env |= {"JOBSCRAPER_HOST_MIN_INTERVAL": "0", "JOBSCRAPER_HOST_CONCURRENCY": "16"}
        self.process: subprocess.Popen | None = None

    def start(self) -> ScrapydNode:
        command = [str(SCRAPYD)] if SCRAPYD.exists() else [sys.executable, "-m", "scrapyd"]
        with (self.folder / "scrapyd.out").open("wb") as out:
            self.process = subprocess.Popen([*command, "--pidfile="], cwd=self.folder, env=self.env,
                                            stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"scrapyd exited: {(self.folder / 'scrapyd.out').read_text()[-2000:]}")
            try:
                if self.api("daemonstatus.json")["status"] == "ok":
                    return self
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"scrapyd on {self.url} did not answer within 30s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def api(self, endpoint: str) -> dict:
        with urllib.request.urlopen(f"{self.url}/{endpoint}", timeout=5) as answer:
            return json.loads(answer.read())

    def finished_spiders(self) -> list[str]:
        listing = self.api("listjobs.json")
        assert listing["pending"] == [] and listing["running"] == []
        return sorted(job["spider"] for job in listing["finished"])


@pytest.fixture
def cluster_database(postgres_url) -> str:
    """A fresh PostgreSQL database the nodes and crawlall share."""
    if postgres_url is None:
        if os.environ.get("CI") == "true":
            pytest.fail("no PostgreSQL found (install Debian's postgresql) and CI=true")
        pytest.skip("no PostgreSQL server binaries found (apt-get install postgresql)")
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(postgres_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def start_node(tmp_path):
    started: list[ScrapydNode] = []

    def start(name: str, database_url: str) -> ScrapydNode:
        node = ScrapydNode(tmp_path / "nodes" / name, database_url)
        started.append(node)
        return node.start()

    yield start
    for node in started:
        node.stop()


def deploy(tmp_path: Path, database_url: str, **nodes: ScrapydNode) -> subprocess.CompletedProcess[str]:
    """`python -m jobscraper.ops.deploy` (scrapyd-deploy per target) from a scratch project folder
    whose scrapy.cfg names the nodes."""
    folder = tmp_path / "deploy"
    folder.mkdir(exist_ok=True)
    (folder / "scrapy.cfg").write_text("".join(
        f"[deploy:{name}]\nurl = {node.url}/\nproject = jobscraper\n\n" for name, node in nodes.items()), "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    env |= {"PYTHONPATH": str(PROJECT), "DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "jobscraper.ops.deploy"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=180)


def sessions_per_company(url: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for row in rows(url, """SELECT c.slug, s.status FROM scraping_sessions s
                            JOIN companies c ON c.id = s.company_id ORDER BY s.id"""):
        found.setdefault(row["slug"], []).append(row["status"])
    return found


def stored_postings(url: str) -> set[tuple]:
    return {(r["slug"], r["external_id"], r["content_hash"], bool(r["is_active"]), r["city"], r["country"])
            for r in rows(url, """SELECT c.slug, p.external_id, p.content_hash, p.is_active, p.city, p.country
                                  FROM job_positions p JOIN companies c ON c.id = p.company_id""")}


def group_spiders() -> list[str]:
    """The spider each scrapyd job is scheduled as: the first company of each platform."""
    return sorted(group.spider for group in crawl_groups(PLATFORMS))


@pytest.mark.slow
def test_crawlall_on_two_scrapyd_nodes_matches_a_local_crawl(tmp_path, server, run_scrapy, start_node,
                                                           cluster_database):
    server.load_sites()
    base_url = f"base_url={server.base_url}"
    local_url = f"sqlite:///{tmp_path / 'local.sqlite3'}"
    local = run_scrapy("crawlall", "-a", base_url, *LOCAL_SERVER_POLITENESS, "--loglevel", "WARNING",
                       env={"DATABASE_URL": local_url, "JOBSCRAPER_DATA_DIR": str(tmp_path / "data")},
                       timeout=600)
    assert local.returncode == 0, local.stderr[-3000:]

    node1, node2 = start_node("node1", cluster_database), start_node("node2", cluster_database)
    not_importable = subprocess.run([sys.executable, "-c", "import jobscraper"], cwd=node1.folder,
                                    env=node1.env, capture_output=True)
    assert not_importable.returncode != 0, "the node must run the egg, not the checkout"
    deployed = deploy(tmp_path, cluster_database, node1=node1, node2=node2)
    assert deployed.returncode == 0, deployed.stderr
    assert "node1: deployed jobscraper" in deployed.stdout and "node2: deployed jobscraper" in deployed.stdout

    result = run_scrapy("crawlall", "--scrapyd", f"{node1.url},{node2.url}", "--poll", "0.3", "--summary", "full",
                        "-a", base_url, "--loglevel", "WARNING", env={"DATABASE_URL": cluster_database},
                        timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    jobs = len(group_spiders())
    assert f"[{jobs}/{jobs}]" in result.stderr
    assert f"scheduled on {node1.url}" in result.stderr and f"scheduled on {node2.url}" in result.stderr
    total = next(line for line in result.stdout.splitlines() if "│ total" in line)
    assert f"{len(PLATFORMS)}/{len(PLATFORMS)} ok" in total

    # One job per platform, spread over both nodes; each company's session exactly once.
    ran = [node1.finished_spiders(), node2.finished_spiders()]
    assert all(ran) and sorted(ran[0] + ran[1]) == group_spiders()
    assert sessions_per_company(cluster_database) == {name: ["completed"] for name in PLATFORMS}
    # The same postings as the local crawl, Israeli locations classified from the egg's data.
    on_nodes = stored_postings(cluster_database)
    assert on_nodes == stored_postings(local_url)
    assert {(city, country) for *_, city, country in on_nodes} >= {("Tel Aviv", "IL"), ("Haifa", "IL")}


@pytest.mark.slow
def test_companies_of_a_down_or_refusing_node_run_on_the_other(tmp_path, server, run_scrapy, start_node,
                                                             cluster_database):
    server.load_sites()
    up, down = start_node("up", cluster_database), start_node("down", cluster_database)
    deployed = deploy(tmp_path, cluster_database, up=up, down=down)
    assert deployed.returncode == 0, deployed.stderr
    bare = start_node("bare", cluster_database)  # answers, but the project was never deployed there
    down.stop()

    chosen = ["wiz", "jfrog", "intel", "paypal", "apple", "amazon"]  # four jobs: two platform groups, two alone
    result = run_scrapy("crawlall", "--scrapyd", f"{up.url},{down.url},{bare.url}", "--poll", "0.3",
                        *(arg for company in chosen for arg in ("--company", company)),
                        "-a", f"base_url={server.base_url}", "--loglevel", "WARNING",
                        env={"DATABASE_URL": cluster_database})
    assert result.returncode == 69, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert f"error: scrapyd {down.url} gets no jobs: unreachable: [Errno 111] Connection refused" in errors
    assert any(line.startswith(f"error: scrapyd {bare.url} gets no more jobs: schedule.json refused: "
                               "project 'jobscraper' not found") and "make deploy" in line for line in errors)
    assert errors[-1].startswith("error: scrapyd node(s) unreachable or refusing jobs: ")
    assert down.url in errors[-1] and bare.url in errors[-1] and up.url not in errors[-1]
    assert f"scheduled on {up.url}: 4 job(s), 6 companies" in result.stderr
    total = next(line for line in result.stdout.splitlines() if "│ total" in line)
    assert "6/6 ok" in total

    assert up.finished_spiders() == ["amazon", "apple", "intel", "jfrog"] and bare.finished_spiders() == []
    assert sessions_per_company(cluster_database) == {name: ["completed"] for name in chosen}


class _Recorder(BaseHTTPRequestHandler):
    """Answers /daemonstatus.json; ``redirect_to`` sends it elsewhere first. Records each request."""

    seen: list[tuple[str, str, str | None]]
    redirect_to: str | None = None

    def do_GET(self) -> None:  # noqa: N802 - http.server's hook
        self.seen.append((self.headers["Host"], self.path, self.headers.get("Authorization")))
        if self.redirect_to and self.path.startswith("/daemonstatus.json"):
            self.send_response(302)
            self.send_header("Location", self.redirect_to)
            self.end_headers()
            return
        body = b'{"status": "ok", "running": 0, "pending": 0, "finished": 0}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@contextmanager
def recorder(host: str, redirect_to: str | None = None):
    handler = type("Handler", (_Recorder,), {"seen": [], "redirect_to": redirect_to})
    httpd = ThreadingHTTPServer((host, 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1], handler.seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_scrapyd_credentials_are_never_sent_to_the_host_a_node_redirects_to():
    with recorder("127.0.0.2") as (other_port, elsewhere):
        target = f"http://127.0.0.2:{other_port}/stolen.json"
        with recorder("127.0.0.1", redirect_to=target) as (port, at_node):
            [node] = scrapyd.parse_nodes(f"http://admin:s3cret@127.0.0.1:{port}", 4)
            assert scrapyd.call(node, "daemonstatus.json")["status"] == "ok"
    assert at_node[0][2] and at_node[0][2].startswith("Basic ")
    assert elsewhere == [(f"127.0.0.2:{other_port}", "/stolen.json", None)]


def test_a_redirect_within_the_node_keeps_its_credentials():
    with recorder("127.0.0.1", redirect_to="/listjobs.json") as (port, seen):
        [node] = scrapyd.parse_nodes(f"http://admin:s3cret@127.0.0.1:{port}", 4)
        scrapyd.call(node, "daemonstatus.json")
    assert [path for _, path, _ in seen] == ["/daemonstatus.json", "/listjobs.json"]
    assert seen[0][2] == seen[1][2] and seen[1][2].startswith("Basic ")


def test_the_egg_check_refuses_every_env_file_value_smtp_and_scrapyd_secret_and_stray_yaml(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("export WEBHOOK_TOKEN='T0ken-from-dotenv'\nSMTP_PORT=587\nSMTP_SECURITY=starttls\n")
    environ = {"SMTP_PASSWORD": "smtp-Pa55word", "SCRAPYD_URLS": "http://admin:node-Pa55@10.0.0.11:6800#slots=8,http://10.0.0.12:6800"}

    def egg(name: str, files: dict[str, str]) -> Path:
        path = tmp_path / f"{name}.egg"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("jobscraper/settings.py", "BOT_NAME = 'jobscraper'  # SMTP_SECURITY starttls, port 587")
            for file_name, content in files.items():
                archive.writestr(file_name, content)
        return path

    cases = {
        "T0ken-from-dotenv": ("jobscraper/hooks.py", "WEBHOOK_TOKEN from .env"),
        "smtp-Pa55word": ("jobscraper/mail_local.py", "SMTP_PASSWORD from the environment"),
        "http://admin:node-Pa55@10.0.0.11:6800": ("jobscraper/nodes.py", "SCRAPYD_URLS from the environment"),
    }
    for secret, (file_name, origin) in cases.items():
        with pytest.raises(DeployError, match=re.escape(f"value of {origin} (in {file_name})")):
            check_no_secrets(egg(secret[:5], {file_name: f"X = {secret!r}"}), environ, env_file)
    with pytest.raises(DeployError, match=r"jobscraper/alerts\.yaml, a YAML file the package does not declare"):
        check_no_secrets(egg("yaml", {"jobscraper/alerts.yaml": "alerts: []\n"}), environ, env_file)
    check_no_secrets(egg("clean", {"jobscraper/data/locations.json": "{}"}), environ, env_file)
