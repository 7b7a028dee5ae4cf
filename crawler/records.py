"""Records: reading and writing JSON lines, and evaluating records against the state.

One home for what the crawl's pipelines and the commands (``recheck``, ``merge``, ``demo``) do
with records, so both reach the same verdicts the same way:

* :class:`Evaluator`: the syndication stage then the source check on one record dict, against a
  state store, storing the verdicts (the pipelines call it per item);
* :func:`recheck_records`: index every record in a canonical order, then evaluate each (the
  result does not depend on the order of the input);
* :func:`read_records`, :func:`merge_records`, :func:`write_records`: JSON lines in and out
  (bad lines skipped and counted; output written atomically).

Bad input never ends in a traceback: a line that is not JSON (or nested too deeply to parse), or
a record whose fields have the wrong types, is skipped and counted; an output that cannot be
written (a folder, a FIFO or a device that the atomic rename would replace, an unwritable folder:
:class:`crawler.outfiles.OutputError`) and an input with no valid record (which would replace
the output with an empty file: :class:`RecordsError`) stop the command with a one-line message
before anything is written.

No Scrapy imports: settings come in as anything with Scrapy's getters (:mod:`crawler.config`).
"""

from __future__ import annotations

import copy
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from crawler.config import SettingsReader, reader
from crawler.dates import parse_date
from crawler.items import RECORD_FIELDS
from crawler.outfiles import OutputError, output_problem, write_text
from crawler.sites import SiteIndex, load_sites
from crawler.source_check import ClaimEvidence, SourceCheckConfig, check, record_claim_fetch
from crawler.state import StateStore, open_store
from crawler.surrogates import json_loaded
from crawler.syndication import KIND_RANK, DedupConfig, assign, ensure_links, evaluate
from crawler.syndication.boilerplate import BoilerplateMemo
from crawler.syndication.clusters import flush_relinks

logger = logging.getLogger(__name__)

SiteOf = Callable[[str], str | None]


class RecordsError(ValueError):
    """Records cannot be read or written as asked; the message is one line for the user."""


class Evaluator:
    """The two state stages on record dicts: :meth:`syndication` then :meth:`source_check`.

    ``source_check`` None: that stage is off. ``site_of``: a URL's site name in the sites file
    (the publisher check compares sites of the file when it knows them).
    """

    def __init__(
        self,
        store: StateStore,
        dedup: DedupConfig,
        source_check: SourceCheckConfig | None,
        site_of: SiteOf | None = None,
    ) -> None:
        self.store = store
        self.dedup = dedup
        self.source_check_config = source_check
        self.site_of = site_of
        self.memo = BoilerplateMemo()  # boilerplate statuses kept between records
        ensure_links(store, dedup)  # links and clusters derived with these settings

    def index(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """Index ``record``, put it in its story's cluster; its ``syndication`` field."""
        return assign(self.store, record, self.dedup, self.memo)

    def flush(self) -> int:
        """Link again, now, the articles whose relinks wait (``DEDUP_RELINK_BATCH``); how many."""
        return flush_relinks(self.store, self.dedup, self.memo)

    def syndication(self, record: Mapping[str, Any], *, index: bool = True) -> dict[str, Any]:
        """The record's ``syndication`` field (indexing the record first unless ``index`` is
        False), kept in the store as its latest verdict."""
        with self.store.exclusive():  # one transaction
            syn = assign(self.store, record, self.dedup, self.memo) if index else \
                evaluate(self.store, record, self.dedup, self.memo)
            self.store.put_verdict(str(record["url"]), "syndication", syn)
        return syn

    def claim_evidence(self, record: Mapping[str, Any], fetch: Mapping[str, Any]) -> ClaimEvidence | None:
        """Keep what fetching the record's claimed source gave in the store; the evidence."""
        assert self.source_check_config is not None
        claimed = (record.get("claimedSource") or {}).get("url")
        return record_claim_fetch(self.store, fetch, claimed, self.source_check_config)

    def source_check(
        self, record: Mapping[str, Any], syndication: Mapping[str, Any] | None = None,
        evidence: ClaimEvidence | None = None,
    ) -> dict[str, Any]:
        """The record's ``sourceCheck`` field (its syndication evaluated when not given), kept in
        the store as its latest verdict."""
        assert self.source_check_config is not None
        with self.store.exclusive():  # one transaction
            syn = syndication or record.get("syndication") or evaluate(self.store, record, self.dedup)
            result = check(self.store, record, syn, self.source_check_config, evidence=evidence,
                           site_of=self.site_of)
            self.store.put_verdict(str(record["url"]), "sourceCheck", result)
        return result

    def reevaluate(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """A copy of ``record`` with its verdicts from the current state, changing nothing else:
        what ``scrapy recheck`` writes and what a run's output ends with (final verdicts)."""
        new = dict(record)
        new["syndication"] = self.syndication(record, index=False)
        if self.source_check_config is not None:
            new["sourceCheck"] = self.source_check(record, new["syndication"])
        return new


@contextmanager
def open_evaluator(
    settings: SettingsReader | Mapping[str, Any] | None, site_of: SiteOf | None = None
) -> Iterator[Evaluator]:
    """An :class:`Evaluator` on the store of ``STATE_URI`` (closed at the end), configured from
    ``settings`` (``DEDUP_*``, ``SOURCE_CHECK_*``; ``site_of``, else the sites of ``SITES_FILE``,
    for the publisher check)."""
    s = reader(settings)
    sites_file = s.get("SITES_FILE")
    if site_of is None and sites_file:
        site_of = SiteIndex(load_sites(sites_file)).site_name_of
    scfg = SourceCheckConfig.from_settings(s) if s.getbool("SOURCE_CHECK_ENABLED") else None
    store = open_store(s.get("STATE_URI"))
    try:
        yield Evaluator(store, DedupConfig.from_settings(s), scfg, site_of)
    finally:
        store.close()


# --- recheck ---------------------------------------------------------------------------------


@dataclass
class RecheckSummary:
    """What one recheck did."""

    records: int = 0
    bad_lines: int = 0
    copies: int = 0
    mismatches: int = 0
    changed: int = 0
    output: str = ""

    def line(self) -> str:
        return (
            f"recheck: {self.records} records, {self.copies} copies, {self.mismatches} mismatches, "
            f"{self.changed} changed verdicts, {self.bad_lines} bad lines skipped -> {self.output}"
        )


def index_order(rec: Mapping[str, Any]) -> tuple[Any, ...]:
    """Canonical indexing order: likely originals first, then a total order on the content."""
    dt, _ = parse_date(rec.get("datePublished"))
    return (
        KIND_RANK.get(str(rec.get("siteKind") or ""), 1),
        (0, dt.isoformat()) if dt else (1, ""),
        rec["url"],
        json.dumps(rec, sort_keys=True, ensure_ascii=False),
    )


def recheck_records(
    records: list[dict[str, Any]], evaluator: Evaluator
) -> tuple[list[dict[str, Any]], RecheckSummary]:
    """Index then re-evaluate ``records``; new dicts in input order, and what changed."""
    summary = RecheckSummary(records=len(records))
    for rec in sorted(records, key=index_order):
        evaluator.index(rec)
    out: list[dict[str, Any]] = []
    for rec in records:
        new = evaluator.reevaluate(rec)
        summary.copies += new["syndication"]["role"] == "copy"
        summary.mismatches += (new.get("sourceCheck") or {}).get("status") == "mismatch"
        summary.changed += new["syndication"] != rec.get("syndication") or new.get("sourceCheck") != rec.get(
            "sourceCheck")
        out.append(new)
    return out, summary


def recheck_files(
    inputs: Iterable[str | Path], output: str | Path, settings: SettingsReader | Mapping[str, Any] | None = None,
) -> RecheckSummary:
    """Read ``inputs``, recheck every record against ``STATE_URI``, write ``output``
    (:class:`crawler.outfiles.OutputError` when it cannot be written, :class:`RecordsError` when
    no input record is valid)."""
    check_output(output)
    records, bad = read_records(inputs)
    if bad:
        logger.warning("skipped %d bad line(s)", bad)
    with open_evaluator(settings) as evaluator:
        rechecked, summary = recheck_records(records, evaluator)
    if not rechecked:
        raise RecordsError(f"no valid record in the input ({bad} bad lines skipped): {output} not written")
    write_records(rechecked, output)
    summary.bad_lines = bad
    summary.output = str(output)
    return summary


# --- JSON lines in and out -------------------------------------------------------------------


def _json_object(line: str) -> dict[str, Any]:
    """The JSON object on ``line``; ValueError (one line) when it is not one."""
    try:
        rec = json_loaded(line, json.loads(line))  # lone surrogates ("\ud83d") as U+FFFD: no UTF-8 holds them
    except RecursionError:
        raise ValueError("not JSON (nested too deeply)") from None
    except ValueError as exc:
        raise ValueError(f"not JSON ({exc})") from None
    if not isinstance(rec, dict):
        raise ValueError("not a JSON object")
    return rec


def with_every_field(rec: dict[str, Any], nullable: frozenset[str]) -> dict[str, Any]:
    """``rec`` as this version writes a record: the fields in output order, a field a record of
    an earlier version did not have yet (``dateModifiedRaw``, ``videos``...: one of
    ``nullable``, :func:`nullable_fields`) null, and any other key after them (the schema then
    says what it is). A record that has every field is returned as it is."""
    if all(name in rec for name in RECORD_FIELDS):
        return rec
    out = {name: rec.get(name) for name in RECORD_FIELDS if name in rec or name in nullable}
    out.update((key, value) for key, value in rec.items() if key not in out)
    return out


def nullable_fields(validator: Any) -> frozenset[str]:
    """The record's fields the schema of ``validator`` lets be null (not ``url``, ``metadata``...)."""
    probe = dict.fromkeys(RECORD_FIELDS)
    refused = {error.absolute_path[0] for error in validator.iter_errors(probe) if error.absolute_path}
    return frozenset(name for name in RECORD_FIELDS if name not in refused)


def _lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` of the non-blank lines of ``path``; RecordsError when it cannot be read."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for lineno, line in enumerate(fh, start=1):
                if line.strip():
                    yield lineno, line
    except OSError as exc:
        raise RecordsError(f"cannot read {path}: {exc.strerror or exc}") from None


def read_records(paths: Iterable[str | Path]) -> tuple[list[dict[str, Any]], int]:
    """All records of the JSON lines files, in order, and the number of bad lines skipped: lines
    that are not JSON objects, and records whose fields do not have the output record's types
    (``syndication`` and ``sourceCheck`` are not checked: a recheck computes them again)."""
    validator = record_validator(for_recheck=True)
    nullable = nullable_fields(record_validator())
    records: list[dict[str, Any]] = []
    bad = 0
    for path in paths:
        for lineno, line in _lines(path):
            try:
                rec = with_every_field(_json_object(line), nullable)
                if not isinstance(rec.get("url"), str) or not rec["url"]:
                    raise ValueError("not a record with a url")
                _check(rec, validator)
            except ValueError as exc:
                bad += 1
                logger.warning("%s:%d: skipped, %s", path, lineno, str(exc)[:200])
                continue
            records.append(rec)
    return records, bad


def check_output(output: str | Path) -> None:
    """:class:`crawler.outfiles.OutputError` when records cannot be written to ``output`` (``-``:
    stdout, always fine), checked before the work that makes them."""
    if str(output) == "-":
        return
    problem = output_problem(output)
    if problem:
        raise OutputError(problem)


def write_records(records: Iterable[Mapping[str, Any]], output: str | Path) -> None:
    """Write JSON lines atomically (a temporary file renamed over ``output``, with the umask's
    permissions; a symbolic link is followed); ``-`` is stdout. :class:`crawler.outfiles.OutputError`
    when ``output`` cannot be written (a folder, a FIFO or a device, an unwritable folder)."""
    if str(output) == "-":
        for rec in records:
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return
    write_text(output, (json.dumps(rec, ensure_ascii=False) + "\n" for rec in records))


# --- merging the outputs of several workers --------------------------------------------------


@dataclass
class MergeSummary:
    """What one merge did."""

    files: int = 0
    lines: int = 0
    records: int = 0
    duplicates: int = 0
    bad_lines: int = 0
    rechecked: bool = False
    changed: int = 0
    output: str = ""

    def line(self) -> str:
        extra = f", recheck changed {self.changed} verdicts" if self.rechecked else ""
        return (f"merge: {self.files} files, {self.lines} lines, {self.records} records, "
                f"{self.duplicates} duplicates dropped, {self.bad_lines} bad lines skipped{extra} -> {self.output}")


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, folders replaced by their ``*.jsonl`` files (sorted); errors for missing ones."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.glob("*.jsonl") if f.is_file()))
        elif p.is_file():
            out.append(p)
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    return out


def record_validator(*, for_recheck: bool = False) -> Any:
    """A JSON Schema validator of the output record (the schema shipped in the package).
    ``for_recheck``: only ``url`` is required, and ``syndication`` and ``sourceCheck`` (computed
    again) may hold anything."""
    import jsonschema

    text = resources.files("crawler").joinpath("schema/article.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    if for_recheck:
        schema = copy.deepcopy(schema)
        schema["required"] = ["url"]
        schema["properties"]["syndication"] = schema["properties"]["sourceCheck"] = {}
    return jsonschema.validators.validator_for(schema)(schema)


def _check(rec: Mapping[str, Any], validator: Any) -> None:
    """ValueError (one line) when ``rec`` does not validate."""
    try:
        error = next(iter(validator.iter_errors(rec)), None)
    except RecursionError:
        raise ValueError("not an output record: nested too deeply") from None
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path)
        raise ValueError(f"not an output record: {where + ': ' if where else ''}{error.message}")


def _downloaded(rec: Mapping[str, Any]) -> str:
    value = (rec.get("metadata") or {}).get("dateDownloaded")
    return value if isinstance(value, str) else ""


def _valid_record(line: str, validator: Any, nullable: frozenset[str]) -> dict[str, Any]:
    rec = with_every_field(_json_object(line), nullable)
    _check(rec, validator)
    return rec


def merge_records(files: Iterable[Path], summary: MergeSummary | None = None) -> list[dict[str, Any]]:
    """One valid record per URL (the latest download; on a tie the one read last), sorted by URL."""
    summary = summary if summary is not None else MergeSummary()
    validator = record_validator()
    nullable = nullable_fields(validator)
    best: dict[str, dict[str, Any]] = {}
    for path in files:
        summary.files += 1
        for lineno, line in _lines(path):
            summary.lines += 1
            try:
                rec = _valid_record(line, validator, nullable)
            except ValueError as exc:
                summary.bad_lines += 1
                logger.warning("%s:%d: skipped (%s)", path, lineno, str(exc)[:200])
                continue
            url = rec["url"]
            if url in best:
                summary.duplicates += 1
                if _downloaded(rec) < _downloaded(best[url]):
                    continue
            best[url] = rec
    summary.records = len(best)
    return [best[u] for u in sorted(best)]


def merge_files(
    inputs: Iterable[str | Path], output: str | Path, settings: SettingsReader | Mapping[str, Any] | None = None,
    *, recheck: bool = False,
) -> MergeSummary:
    """Merge the workers' files into ``output`` (rechecked against ``STATE_URI`` on request);
    :class:`crawler.outfiles.OutputError` when it cannot be written, :class:`RecordsError` when no
    input record is valid."""
    check_output(output)
    summary = MergeSummary(output=str(output))
    records = merge_records(input_files(inputs), summary)
    if recheck:
        with open_evaluator(settings) as evaluator:
            records, rs = recheck_records(records, evaluator)
        summary.rechecked = True
        summary.changed = rs.changed
    if not records:
        raise RecordsError(f"no valid record in the input ({summary.bad_lines} bad lines skipped): "
                           f"{output} not written")
    write_records(records, output)
    return summary
