"""Attribution benchmark: does the source check flag wrong claims and unattributed copies?

Builds the labelled set of ``benchmarks/attribution_gen.py`` from the real pages of the
article-extraction benchmark, then runs the real pipeline logic on a real SQLite store in a
temporary folder: every record is indexed with ``crawler.syndication.assign`` in a fixed shuffled
order (originals and posts mixed), the claimed-source fetch evidence is kept with
``crawler.source_check.record_claim_fetch`` as the pipeline does, and once all are in, each
post is judged from the store alone (``evaluate`` + ``check``, as ``scrapy recheck`` does).

Prints: precision and recall of ``mismatch`` (positives: posts whose claim is wrong), recall of
``missing`` (copies naming no source), the false-flag rate on correct claims (``mismatch`` on a
right claim), per-category outcomes and reason counts. Targets: mismatch precision >= 0.98 and
recall >= 0.95, missing recall >= 0.97, false flags <= 1%. Exit status 1 when a target is
missed, 2 when the data folder is absent.

Usage: ``python benchmarks/attribution.py [--data DIR] [--seed N] [--show N]``.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.attribution_gen import DEFAULT_DATA, SEED, generate, load_pages  # noqa: E402
from crawler.source_check import SourceCheckConfig, check, record_claim_fetch  # noqa: E402
from crawler.state import open_store  # noqa: E402
from crawler.syndication import assign, evaluate  # noqa: E402

TARGETS = {"mismatch precision": 0.98, "mismatch recall": 0.95, "missing recall": 0.97}
MAX_FALSE_FLAGS = 0.01


def run(records: list[dict[str, Any]], seed: int = SEED) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(post, sourceCheck) for every post, judged on a fresh SQLite store."""
    order = list(records)
    random.Random(seed).shuffle(order)
    scfg = SourceCheckConfig.from_settings()
    dcfg = scfg.dedup
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'state.sqlite3'}")
        try:
            for rec in order:
                record = {k: v for k, v in rec.items() if k not in ("label", "category", "copyType", "copies")}
                fetch = record.pop("claimFetch", None)
                assign(store, record, dcfg)
                if fetch:
                    record_claim_fetch(store, fetch, (record.get("claimedSource") or {}).get("url"), scfg)
            out = []
            for rec in records:
                if rec["label"] is None:
                    continue
                record = {k: v for k, v in rec.items() if k != "claimFetch"}  # as recheck sees it
                syn = evaluate(store, record, dcfg)
                out.append((rec, check(store, record, syn, scfg)))
        finally:
            store.close()
    return out


def score(results: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, float]:
    wrong = [sc for rec, sc in results if rec["label"] == "wrong"]
    correct = [sc for rec, sc in results if rec["label"] == "correct"]
    missing = [sc for rec, sc in results if rec["label"] == "missing"]
    flagged = [(rec, sc) for rec, sc in results if sc["status"] == "mismatch"]
    tp = sum(1 for rec, _ in flagged if rec["label"] == "wrong")
    return {
        "mismatch precision": tp / len(flagged) if flagged else 0.0,
        "mismatch recall": tp / len(wrong) if wrong else 0.0,
        "missing recall": sum(sc["status"] == "missing" for sc in missing) / len(missing) if missing else 0.0,
        "false flags on correct claims": sum(sc["status"] == "mismatch" for sc in correct) / len(correct)
        if correct else 0.0,
        "wrong": len(wrong), "correct": len(correct), "missing": len(missing), "flagged": len(flagged),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--show", type=int, default=5, help="print up to N errors per kind")
    args = ap.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"attribution benchmark: data not found in {args.data} (see the README there); nothing run",
              file=sys.stderr)
        return 2
    started = time.monotonic()
    pages = load_pages(args.data)
    records = list(generate(pages, args.seed))
    results = run(records, args.seed)
    s = score(results)
    n_orig = sum(1 for r in records if r["label"] is None)
    print(f"Attribution benchmark: {len(pages)} real pages ({sum(p.fields is None for p in pages)} not extractable), "
          f"{n_orig} crawled originals, {len(results)} posts "
          f"({s['wrong']:.0f} wrong claims, {s['correct']:.0f} correct claims, "
          f"{s['missing']:.0f} unattributed copies), "
          f"seed {args.seed}, {time.monotonic() - started:.1f} s")
    by_cat: dict[str, Counter[str]] = defaultdict(Counter)
    reasons: Counter[str] = Counter()
    for rec, sc in results:
        by_cat[f"{rec['category']} ({rec['label']})"][sc["status"]] += 1
        reasons.update(sc["reasons"])
    print("\nOutcomes per category:")
    for cat in sorted(by_cat):
        print(f"  {cat:<32} " + ", ".join(f"{k} {v}" for k, v in sorted(by_cat[cat].items())))
    print("Reasons: " + ", ".join(f"{k} {v}" for k, v in sorted(reasons.items())))
    errors = [(rec, sc) for rec, sc in results
              if (rec["label"] == "correct" and sc["status"] == "mismatch")
              or (rec["label"] == "wrong" and sc["status"] != "mismatch")
              or (rec["label"] == "missing" and sc["status"] != "missing")]
    if errors and args.show:
        print(f"\nErrors ({len(errors)}; first {args.show}):")
        for rec, sc in errors[: args.show]:
            print(f"  [{rec['category']}/{rec['label']}] {rec['copies']}\n      claims "
                  f"{(rec.get('claimedSource') or {}).get('url')} -> {sc['status']} {sc['reasons']}")
    print()
    failed = False
    for name, target in TARGETS.items():
        ok = s[name] >= target
        failed |= not ok
        print(f"{name:<32} {s[name]:.3f}   (target >= {target:.2f}) {'ok' if ok else 'MISSED'}")
    ff = s["false flags on correct claims"]
    failed |= ff > MAX_FALSE_FLAGS
    print(f"{'false flags on correct claims':<32} {ff:.3f}   (target <= {MAX_FALSE_FLAGS:.2f}) "
          f"{'ok' if ff <= MAX_FALSE_FLAGS else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
