"""Packaging for scrapyd: build the project egg and upload it with scrapyd-deploy.

``python -m jobscraper.ops.deploy`` (``make deploy``) builds ``build/eggs/jobscraper-<version>.egg``
with setuptools, in code (the checkout has no setup.py), and uploads it with scrapyd-client's
``scrapyd-deploy --egg`` to every ``[deploy]`` / ``[deploy:NAME]`` target of the closest
``scrapy.cfg`` (``-a``, the default) or to the named ones. One upload per target, so a node that
refuses the egg is reported and makes the exit code 1.

The egg holds the ``jobscraper`` packages, every non-Python file under ``jobscraper/`` (the
location dictionary, the migration template; read through ``importlib.resources``, so they work
from the zipped egg) and the ``scrapy`` settings entry point scrapyd needs. It holds no secrets:
dot-files are never packed, and the build refuses an egg that contains a value set by ``.env``
or by this environment's ``DATABASE_URL``, ``SCRAPYD_URLS`` or ``SMTP_*``, or a YAML file it does
not declare (``DECLARED_YAML``). A node reads ``DATABASE_URL`` and the politeness knobs from its own
environment (see the end of ``jobscraper/settings.py``).

The version is the Unix time of the build (what scrapyd-deploy itself defaults to), so the latest
upload is the one scrapyd runs; ``-v`` chooses another.
"""

from __future__ import annotations

import argparse
import configparser
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

from jobscraper.ops.console import console

say = console(__name__)
PROJECT_NAME = "jobscraper"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
CHECKOUT = PACKAGE_DIR.parent
BUILD_DIR = CHECKOUT / "build"
SETTINGS_MODULE = "jobscraper.settings"
SKIPPED_DIRS = ("__pycache__",)
SKIPPED_SUFFIXES = (".py", ".pyc", ".pyo")
KEEP_EGGS = 5


class DeployError(Exception):
    """A build or deploy problem, reported in one line."""


def package_data() -> dict[str, list[str]]:
    """Every non-Python file under ``jobscraper/`` (no dot-files), relative to the package."""
    found = []
    for path in sorted(PACKAGE_DIR.rglob("*")):
        relative = path.relative_to(PACKAGE_DIR)
        if not path.is_file() or path.suffix in SKIPPED_SUFFIXES:
            continue
        if any(part.startswith(".") or part in SKIPPED_DIRS for part in relative.parts):
            continue
        found.append(relative.as_posix())
    return {PROJECT_NAME: found}


def packages() -> list[str]:
    """``jobscraper`` and every sub-package (folders holding Python modules)."""
    names = []
    for init in sorted(PACKAGE_DIR.rglob("*.py")):
        folder = init.parent
        relative = folder.relative_to(CHECKOUT)
        if any(part.startswith(".") or part in SKIPPED_DIRS for part in relative.parts):
            continue
        name = ".".join(relative.parts)
        if name not in names:
            names.append(name)
    return names


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def build_egg(version: str, dist_dir: Path | None = None) -> Path:
    """Build the project egg for ``version``; returns its path."""
    from setuptools import setup  # only needed for building

    dist_dir = (dist_dir or BUILD_DIR / "eggs").resolve()
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    output = io.StringIO()
    quiet = contextlib.ExitStack()
    quiet.enter_context(contextlib.redirect_stdout(output))
    quiet.enter_context(contextlib.redirect_stderr(output))
    quiet.enter_context(warnings.catch_warnings())
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory(prefix="setuptools-", dir=BUILD_DIR) as tmp, _inside(CHECKOUT), quiet:
        work = Path(tmp)
        try:
            setup(
                name=PROJECT_NAME,
                version=version,
                description="jobscraper spiders for scrapyd",
                packages=packages(),
                package_data=package_data(),
                include_package_data=False,
                entry_points={"scrapy": [f"settings = {SETTINGS_MODULE}"]},
                zip_safe=True,
                script_args=[
                    "--quiet",
                    "egg_info", "--egg-base", str(work),
                    "build", "--build-base", str(work / "build"),
                    "bdist_egg", "--bdist-dir", str(work / "bdist"), "--dist-dir", str(dist_dir),
                ],
            )
        except SystemExit as exc:  # distutils reports errors by exiting
            detail = " ".join(output.getvalue().strip().splitlines()[-1:])
            raise DeployError(f"building the egg failed: {exc} {detail}".strip()) from None
    built = sorted(dist_dir.glob(f"{PROJECT_NAME}-{version}-*.egg"))
    if not built:
        raise DeployError(f"building the egg left no {PROJECT_NAME}-{version}-*.egg in {dist_dir}")
    check_no_secrets(built[-1])
    _prune(dist_dir, keep=built[-1])
    return built[-1]


def _prune(dist_dir: Path, keep: Path, count: int = KEEP_EGGS) -> None:
    """Keep only the newest few eggs in the build folder."""
    eggs = sorted(dist_dir.glob(f"{PROJECT_NAME}-*.egg"), key=lambda egg: egg.stat().st_mtime, reverse=True)
    for old in eggs[count:]:
        if old != keep:
            old.unlink(missing_ok=True)


# YAML files the package itself reads; any other (an ``alerts export`` left in the tree holds
# e-mail addresses and webhook URLs) is refused.
DECLARED_YAML: tuple[str, ...] = ()
SECRET_VARIABLES = ("DATABASE_URL", "SCRAPYD_URLS")
# Values too common to be secrets: a port, a mode, a flag.
_NOT_SECRET = {"starttls", "ssl", "none", "true", "false", "yes", "no", "on", "off"}


def secret_values(environ: dict[str, str] | None = None, env_file: Path | None = None) -> dict[str, str]:
    """value -> where it comes from: every value ``.env`` sets, ``DATABASE_URL``, ``SCRAPYD_URLS``
    (and each of its URLs) and every ``SMTP_*`` variable of this environment."""
    from jobscraper.envfile import EnvFileError, read_env_file

    environ = dict(os.environ if environ is None else environ)
    found: dict[str, str] = {}
    named = {name: value for name, value in environ.items()
             if name in SECRET_VARIABLES or name.startswith("SMTP_")}
    try:
        from_file = read_env_file(env_file or CHECKOUT / ".env")
    except EnvFileError as exc:
        raise DeployError(f"cannot check the egg against .env: {exc}") from None
    for origin, variables in (("the environment", named), (".env", from_file)):
        for name, value in variables.items():
            parts = [value, *(value.split(",") if name == "SCRAPYD_URLS" else ())]
            for part in (p.strip().split("#")[0] if name == "SCRAPYD_URLS" else p.strip() for p in parts):
                if len(part) >= 4 and not part.isdigit() and part.lower() not in _NOT_SECRET:
                    found.setdefault(part, f"{name} from {origin}")
    return found


def check_no_secrets(egg: Path, environ: dict[str, str] | None = None, env_file: Path | None = None) -> None:
    """Refuse an egg holding a dot-file (``.env``), a YAML file the package does not declare, or
    any value of ``.env``, ``DATABASE_URL``, ``SCRAPYD_URLS`` or ``SMTP_*``."""
    secrets = secret_values(environ, env_file)
    with zipfile.ZipFile(egg) as archive:
        for name in archive.namelist():
            if any(part.startswith(".") for part in name.split("/")):
                raise DeployError(f"the egg would carry the dot-file {name}; remove it from jobscraper/")
            if name.endswith((".yaml", ".yml")) and name.removeprefix(f"{PROJECT_NAME}/") not in DECLARED_YAML:
                raise DeployError(f"the egg would carry {name}, a YAML file the package does not declare; "
                                  "move it out of jobscraper/")
            content = archive.read(name)
            for value, origin in secrets.items():
                if value.encode() in content:
                    label = "DATABASE_URL value" if origin.startswith("DATABASE_URL") else f"value of {origin}"
                    raise DeployError(f"the egg would carry the {label} (in {name}); remove it")


def deploy_targets(config: Path | None = None) -> list[str]:
    """The scrapyd-deploy targets of a scrapy.cfg: ``default`` for ``[deploy]``, NAME for ``[deploy:NAME]``."""
    path = config or _closest_scrapy_cfg()
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path)
    targets = []
    if parser.has_section("deploy") and parser.has_option("deploy", "url"):
        targets.append("default")
    targets += [section.split(":", 1)[1] for section in parser.sections() if section.startswith("deploy:")]
    return targets


def _closest_scrapy_cfg() -> Path:
    folder = Path.cwd().resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / "scrapy.cfg").is_file():
            return candidate / "scrapy.cfg"
    raise DeployError("no scrapy.cfg here or above: run from the project (or a folder with a scrapy.cfg)")


def upload(egg: Path, target: str, version: str) -> bool:
    """Upload the egg to one target with scrapyd-deploy; True when the node accepted it."""
    command = [sys.executable, "-m", "scrapyd_client.deploy", target, "-p", PROJECT_NAME,
               "--egg", str(egg), "-v", version]
    env = {key: value for key, value in os.environ.items() if key != "SCRAPY_SETTINGS_MODULE"}
    try:
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    except subprocess.TimeoutExpired:
        say.error(f"error: {target}: scrapyd-deploy did not finish within 10 minutes")
        return False
    answer = _answer(result.stdout)
    if result.returncode == 0 and answer.get("status") == "ok":
        say.info(f"{target}: deployed {PROJECT_NAME} version {version} "
              f"({answer.get('spiders', '?')} spiders on node {answer.get('node_name', '?')})")
        return True
    if answer.get("message"):
        # scrapyd lists the spiders by running the egg: a node missing a dependency says so here.
        lines = [line.strip() for line in str(answer["message"]).strip().splitlines() if line.strip()]
        problem = f"the node refused the egg: {lines[-1] if lines else 'no reason given'}"
        if "ModuleNotFoundError" in problem or "ImportError" in problem:
            problem += " (install requirements.txt in the node's scrapyd virtualenv)"
    else:
        output = (result.stderr.strip() or result.stdout.strip() or "no answer").splitlines()
        problem = output[-1]
        if "Connection refused" in problem or "Failed to establish a new connection" in problem:
            problem = ("no scrapyd answers there (connection refused): start one with `make scrapyd` "
                       "in another terminal, or fix the target's url in scrapy.cfg")
    say.error(f"error: {target}: deploy failed: {problem}")
    return False


def _answer(stdout: str) -> dict:
    """scrapyd's JSON answer as scrapyd-deploy printed it (its last JSON line), or {}."""
    for line in reversed(stdout.strip().splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        return value if isinstance(value, dict) else {}
    return {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobscraper.ops.deploy", description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", metavar="TARGET",
                        help="scrapy.cfg deploy targets (default: every target, like scrapyd-deploy -a)")
    parser.add_argument("-a", "--all", action="store_true", help="every target of scrapy.cfg (the default)")
    parser.add_argument("-v", "--version", help="the version to deploy (default: the Unix time now)")
    parser.add_argument("--build-egg", metavar="FILE", type=Path,
                        help="only build the egg and copy it to FILE; deploy nothing")
    opts = parser.parse_args(argv)
    version = opts.version or str(int(time.time()))
    try:
        targets = [] if opts.build_egg else (deploy_targets() if opts.all or not opts.targets else opts.targets)
        if not opts.build_egg and not targets:
            raise DeployError("scrapy.cfg names no [deploy] target; add one (see the commented example)")
        if opts.build_egg:
            with tempfile.TemporaryDirectory(prefix="jobscraper-egg-") as tmp:
                egg = build_egg(version, Path(tmp))
                opts.build_egg.parent.mkdir(parents=True, exist_ok=True)
                opts.build_egg.write_bytes(egg.read_bytes())
            say.info(f"built {opts.build_egg} (version {version})")
            return 0
        egg = build_egg(version)
    except DeployError as exc:
        say.error(f"error: {exc}")
        return 1
    say.info(f"built {egg.relative_to(CHECKOUT) if egg.is_relative_to(CHECKOUT) else egg}")
    failed = [target for target in targets if not upload(egg, target, version)]
    if failed:
        say.error(f"error: not deployed to {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    from jobscraper.commands.closedpipe import install as quiet_on_closed_pipe

    quiet_on_closed_pipe()
    sys.exit(main())
