"""Install with ``pip install .``; the ``scrapy`` entry point lets Scrapyd deploy the project.

The extraction's per-element modules (``COMPILED``) are compiled with mypyc when the build can
(the build requirements bring mypy; a C compiler and the Python headers must be there): the same
code, about 10% less CPU per page. Without a compiler, or with ``CRAWLER_PURE_PYTHON=1``, or for
an egg (``scrapyd-deploy``), the package stays pure Python and gives the same answers.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from setuptools import find_packages, setup

HERE = Path(__file__).resolve().parent
#: Where the compiled modules' source hashes go (``crawler/extraction/native.py`` reads it).
MANIFEST = HERE / "crawler" / "extraction" / "_mypyc.json"
#: The extraction's per-element modules (``benchmarks/extraction.py`` prints which ran compiled).
#: Compiled code checks the declared types of what it is given, so the modules that take the
#: outside world's values (the page's bytes and headers, JSON-LD, meta tags: ``article``,
#: ``decoding``, ``structured``, ``metadata``...) stay Python: there a value of an unplanned type
#: is handled, not a TypeError. These read the parsed tree and the package's own structures.
COMPILED = [
    f"crawler/extraction/{name}.py"
    for name in (
        "blocks", "body", "boilerplate", "claim_context", "claimed_source", "content", "decision", "furniture",
        "lines", "page_evidence", "post_zones", "standfirst",
    )
]

#: The setup commands that compile (pip's wheel and editable builds among them); not the eggs of
#: ``scrapyd-deploy`` (``bdist_uberegg``): an egg runs from a zip file, where no extension loads.
_BUILDS = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}


def ext_modules() -> list[Any]:
    """mypyc's extensions of ``COMPILED``, each optional (a failed compile keeps the module's
    Python source); none when switched off, for eggs, or when mypyc is missing or fails."""
    if not _BUILDS & set(sys.argv):  # metadata only: no compiling (setup.py runs once per step)
        return []
    # an earlier in-place (editable) build's files: a module compiled then and not now would
    # load the old build's code
    MANIFEST.unlink(missing_ok=True)
    for stale in [*MANIFEST.parent.glob("*.so"), *MANIFEST.parent.glob("*.pyd"), *HERE.glob("*__mypyc*")]:
        stale.unlink()
    if os.environ.get("CRAWLER_PURE_PYTHON", "") not in ("", "0"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        return []
    try:
        extensions = mypycify(COMPILED, opt_level="3", debug_level="0")
    except Exception as exc:  # an internal mypyc error must not stop the install
        print(f"mypyc failed, installing pure Python: {exc}", file=sys.stderr)
        return []
    for extension in extensions:
        extension.optional = True
    MANIFEST.write_text(json.dumps(
        {Path(path).stem: hashlib.sha256((HERE / path).read_bytes()).hexdigest() for path in COMPILED},
        indent=1, sort_keys=True,
    ) + "\n", encoding="utf-8")
    return extensions


setup(
    name="news-syndication-crawler",
    version="0.1.0",
    description="Crawls news publishers and aggregators, finds syndicated copies, checks claimed sources",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    python_requires=">=3.11",
    packages=find_packages(include=["crawler", "crawler.*"]),
    include_package_data=True,
    package_data={
        "crawler": ["schema/*.json", "extraction/_mypyc.json"],
        "crawler.sampleweb": ["data/*", "data/**/*"],
    },
    install_requires=[
        "scrapy>=2.19,<2.20",
        "itemadapter>=0.9",
        "lxml>=5.2,<7",
        "lxml_html_clean>=0.4",
        "trafilatura>=2.3,<2.4",
        "htmldate>=1.9,<2",
        "parsel>=1.9",
        "w3lib>=2.1",
        "tldextract>=5.1,<6",
        # slug and title words in any script and language: compared in Latin letters, stemmed with
        # the post language's Snowball stemmer (crawler/source_check/words.py)
        "snowballstemmer>=2.2,<4",
        "anyascii>=0.3,<0.4",
        "jsonschema>=4.20,<5",
        "numpy>=1.26,<3",
        # JSON-LD scripts json cannot read (comments, bare words, quotes left in values), read by
        # a tolerant parser (extraction/structured.py); pinned to a minor: its repairs are heuristics
        "json-repair>=0.64,<0.65",
        # charset detection for pages whose declared charset cannot read them (extraction/decoding.py)
        "charset-normalizer>=3.3,<4",
        # inLanguage detected from the text (extraction/language.py)
        "py3langid>=0.3,<0.5",
        # its stop lists (each language's commonest words, commonest first): a declared language
        # its text plainly reads in is kept without the model (extraction/language.py)
        "jusText>=3.0,<4",
        # dates written as free text (crawler/dates.py); also a dependency of htmldate
        "python-dateutil>=2.8",
        # the shared state store (STATE_URI=redis://...; crawler/state/redis.py)
        "redis>=5,<9",
        # redis-py parses replies and packs commands in C with it (the state thread's hot path)
        "hiredis>=3,<4",
        # distributed crawling: the shared frontier (DISTRIBUTED=True; crawler/distributed.py)
        "scrapy-redis>=0.9.1,<0.10",
        # health monitors at spider close (crawler/monitors.py); 1.27 runs on Scrapy 2.19
        "spidermon>=1.27,<2",
    ],
    extras_require={
        "test": [
            "pytest>=8",
            "pytest-twisted>=1.14",
            "pytest-timeout>=2.3",
            "hypothesis>=6.100",
            "ruff>=0.6",
            "mypy>=1.10",
            "types-python-dateutil",
            # tests/test_scrapyd.py runs a real Scrapyd and deploys with scrapyd-deploy;
            # Scrapyd 1.6 runs eggs through pkg_resources and requires setuptools<81 itself
            "scrapyd>=1.6,<1.7",
            "scrapyd-client>=2.0.3,<2.1",
            "setuptools<81",
            # tests/e2e/test_extraction_runner.py: the pool under uvloop (ASYNCIO_EVENT_LOOP)
            "uvloop>=0.21",
        ],
    },
    entry_points={"scrapy": ["settings = crawler.settings"]},
    ext_modules=ext_modules(),
    zip_safe=False,
)
