"""The project under a real Scrapyd: deploy with scrapyd-deploy, schedule both spiders, read the items.

Scrapyd runs as a subprocess on a free 127.0.0.1 port with every directory under ``tmp_path``.
The project is deployed from a temporary copy of the checkout (``scrapyd-deploy`` runs
``setup.py clean -a`` and writes ``build/`` and ``*.egg-info`` next to ``setup.py``, which must
not happen in a shared checkout), using the checkout's own ``scrapy.cfg`` plus a ``[deploy:test]``
target for the test's port.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from crawler.items import RECORD_FIELDS
from crawler.sampleweb import SampleWeb
from tests.helpers import REPO, read_jsonl

pytest.importorskip("scrapyd", reason="scrapyd is in the 'test' extra: pip install -e '.[test]'")
pytest.importorskip("scrapyd_client", reason="scrapyd-client is in the 'test' extra: pip install -e '.[test]'")

PROJECT = "crawler"  # the [deploy] project in scrapy.cfg
SPIDERS = ("news", "aggregator")
JOBS_TIMEOUT = 120.0
START_TIMEOUT = 30.0


@dataclass
class Scrapyd:
    url: str
    root: Path
    proc: subprocess.Popen[bytes]
    output: Path

    @property
    def eggs_dir(self) -> Path:
        return self.root / "eggs"

    @property
    def items_dir(self) -> Path:
        return self.root / "items"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    def get(self, path: str, **params: str) -> dict[str, Any]:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        with urllib.request.urlopen(f"{self.url}/{path}{query}", timeout=10) as resp:
            return json.loads(resp.read())

    def post(self, path: str, data: list[tuple[str, str]]) -> dict[str, Any]:
        body = urllib.parse.urlencode(data).encode()
        with urllib.request.urlopen(f"{self.url}/{path}", data=body, timeout=60) as resp:
            return json.loads(resp.read())

    def log(self) -> str:
        return self.output.read_text(encoding="utf-8", errors="replace")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict[str, str]:
    """The environment for Scrapyd and scrapyd-deploy: the project must come from the egg.

    Without SCRAPY_SETTINGS_MODULE the runner takes the settings module from the egg's
    ``scrapy`` entry point; the checkout is dropped from PYTHONPATH so it cannot shadow the egg.
    """
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    for name in ("SCRAPY_SETTINGS_MODULE", "SCRAPY_PROJECT", "SCRAPYD_EGG_VERSION"):
        env.pop(name, None)
    if "PYTHONPATH" in env:
        kept = [p for p in env["PYTHONPATH"].split(os.pathsep) if p and Path(p).resolve() != REPO]
        env["PYTHONPATH"] = os.pathsep.join(kept)
    return env


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop Scrapyd and everything it started (jobs and their extraction workers share its group)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        except ProcessLookupError:
            return
    try:  # jobs still running after Scrapyd went away
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=10)


def _start(root: Path) -> Scrapyd:
    port = _free_port()
    (root / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"eggs_dir = {root / 'eggs'}\n"
        f"logs_dir = {root / 'logs'}\n"
        f"items_dir = {root / 'items'}\n"
        f"dbs_dir = {root / 'dbs'}\n"
        "max_proc = 2\n"
        "poll_interval = 0.2\n",
        encoding="utf-8",
    )
    output = root / "scrapyd.out"
    with output.open("wb") as out:
        # Scrapyd reads ./scrapyd.conf: run it in root. Its own session, so teardown can stop the jobs too.
        proc = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=root, env=_env(), stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    server = Scrapyd(f"http://127.0.0.1:{port}", root, proc, output)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            if server.get("daemonstatus.json")["status"] == "ok":
                return server
        except OSError:
            time.sleep(0.1)
    _stop(proc)
    raise RuntimeError(f"Scrapyd did not start on port {port}:\n{server.log()[-3000:]}")


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[Scrapyd]:
    root = tmp_path / "scrapyd"
    root.mkdir()
    for attempt in range(3):  # the free port may be taken between probing and binding
        try:
            server = _start(root)
            break
        except RuntimeError:
            if attempt == 2:
                raise
    try:
        yield server
    finally:
        _stop(server.proc)


def _project_copy(dest: Path, deploy_url: str) -> Path:
    """The files ``scrapyd-deploy`` builds the egg from, with a ``[deploy:test]`` target added."""
    dest.mkdir()
    for name in ("setup.py", "README.md", "pyproject.toml", "MANIFEST.in", "scrapy.cfg"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, dest / name)
    shutil.copytree(REPO / "crawler", dest / "crawler", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    with (dest / "scrapy.cfg").open("a", encoding="utf-8") as fh:
        # inherits `project` from the checkout's [deploy] section
        fh.write(f"\n[deploy:test]\nurl = {deploy_url}\n")
    return dest


def _deploy(project_dir: Path) -> dict[str, Any]:
    """``scrapyd-deploy test`` in ``project_dir``; returns Scrapyd's answer to addversion.json."""
    proc = subprocess.run([sys.executable, "-m", "scrapyd_client.deploy", "test", "-v", "r1"], cwd=project_dir,
                          env=_env(), capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _wait_for(server: Scrapyd, jobs: dict[str, str]) -> dict[str, dict[str, Any]]:
    deadline = time.monotonic() + JOBS_TIMEOUT
    while True:
        listing = server.get("listjobs.json", project=PROJECT)
        finished = {j["id"]: j for j in listing["finished"] if j["id"] in jobs.values()}
        if len(finished) == len(jobs):
            return finished
        assert server.proc.poll() is None, f"Scrapyd exited:\n{server.log()[-3000:]}"
        if time.monotonic() > deadline:
            pytest.fail(f"jobs not finished after {JOBS_TIMEOUT:.0f} s: {listing}\n{server.log()[-3000:]}")
        time.sleep(0.5)


def test_deploy_schedule_and_items(scrapyd: Scrapyd, sample_web: SampleWeb, sites_file: Path,
                                   tmp_path: Path) -> None:
    # deploy exactly as the README says, to the test's Scrapyd
    deployed = _deploy(_project_copy(tmp_path / "project", scrapyd.url))
    assert deployed["status"] == "ok" and deployed["project"] == PROJECT, deployed
    assert deployed["spiders"] == len(SPIDERS), deployed
    assert sorted(scrapyd.get("listspiders.json", project=PROJECT)["spiders"]) == sorted(SPIDERS)

    # the stored egg carries the package data and the entry point Scrapyd runs the project by
    eggs = list((scrapyd.eggs_dir / PROJECT).glob("*.egg"))
    assert len(eggs) == 1, eggs
    with zipfile.ZipFile(eggs[0]) as egg:
        names = set(egg.namelist())
        entry_points = egg.read("EGG-INFO/entry_points.txt").decode()
    package_data = [p for d in ("crawler/schema", "crawler/sampleweb/data") for p in (REPO / d).rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts]
    assert any(p.suffix == ".json" for p in package_data) and any("sampleweb" in p.parts for p in package_data)
    missing = sorted(str(p.relative_to(REPO)) for p in package_data if p.relative_to(REPO).as_posix() not in names)
    assert missing == [], f"package data missing from the egg: {missing}"
    assert "settings = crawler.settings" in entry_points

    # both spiders, one shared state store
    state_uri = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    jobs = {}
    for spider in SPIDERS:
        answer = scrapyd.post("schedule.json", [("project", PROJECT), ("spider", spider),
                                                ("sites", str(sites_file)), ("setting", f"STATE_URI={state_uri}")])
        assert answer["status"] == "ok", answer
        jobs[spider] = answer["jobid"]
    finished = _wait_for(scrapyd, jobs)
    assert "Process died" not in scrapyd.log(), scrapyd.log()[-3000:]
    assert (tmp_path / "state.sqlite3").is_file()

    validator = jsonschema.Draft202012Validator(
        json.loads(resources.files("crawler").joinpath("schema/article.schema.json").read_text(encoding="utf-8")))
    for spider, job in jobs.items():
        log = (scrapyd.logs_dir / PROJECT / spider / f"{job}.log").read_text(encoding="utf-8")
        assert "'finish_reason': 'finished'" in log, log[-3000:]
        assert "Traceback" not in log, log[-3000:]
        assert finished[job]["items_url"] == f"/items/{PROJECT}/{spider}/{job}.jl"
        items = scrapyd.items_dir / PROJECT / spider / f"{job}.jl"
        records = read_jsonl(items)  # every line parses
        expected = {a["url"] for a in sample_web.manifest["articles"] if a["siteKind"] == spider}
        urls = [r["url"] for r in records]
        assert len(urls) == len(set(urls)), f"{spider}: duplicate records"
        assert set(urls) == expected, spider
        for record in records:
            assert list(record) == list(RECORD_FIELDS), record["url"]
            assert record["siteKind"] == spider
            errors = [e.message for e in validator.iter_errors(record)]
            assert errors == [], (record["url"], errors)
