"""The extraction pool's fork server preloads ``crawler.extraction.warm``: its workers start with
the lazily built tables of the extraction already built (once, in the fork server)."""

from __future__ import annotations

import json
import subprocess
import sys

from crawler.extraction import extract_article
from crawler.extraction.claim_phrases import STRENGTH
from crawler.extraction.warm import SAMPLE_PAGE
from tests.helpers import REPO


def test_warm_sample_page_takes_the_claim_path() -> None:
    # the warm-up page must reach the claim search, or the claim tables stay unbuilt
    fields = extract_article(SAMPLE_PAGE, "http://warm.invalid/2020/01/02/warm-up-story/", {})
    assert fields["claimedSource"]["url"] == "http://source.invalid/2020/01/01/bridge-budget/"
    assert fields["inLanguage"] == "en"
    assert fields["authors"] and fields["datePublished"]


def test_importing_warm_builds_the_lazy_tables() -> None:
    # a fresh interpreter, as the fork server is: the caches are empty before, built after
    code = (
        "import json\n"
        "from crawler.extraction import claim_phrases, phrase_index\n"
        "before = (phrase_index.claim_index.cache_info().currsize, claim_phrases.kind_pattern.cache_info().currsize)\n"
        "import crawler.extraction.warm\n"
        "after = (phrase_index.claim_index.cache_info().currsize, claim_phrases.kind_pattern.cache_info().currsize)\n"
        "print(json.dumps([before, after, claim_phrases.kinds()]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120,
                          check=True)
    before, after, kinds = json.loads(proc.stdout.strip().splitlines()[-1])
    assert before == [0, 0]
    # every kind's pattern, not only those the warm-up page reaches (a worker would compile the
    # others on the first page whose lines need them)
    assert after == [1, len(kinds)]
    assert set(kinds) == {*STRENGTH, "not"}


def test_the_extraction_and_its_warm_up_do_not_import_scrapy() -> None:
    # the fork server imports only what extraction needs: Scrapy would add ~0.3 s to every
    # crawl's wait for its first extraction worker, and to any program using extract_article
    code = (
        "import json, sys\n"
        "import crawler.extraction.warm\n"
        "print(json.dumps(sorted(m for m in ('scrapy', 'itemadapter', 'twisted') if m in sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120,
                          check=True)
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []
