"""The extraction quality gate: figures on the pinned sample, and the floors CI holds them to.

The sample (``tests/fixtures/quality/<set>/``, same layout as the benchmark data) is a fixed
draw from the *tuned* fold of both development sets (see ``extraction.py``), so the held-out
fold stays unseen. ``tests/test_extraction_quality.py`` fails when body F1 or the article
decision's accuracy of a set falls below its floor in ``tests/fixtures/quality/floors.json``,
on the pages as served or on their undeclared versions (``undeclared_f1``,
``undeclared_decision_accuracy``: the same pages with their structured data, OpenGraph, HTML5
sectioning and ARIA roles removed by ``undeclared.py``, as a page of 2008 is written).

    python benchmarks/quality_gate.py                 # print the figures next to the floors
    python benchmarks/quality_gate.py --write         # raise floors to today's figures
    python benchmarks/quality_gate.py --write --lower-floors   # also lower them (explicit)
    python benchmarks/quality_gate.py --sample N      # (re)draw the pinned sample (seed fixed)

A floor is written a little under the measured figure (``MARGIN``), so that a change of one
page's worth does not fail CI but a regression does.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import random
import shutil
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SAMPLE = REPO / "tests" / "fixtures" / "quality"
FLOORS = SAMPLE / "floors.json"
#: Floors sit this far under the figures they were written from.
MARGIN = 0.01
SEED = 12
LICENCES = {"article-extraction": "MIT", "wcxb-dev": "CC-BY-4.0"}


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("extraction_benchmark", HERE / "extraction.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def measure(folder: Path) -> dict[str, float]:
    """Body F1 (refused articles score empty) and decision accuracy on one sample folder, for
    the pages as served and for their undeclared versions (``undeclared.py``: no structured
    data, OpenGraph, HTML5 sectioning or ARIA roles, as a page of 2008)."""
    bench = _bench()
    pages = bench.load_dataset(folder)
    figures = {}
    bare = [bench.undeclared_version(page) for page in pages]
    for prefix, version in (("", pages), ("undeclared_", bare)):
        scores, decisions = [], []
        for page in version:
            result = bench.run_ours(page)
            if page.page_type == "article":
                scores.append(bench.score_page(result.body, page.truth))
            decisions.append(result.accepted == (page.page_type == "article"))
        figures[prefix + "f1"] = round(bench.summarize(scores).f1, 4)
        figures[prefix + "decision_accuracy"] = round(sum(decisions) / len(decisions), 4)
    return figures


def measure_all() -> dict[str, dict[str, float]]:
    return {folder.name: measure(folder) for folder in sorted(SAMPLE.iterdir()) if (folder / "html").is_dir()}


def write_floors(figures: dict[str, dict[str, float]], lower: bool) -> list[str]:
    """Floors = figures - MARGIN; a floor goes down only with ``lower``. Returns the refusals."""
    floors = json.loads(FLOORS.read_text("utf-8")) if FLOORS.exists() else {}
    refused = []
    for name, values in figures.items():
        current = floors.setdefault(name, {})
        for key, value in values.items():
            wanted = round(max(0.0, value - MARGIN), 3)
            if key in current and wanted < current[key] and not lower:
                refused.append(f"{name} {key}: {current[key]} -> {wanted} needs --lower-floors")
                continue
            current[key] = wanted
    FLOORS.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return refused


def draw_sample(count: int) -> None:
    """Copy a fixed draw of tuned-fold pages of both sets (half articles for WCXB) here."""
    bench = _bench()
    for source in bench.DEFAULT_DATA:
        truth = json.loads((source / "ground-truth.json").read_text("utf-8"))
        tuned = sorted(k for k, v in truth.items() if bench.fold_of(v.get("url") or "") == "tuned")
        rng = random.Random(SEED)
        if any("page_type" in truth[k] for k in tuned):
            articles = [k for k in tuned if truth[k].get("page_type") == "article"]
            others = [k for k in tuned if truth[k].get("page_type") != "article"]
            chosen = rng.sample(articles, count // 2) + rng.sample(others, count - count // 2)
        else:
            chosen = rng.sample(tuned, count)
        target = SAMPLE / source.name
        if target.exists():
            shutil.rmtree(target)
        (target / "html").mkdir(parents=True)
        for key in chosen:
            shutil.copy(source / "html" / f"{key}.html.gz", target / "html" / f"{key}.html.gz")
            gzip.decompress((target / "html" / f"{key}.html.gz").read_bytes())  # readable
        sample = {key: truth[key] for key in sorted(chosen)}
        (target / "ground-truth.json").write_text(json.dumps(sample, ensure_ascii=False, indent=1) + "\n", "utf-8")
        shutil.copy(source / "LICENSE", target / "LICENSE")
        print(f"{source.name}: {len(chosen)} pages -> {target} (licence {LICENCES.get(source.name, '?')})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write floors from today's figures")
    parser.add_argument("--lower-floors", action="store_true", help="allow --write to lower a floor")
    parser.add_argument("--sample", type=int, default=0, help="redraw the pinned sample with N pages per set")
    args = parser.parse_args(argv)
    if args.sample:
        draw_sample(args.sample)
    figures = measure_all()
    floors = json.loads(FLOORS.read_text("utf-8")) if FLOORS.exists() else {}
    for name, values in figures.items():
        for key, value in values.items():
            print(f"{name:<20} {key:<28} {value:.4f}  floor {floors.get(name, {}).get(key, '-')}")
    if args.write:
        refused = write_floors(figures, args.lower_floors)
        for line in refused:
            print(line, file=sys.stderr)
        return 1 if refused else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
