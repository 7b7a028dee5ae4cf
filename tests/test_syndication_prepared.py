"""A text sample made by the extraction (crawler/syndication/prepared.py): taken only when it is
of the record's text and made with the stage's settings, and then the same as the stage's own."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.extraction_runner import _with_sample
from crawler.state import open_store
from crawler.syndication.clusters import assign, record_sample
from crawler.syndication.config import DedupConfig
from crawler.syndication.prepared import SAMPLE_KEY, prepare, sample_params, take, text_sample
from crawler.syndication.sketch import record_text
from tests.helpers import paragraphs

CFG = DedupConfig.from_settings()
PARAMS = sample_params(CFG)


def record(body: str | None, **extra: Any) -> dict[str, Any]:
    return {"url": "http://news.example/a.html", "site": "news", "siteKind": "news", "headline": "Harbour festival",
            "articleBody": body, "datePublished": "2024-05-04", **extra}


BODY = " ".join(paragraphs(7, n=4))

CASES: list[tuple[str, dict[str, Any], bool]] = [
    # (case, the record the stage reads (its sample prepared from BODY's record), taken)
    ("same text", record(BODY), True),
    ("another body", record(BODY + " One more sentence."), False),
    ("body dropped: the description is the text", record(None, description="A short summary of it."), False),
    ("text in a script the words split apart", record("東京のニュース " * 40), False),
]


@pytest.mark.parametrize(("case", "seen", "taken"), CASES, ids=[c[0] for c in CASES])
def test_a_sample_is_taken_only_for_the_text_it_was_made_of(case: str, seen: dict[str, Any], taken: bool) -> None:
    seen = {**seen, SAMPLE_KEY: prepare(record(BODY), PARAMS)}
    assert (take(seen, PARAMS) is not None) == taken
    # taken or not, the sketch is the one of the text the stage reads
    assert record_sample(seen, CFG) == text_sample(record_text(seen), PARAMS)


@pytest.mark.parametrize("params", [[PARAMS[0] + 1, *PARAMS[1:]], [PARAMS[0], PARAMS[1] * 2, PARAMS[2]],
                                    [*PARAMS[:2], PARAMS[2] + 8]])
def test_a_sample_made_with_other_settings_is_not_taken(params: list[int]) -> None:
    made = {**record(BODY), SAMPLE_KEY: prepare(record(BODY), params)}
    assert take(made, PARAMS) is None
    assert record_sample(made, CFG) == text_sample(BODY, PARAMS)


@pytest.mark.parametrize("bad", [None, "sample", {"text": "0" * 32, "params": PARAMS, "sketch": "{}"},
                                 {"params": PARAMS}, {"text": None, "params": PARAMS, "sketch": None}])
def test_a_broken_sample_is_not_taken(bad: Any) -> None:
    assert take({**record(BODY), SAMPLE_KEY: bad}, PARAMS) is None


def test_a_record_indexed_with_its_sample_is_stored_as_without_it(tmp_path: Any) -> None:
    """The same state, byte for byte, whether the stage made the sketch or took it."""
    sketches = []
    for name, rec in (("own", record(BODY)), ("taken", {**record(BODY), SAMPLE_KEY: prepare(record(BODY), PARAMS)})):
        store = open_store(f"sqlite:///{tmp_path / name}.db")
        try:
            field = assign(store, rec, CFG)
            stored = store.get_article(rec["url"])
            assert stored is not None
            sketches.append((field["role"], stored.sketch, stored.index_hashes))
        finally:
            store.close()
    assert sketches[0] == sketches[1]


def test_a_worker_adds_the_sample_and_never_loses_the_fields_to_it() -> None:
    fields = record(BODY)
    assert _with_sample(dict(fields), PARAMS)[SAMPLE_KEY] == prepare(fields, PARAMS)
    assert _with_sample(dict(fields), None) == fields  # no syndication stage: no sample
    assert _with_sample(dict(fields), PARAMS[:2]) == fields  # a sample that cannot be made: the fields as they are
