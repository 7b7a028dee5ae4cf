"""The state store's run history (health figures of each site's runs), on SQLite and on a real Redis."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crawler.state import open_store

pytest_plugins = ["conftest_redis"]


@pytest.fixture(params=["sqlite", "redis"])
def any_uri(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state.sqlite3'}"
    return str(request.getfixturevalue("redis_uri"))


def _run(finished: float, found: int, run_id: str = "") -> dict[str, Any]:
    return {"finished": finished, "found": found, "runId": run_id or f"r{finished}", "problems": []}


def test_runs_newest_first_per_site_and_survive_reopen(any_uri: str) -> None:
    with open_store(any_uri) as store:
        assert store.site_runs("jpost") == []
        assert store.run_sites() == []
        store.add_site_run("jpost", _run(200.0, 9))
        store.add_site_run("jpost", _run(100.0, 12))  # recorded late: still ordered by its time
        store.add_site_run("jpost", _run(300.0, 3))
        store.add_site_run("haaretz", _run(150.0, 10, "h"))
    with open_store(any_uri) as store:
        assert [r["found"] for r in store.site_runs("jpost")] == [3, 9, 12]
        assert [r["finished"] for r in store.site_runs("jpost", limit=2)] == [300.0, 200.0]
        assert store.site_runs("jpost", limit=0) == []
        assert store.site_runs("haaretz") == [_run(150.0, 10, "h")]
        assert store.run_sites() == ["haaretz", "jpost"]


def test_only_the_newest_runs_are_kept(any_uri: str) -> None:
    with open_store(any_uri) as store:
        for i in range(7):
            store.add_site_run("s", _run(float(i), i), keep=3)
        assert [r["found"] for r in store.site_runs("s", limit=10)] == [6, 5, 4]
        store.add_site_run("other", _run(1.0, 1), keep=3)
        assert len(store.site_runs("s", limit=10)) == 3


def test_site_names_are_data_not_syntax(any_uri: str) -> None:
    """Site names with spaces, quotes, colons or SQL/Lua metacharacters are kept apart."""
    names = ["a b", "x'; DROP TABLE site_runs; --", "c:d", "é/ü", "%s"]
    with open_store(any_uri) as store:
        for n, name in enumerate(names):
            store.add_site_run(name, _run(float(n), n))
        assert store.run_sites() == sorted(names)
        for n, name in enumerate(names):
            assert [r["found"] for r in store.site_runs(name)] == [n]
