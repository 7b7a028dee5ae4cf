"""Syndication clusters on a real SQLite store: copies, excerpts, edits, order, hard negatives."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from crawler.state import StateStore, open_store
from crawler.state.base import StoredArticle
from crawler.syndication import DedupConfig, assign, elect_original, evaluate, new_cluster_id
from tests.helpers import paragraphs, rec

# the seed text as bundled with the sample web (a copy of ../shared/seeds/000_aa87f1e3245c7cf3.txt)
SEED = Path(__file__).resolve().parents[1] / "crawler/sampleweb/data/seed_000_aa87f1e3245c7cf3.txt"

@pytest.fixture
def uri(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'state.sqlite3'}"


@pytest.fixture
def store(uri: str) -> StateStore:
    s = open_store(uri)
    yield s  # type: ignore[misc]
    s.close()


ORIG = rec("https://news.example/2024/05/01/story", "\n".join(paragraphs(1)), date="2024-05-01T08:00:00Z")


def test_unique_then_full_copy(store: StateStore) -> None:
    first = assign(store, ORIG)
    assert first["role"] == "unique" and first["duplicateOf"] is None and first["containment"] is None
    copy = rec("https://agg.example/p/1", ORIG["articleBody"] + "\nRead More\nPost a Comment", kind="aggregator",
               date="2024-05-01T09:00:00Z")
    syn = assign(store, copy)
    assert syn == {"clusterId": first["clusterId"], "role": "copy", "duplicateOf": ORIG["url"],
                   "containment": pytest.approx(1.0, abs=0.1)}
    assert evaluate(store, ORIG)["role"] == "original"
    assert evaluate(store, copy) == syn


def test_excerpt_of_two_paragraphs(store: StateStore) -> None:
    assign(store, ORIG)
    excerpt = rec("https://agg.example/p/2", "\n".join(paragraphs(1)[:2]) + "\nRead more at the source.",
                  kind="aggregator")
    syn = assign(store, excerpt)
    assert syn["role"] == "copy" and syn["duplicateOf"] == ORIG["url"]
    assert syn["containment"] > 0.8


def test_edited_copy(store: StateStore) -> None:
    assign(store, ORIG)
    rng = random.Random(3)
    edited = []
    for p in paragraphs(1):
        words = p.split()
        i = rng.randrange(len(words))
        words[i] = "reportedly"  # one word changed per paragraph
        edited.append(" ".join(words))
    edited[3] = "Editor's note: this story was updated with new figures."
    syn = assign(store, rec("https://agg.example/p/3", "\n".join(edited), kind="aggregator"))
    assert syn["role"] == "copy" and syn["duplicateOf"] == ORIG["url"]
    assert 0.6 <= syn["containment"] < 0.95


def test_copy_before_original_gets_the_same_cluster(store: StateStore) -> None:
    """A cluster's id is derived from its original's URL: the copy's own until the original comes."""
    copy = rec("https://agg.example/p/4", "\n".join(paragraphs(1)[:3]), kind="aggregator", date="2024-05-01")
    first = assign(store, copy)
    assert first["role"] == "unique" and first["clusterId"] == new_cluster_id(copy["url"])
    syn = assign(store, ORIG)
    assert syn["clusterId"] == new_cluster_id(ORIG["url"])
    assert syn["role"] == "original"
    again = evaluate(store, copy)
    assert again == {"clusterId": syn["clusterId"], "role": "copy", "duplicateOf": ORIG["url"],
                     "containment": pytest.approx(1.0, abs=0.1)}
    cluster = store.get_cluster(syn["clusterId"])
    assert cluster is not None and cluster.original == ORIG["url"] and cluster.rule == "site_kind"
    assert store.get_cluster(first["clusterId"]) is None  # the copy's own cluster is gone


def test_across_two_runs(uri: str) -> None:
    run1 = open_store(uri)
    copy = rec("https://agg.example/p/5", "\n".join(paragraphs(1)[:4]), kind="aggregator")
    cid = assign(run1, copy)["clusterId"]
    run1.close()
    run2 = open_store(uri)
    syn = assign(run2, ORIG)
    assert cid == new_cluster_id(copy["url"]) and syn["clusterId"] == new_cluster_id(ORIG["url"])
    assert syn["role"] == "original"
    assert evaluate(run2, copy)["duplicateOf"] == ORIG["url"]
    # Re-crawling an article keeps its cluster.
    assert assign(run2, copy)["clusterId"] == syn["clusterId"]
    run2.close()


def test_original_election_rules(store: StateStore) -> None:
    body = "\n".join(paragraphs(7))
    a = rec("https://a.example/1", body, date="2024-05-02T10:00:00+02:00")
    b = rec("https://b.example/1", body, date="2024-05-02T09:30:00Z")
    assign(store, a)
    syn = assign(store, b)
    assert syn["role"] == "copy" and syn["duplicateOf"] == a["url"]  # 08:00Z is earlier than 09:30Z
    cluster = store.get_cluster(syn["clusterId"])
    assert cluster is not None and cluster.rule == "date_published"
    # Same date: the URL that the others claim as their source wins.
    c = rec("https://c.example/1", body, kind="aggregator", claimedSource={"url": "https://d.example/1", "text": ""})
    e = rec("https://e.example/1", body, kind="aggregator", claimedSource={"url": "https://d.example/1/", "text": ""})
    d = rec("https://d.example/1", body, kind="aggregator")
    for r in (c, e, d):
        assign(store, r)
    assert evaluate(store, a)["role"] == "original"


def test_elect_original_claims_and_length() -> None:
    def art(url: str, kind: str = "aggregator", claimed: str | None = None, n: int = 10) -> StoredArticle:
        sketch = f'{{"m":1,"t":9223372036854775807,"n":{n},"h":[]}}'
        return StoredArticle(url=url, site_kind=kind, claimed_url=claimed, sketch=sketch)

    assert elect_original([art("https://x/1", claimed="https://z/9"), art("https://z/9")]) == ("https://z/9",
                                                                                               "claimed_source")
    assert elect_original([art("https://x/1", n=5), art("https://y/1", n=50)]) == ("https://y/1", "text_length")
    assert elect_original([art("https://x/1"), art("https://y/1")]) == ("https://x/1", "url")
    assert elect_original([art("https://x/1")]) == ("https://x/1", "only_member")
    assert elect_original([]) == (None, None)


def test_hard_negatives_stay_apart(store: StateStore) -> None:
    seed_lines = SEED.read_text(encoding="utf-8").splitlines()
    end = next(i for i, line in enumerate(seed_lines) if line.startswith("Article source:"))
    original = rec("https://www.haaretz.example/israel-news/lieberman-moscow-1.6", "\n".join(seed_lines[:end]))
    assign(store, original)
    # Another outlet on the same event, with the same quote.
    other_outlet = rec("https://other.example/world/israel-russia-talks", "\n".join([
        "Israel's defense minister Avigdor Lieberman held talks with Russian Defense Minister Sergei Shoigu "
        "in Moscow on Thursday, as Israel presses Russia to keep Iranian forces away from the Syrian frontier.",
        "“The state of Israel appreciates Russia‘s understanding of our security concerns, particularly "
        "regarding the situation at our northern border,” Lieberman wrote on Twitter after the meeting.",
        "Officials in Jerusalem said the talks focused on the Golan Heights and on the future of the "
        "de-escalation zone agreed last year by Washington, Moscow and Amman.",
        "Analysts in Tel Aviv said the Kremlin has little reason to confront Tehran openly, but could "
        "push for Syrian army units to take over positions near the border in the coming weeks.",
    ]))
    assert assign(store, other_outlet)["role"] == "unique"
    # A follow-up quoting one paragraph.
    follow_up = rec("https://news2.example/analysis/what-russia-wants", "\n".join(
        [*paragraphs(21, n=6), seed_lines[3], *paragraphs(22, n=3)]))
    assert assign(store, follow_up)["role"] == "unique"
    # Pages that share only boilerplate (the newsletter widget) with many others.
    widget = "\n".join(seed_lines[5:13])
    for i in range(6):
        page = rec(f"https://www.haaretz.example/news/{i}", "\n".join([*paragraphs(100 + i, n=4), widget]))
        assert assign(store, page)["role"] == "unique", i
    # Short pages of one site dominated by the widget.
    for i in range(3):
        page = rec(f"https://www.haaretz.example/brief/{i}", "\n".join([paragraphs(200 + i, n=1, words=30)[0], widget]))
        assert assign(store, page)["role"] == "unique", i
    clusters = {evaluate(store, r)["clusterId"] for r in (original, other_outlet, follow_up)}
    assert len(clusters) == 3


def test_short_texts_never_link(store: StateStore) -> None:
    a = rec("https://a.example/short", "Breaking news: more to follow.")
    b = rec("https://b.example/short", "Breaking news: more to follow.")
    assign(store, a)
    assert assign(store, b)["role"] == "unique"


def test_threshold_is_a_plain_value(store: StateStore) -> None:
    assign(store, ORIG)
    half = rec("https://agg.example/half", "\n".join(paragraphs(1)[:2] + paragraphs(50, n=2)), kind="aggregator")
    assert evaluate(store, half, replace(DedupConfig.from_settings(), threshold=0.4))["role"] == "copy"
    assert evaluate(store, half, replace(DedupConfig.from_settings(), threshold=0.9))["role"] == "unique"
    assert store.get_article(half["url"]) is None  # evaluate changes nothing


def test_many_articles_stay_apart_and_copies_join(store: StateStore) -> None:
    originals = [rec(f"https://n{i}.example/a", "\n".join(paragraphs(1000 + i, n=6))) for i in range(60)]
    for r in originals:
        assert assign(store, r)["role"] == "unique"
    for i in range(0, 60, 6):
        excerpt = rec(f"https://agg.example/e{i}", "\n".join(paragraphs(1000 + i, n=6)[:2]), kind="aggregator")
        syn = assign(store, excerpt)
        assert syn["role"] == "copy" and syn["duplicateOf"] == originals[i]["url"]


def test_original_gathers_excerpts_of_different_paragraphs(store: StateStore) -> None:
    first = assign(store, rec("https://agg1.example/a", "\n".join(paragraphs(1)[:2]), kind="aggregator"))
    second = assign(store, rec("https://agg2.example/b", "\n".join(paragraphs(1)[5:8]), kind="aggregator"))
    assert first["clusterId"] != second["clusterId"]  # they share nothing
    syn = assign(store, ORIG)
    assert syn["role"] == "original"
    for url in ("https://agg1.example/a", "https://agg2.example/b"):
        body = "\n".join(paragraphs(1)[:2] if url.endswith("/a") else paragraphs(1)[5:8])
        again = evaluate(store, rec(url, body, kind="aggregator"))
        assert again["clusterId"] == syn["clusterId"] and again["duplicateOf"] == ORIG["url"]


def test_kill_9_mid_run_keeps_committed_clusters(uri: str) -> None:
    """A crawl process killed with SIGKILL in the middle of a run loses no committed assign()."""
    import os
    import signal
    import subprocess
    import sys
    import textwrap

    repo = Path(__file__).resolve().parents[1]
    code = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(repo / 'tests')!r})
        from test_syndication import ORIG, paragraphs, rec
        from crawler.state import open_store
        from crawler.syndication import assign
        store = open_store({uri!r})
        assign(store, ORIG)
        for i in range(20):
            assign(store, rec(f"https://agg{{i}}.example/p", "\\n".join(paragraphs(1)[:3]), kind="aggregator"))
        print("committed", flush=True)
        if {uri!r}.startswith("sqlite:"):
            ctx = store.exclusive()
            ctx.__enter__()  # an uncommitted SQLite transaction is open at the kill
            store.put_article(__import__("crawler.state", fromlist=["StoredArticle"]).StoredArticle(url="https://x/lost"))
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=False,
                          env=dict(os.environ, PYTHONPATH=str(repo)))
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert "committed" in proc.stdout
    with open_store(uri) as store:
        assert store.count_articles() == 21
        assert store.get_article("https://x/lost") is None
        cid = store.get_article(ORIG["url"]).cluster_id  # type: ignore[union-attr]
        cluster = store.get_cluster(cid)  # type: ignore[arg-type]
        assert cluster is not None and len(cluster.members) == 21 and cluster.original == ORIG["url"]
        # the next run goes on from the committed state
        syn = assign(store, rec("https://agg99.example/p", "\n".join(paragraphs(1)[2:5]), kind="aggregator"))
        assert syn["clusterId"] == cid and syn["duplicateOf"] == ORIG["url"]


def test_follow_up_containing_an_excerpt_stays_apart(store: StateStore) -> None:
    assign(store, ORIG)
    assign(store, rec("https://agg.example/x1", "\n".join(paragraphs(1)[3:5]), kind="aggregator"))
    follow = rec("https://news3.example/follow", "\n".join([*paragraphs(77, n=8), *paragraphs(1)[3:5]]))
    assert assign(store, follow)["role"] == "unique"


def test_follow_up_published_after_an_excerpt_stays_apart(store: StateStore) -> None:
    """A news article published after an aggregator's excerpt that it contains is quoting it: it
    does not join the excerpt (crawled first, alone), and the original still gathers the excerpt."""
    excerpt = rec("https://agg.example/x2", "\n".join(paragraphs(1)[3:5]), kind="aggregator",
                  date="2024-05-01T09:00:00Z")
    first = assign(store, excerpt)
    follow = rec("https://news3.example/follow2", "\n".join([*paragraphs(78, n=8), *paragraphs(1)[3:5]]),
                 date="2024-05-01T12:00:00Z")
    assert assign(store, follow)["clusterId"] != first["clusterId"]
    orig = dict(ORIG, datePublished="2024-05-01T06:00:00Z")
    assert assign(store, orig)["clusterId"] == evaluate(store, excerpt)["clusterId"] == new_cluster_id(ORIG["url"])
    assert evaluate(store, follow)["role"] == "unique"


def test_excerpt_after_follow_up_does_not_fold_it_in(store: StateStore) -> None:
    """An excerpt contained both in a follow-up and in a full copy joins one; the other, which
    merely contains the excerpt, is not folded in."""
    follow = rec("https://news3.example/follow3", "\n".join([*paragraphs(79, n=8), *paragraphs(1)[3:5]]))
    f_cid = assign(store, follow)["clusterId"]
    full = rec("https://agg2.example/full", ORIG["articleBody"] + "\nRead More", kind="aggregator")
    c_cid = assign(store, full)["clusterId"]
    excerpt = rec("https://agg.example/x3", "\n".join(paragraphs(1)[3:5]), kind="aggregator")
    assign(store, excerpt)
    assert store.get_article(follow["url"]).cluster_id == f_cid != c_cid  # type: ignore[union-attr]


def test_original_folds_a_cluster_of_its_excerpts(store: StateStore) -> None:
    """Two excerpts of the same paragraphs, clustered together before the original, and a third
    alone all end up in the original's cluster."""
    a = assign(store, rec("https://agg1.example/s1", "\n".join(paragraphs(1)[:2]), kind="aggregator"))
    b = assign(store, rec("https://agg2.example/s2", "\n".join(paragraphs(1)[:2]), kind="aggregator"))
    c = assign(store, rec("https://agg3.example/s3", "\n".join(paragraphs(1)[5:7]), kind="aggregator"))
    assert a["clusterId"] == b["clusterId"] != c["clusterId"]
    syn = assign(store, ORIG)
    for url in ("https://agg1.example/s1", "https://agg2.example/s2", "https://agg3.example/s3"):
        assert store.get_article(url).cluster_id == syn["clusterId"]  # type: ignore[union-attr]
