"""A record's text sample made where the text is extracted, and taken where the record is indexed.

Indexing a record starts by sampling its text (words, shingle hashes, the stored sketch:
:func:`text_sample`): some 0.4 ms a page that the state stages' thread spends in the crawl
process, whose one interpreter lock it shares with the reactor, while the extraction workers,
processes of their own, have a core to spare. So the workers make it beside the fields they
return (:func:`prepare`, under :data:`SAMPLE_KEY`), and the syndication stage takes it
(:func:`take`) when it is of the record's text as the stage reads it (a digest of
:func:`~crawler.syndication.sketch.record_text`) and was made with the stage's
``DEDUP_SHINGLE_SIZE``, ``DEDUP_SAMPLE_MOD`` and ``DEDUP_SAMPLE_FLOOR``; else the stage samples
the text itself, as it always did. Either way the sketch is the same function of the same text:
no record depends on where it was made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from hashlib import blake2b
from typing import Any

from crawler.syndication.config import DedupConfig
from crawler.syndication.sketch import Sketch, record_text, sorted_sketch, text_shingle_array

#: The key of the prepared sample among the extracted fields (and the item's unexported field).
SAMPLE_KEY = "textSample"


def sample_params(cfg: DedupConfig) -> list[int]:
    """What a sample is made with: words per shingle, the sample's modulus and floor."""
    return [cfg.shingle_size, cfg.sample_mod, cfg.sample_floor]


def text_sample(text: str, params: Sequence[int]) -> Sketch:
    """The stored sketch of ``text`` (``params`` as :func:`sample_params`)."""
    size, mod, floor = params
    return sorted_sketch(text_shingle_array(text, size), mod, floor)


def _digest(text: str) -> str:
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def prepare(fields: Mapping[str, Any], params: Sequence[int]) -> dict[str, Any]:
    """The sample of the text of ``fields`` (the record's keys), to travel with them: the
    text's digest, ``params`` and the sketch's JSON."""
    text = record_text(fields)
    return {"text": _digest(text), "params": list(params), "sketch": text_sample(text, params).to_json()}


def take(record: Mapping[str, Any], params: Sequence[int]) -> str | None:
    """The sketch JSON prepared for ``record`` when it is of its text and made with ``params``;
    None otherwise (no sample, another text, other settings)."""
    got = record.get(SAMPLE_KEY)
    if not isinstance(got, Mapping) or got.get("params") != list(params):
        return None
    sketch = got.get("sketch")
    if not isinstance(sketch, str) or got.get("text") != _digest(record_text(record)):
        return None
    return sketch
