"""Claimed-source benchmark: are claims found (right URL), and are the verdicts right, on many
aggregator templates, placements, wordings and languages?

The set is ``tests/claimsdev`` (see its modules): originals are the article-extraction benchmark's
real pages (``--data``) plus stories written for the languages it lacks; posts copy them on 18
templates (4 held out), credit them in the title block, lead, middle, end or after the body, in 18
languages or machine-readable form (or credit the wrong article, or nothing), with decoys (image
credits, a table's source, forum quotes, related boxes...). Everything goes through the product's
path: ``extract_article`` -> the spider's claim record -> ``syndication.assign`` on a real SQLite
store (with the claimed pages' fetch evidence) -> ``evaluate`` + ``source_check.check``.

Prints, for the dev part and the held-out part apart (templates, wordings and decoys not looked
at while tuning), by template, placement, wording, language and decoy: claim recall and precision
(found with the right URL), mismatch precision and recall, missing recall, false flags (mismatch
or missing on an honest post). ``--json`` writes per-post results; ``--baseline FILE`` prints
another run's figures (e.g. today's detector: ``--impl`` a checkout of main) next to these.

Usage: ``python benchmarks/claims.py [--data DIR] [--impl DIR] [--json OUT] [--baseline FILE]``.
Exit status 1 when a target is missed on the held-out part, 2 when the data folder is absent.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "article-extraction"
TARGETS = {"claim recall": 0.97, "claim precision": 0.98, "mismatch precision": 0.98, "mismatch recall": 0.95,
           "missing recall": 0.97}
MAX_FALSE_FLAGS = 0.02
MIN_LANGUAGE_RECALL = 0.90
COLUMNS = ("claim recall", "claim precision", "mismatch precision", "mismatch recall", "missing recall", "false flags")
SHORT = ("rec", "prec", "mmP", "mmR", "missR", "falseF")
AXES = ("template", "placement", "phrasing", "lang", "decoy")


def _load_claimsdev() -> Any:
    """``tests/claimsdev`` as the package ``claimsdev`` (whatever ``crawler`` is on the path)."""
    path = REPO / "tests" / "claimsdev"
    spec = importlib.util.spec_from_file_location("claimsdev", path / "__init__.py",
                                                  submodule_search_locations=[str(path)])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["claimsdev"] = module
    spec.loader.exec_module(module)
    return module


def _fmt(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def _row(name: str, s: dict[str, Any], base: dict[str, Any] | None) -> str:
    line = f"  {name[:30]:<30} {s['posts']:5d} {s['claims']:5d} " + " ".join(_fmt(s[c]) for c in COLUMNS)
    if base is not None:
        line += "   | " + " ".join(_fmt(base.get(c)) for c in COLUMNS)
    return line


def _scores(records: list[dict[str, Any]], score: Any, key: str | None) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for r in records:
        groups["all" if key is None else str(r["case"][key])].append(r["result"])
    return {k: score(v) for k, v in sorted(groups.items())}


def _print_part(title: str, rows: list[dict[str, Any]], score: Any, baseline: list[dict[str, Any]] | None) -> None:
    head = "  " + " " * 30 + " posts claims " + " ".join(f"{s:>6}" for s in SHORT)
    if baseline is not None:
        head += "   | " + " ".join(f"{s:>6}" for s in SHORT) + "  (baseline)"
    print(f"\n=== {title}: {len(rows)} posts")
    for axis in (None, *AXES):
        print(f"-- {'overall' if axis is None else 'by ' + axis}\n{head}")
        ours = _scores(rows, score, axis)
        theirs = _scores(baseline, score, axis) if baseline is not None else {}
        for name, s in ours.items():
            print(_row(name or "(none)", s, theirs.get(name) if baseline is not None else None))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--impl", type=Path, help="import the crawler from this checkout (e.g. today's main)")
    ap.add_argument("--json", type=Path, help="write per-post results here")
    ap.add_argument("--baseline", type=Path, help="per-post results of another run, printed alongside")
    ap.add_argument("--show", type=int, default=0, help="print up to N wrong posts of each part")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(args.impl.resolve() if args.impl else REPO))
    if not (args.data / "ground-truth.json").is_file():
        print(f"claims benchmark: data not found in {args.data} (see the README there); nothing run", file=sys.stderr)
        return 2
    _load_claimsdev()
    from claimsdev.corpus import build, real_originals, written_originals
    from claimsdev.run import Result, run, score

    import crawler

    started = time.monotonic()
    originals = written_originals() + real_originals(args.data)
    cases = build(originals)
    results = run(cases)
    rows = [{"case": {"url": r.case.url, "template": r.case.template, "placement": r.case.placement,
                      "phrasing": r.case.phrasing, "lang": r.case.lang, "decoy": r.case.decoy or "(none)",
                      "label": r.case.label, "truth": r.case.truth, "heldout": r.case.heldout},
             "found": r.found, "status": r.status, "reasons": r.reasons, "result": r} for r in results]
    print(f"Claims benchmark: crawler from {Path(crawler.__file__).parent}, {len(originals)} originals "
          f"({sum(o.kind == 'real' for o in originals)} real pages), {len(cases)} posts, "
          f"{time.monotonic() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps([{k: v for k, v in r.items() if k != "result"} for r in rows]), "utf-8")
    baseline_rows: list[dict[str, Any]] | None = None
    if args.baseline:
        by_url = {b["case"]["url"]: b for b in json.loads(args.baseline.read_text("utf-8"))}
        baseline_rows = []
        for r in rows:
            b = by_url.get(r["case"]["url"])
            if b is not None:
                res = Result(r["result"].case, {"url": b["found"]} if b["found"] else None, b["status"], b["reasons"])
                baseline_rows.append({"case": r["case"], "result": res})
    failed = False
    for heldout in (False, True):
        part = [r for r in rows if r["case"]["heldout"] == heldout]
        base = [b for b in baseline_rows if b["case"]["heldout"] == heldout] if baseline_rows is not None else None
        _print_part("HELD-OUT (templates, wordings, decoys not looked at while tuning)" if heldout else "DEV",
                    part, score, base)
        if args.show:
            bad = [r for r in part if _wrong(r)]
            print(f"-- wrong posts: {len(bad)} (first {args.show})")
            for r in bad[: args.show]:
                c = r["case"]
                print(f"  {c['template']}/{c['placement']}/{c['phrasing']}/{c['label']} {c['url']}\n"
                      f"     truth {c['truth']}\n     found {r['found']} -> {r['status']} {r['reasons']}")
        if heldout:
            failed = _targets(part, score)
    return 1 if failed else 0


def _wrong(r: dict[str, Any]) -> bool:
    c, res = r["case"], r["result"]
    if (c["truth"] and not res.claim_right) or (not c["truth"] and res.found):
        return True
    expected = {"wrong": ("mismatch",), "missing": ("missing",)}.get(c["label"])
    if expected is not None:
        return res.status not in expected
    return res.status in ("mismatch", "missing")


def _targets(rows: list[dict[str, Any]], score: Any) -> bool:
    s = score([r["result"] for r in rows])
    print("\n-- held-out part against the issue's targets")
    failed = False
    for name, target in TARGETS.items():
        ok = s[name] is not None and s[name] >= target
        failed |= not ok
        print(f"  {name:<22} {_fmt(s[name])}  (target >= {target:.2f}) {'ok' if ok else 'MISSED'}")
    ff = s["false flags"] or 0.0
    failed |= ff > MAX_FALSE_FLAGS
    verdict = "ok" if ff <= MAX_FALSE_FLAGS else "MISSED"
    print(f"  {'false flags':<22} {_fmt(ff)}  (target <= {MAX_FALSE_FLAGS:.2f}) {verdict}")
    langs = _scores(rows, score, "lang")
    low = {k: v["claim recall"] for k, v in langs.items() if v["claim recall"] is not None
           and v["claim recall"] < MIN_LANGUAGE_RECALL}
    failed |= bool(low)
    print(f"  {'languages below 0.90':<22} {low or 'none'}")
    return failed


if __name__ == "__main__":
    sys.exit(main())
