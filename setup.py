"""Install with ``pip install .``; the ``scrapy`` entry point lets Scrapyd deploy the project."""

from __future__ import annotations

from setuptools import find_packages, setup

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
        "crawler": ["schema/*.json"],
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
        # charset detection for pages whose declared charset cannot read them (extraction/decoding.py)
        "charset-normalizer>=3.3,<4",
        # inLanguage detected from the text (extraction/language.py)
        "py3langid>=0.3,<0.5",
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
        ],
    },
    entry_points={"scrapy": ["settings = crawler.settings"]},
    zip_safe=False,
)
