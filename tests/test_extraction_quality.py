"""Quality gate: body F1 and article-decision accuracy on the pinned sample may not fall below
the floors checked in (``tests/fixtures/quality/floors.json``; see ``benchmarks/quality_gate.py``)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "tests" / "fixtures" / "quality"
FLOORS: dict[str, dict[str, float]] = json.loads((SAMPLE / "floors.json").read_text("utf-8"))


def _gate() -> Any:
    spec = importlib.util.spec_from_file_location("quality_gate", REPO / "benchmarks" / "quality_gate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_sample_and_floors_match() -> None:
    sets = sorted(p.name for p in SAMPLE.iterdir() if (p / "html").is_dir())
    assert sets == ["article-extraction", "wcxb-dev"]
    assert sorted(FLOORS) == sets
    for name in sets:
        truth = json.loads((SAMPLE / name / "ground-truth.json").read_text("utf-8"))
        assert len(truth) == len(list((SAMPLE / name / "html").glob("*.html.gz"))) >= 30
        assert (SAMPLE / name / "LICENSE").is_file()


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_quality_not_below_floors(name: str) -> None:
    figures = _gate().measure(SAMPLE / name)
    for key, floor in FLOORS[name].items():
        assert figures[key] >= floor, f"{name} {key} {figures[key]:.4f} fell below its floor {floor}"


def test_lowering_a_floor_needs_the_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gate = _gate()
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"x": {"f1": 0.9}}), "utf-8")
    monkeypatch.setattr(gate, "FLOORS", floors)
    assert gate.write_floors({"x": {"f1": 0.5}}, lower=False)  # refused
    assert json.loads(floors.read_text("utf-8"))["x"]["f1"] == 0.9
    assert not gate.write_floors({"x": {"f1": 0.5}}, lower=True)
    assert json.loads(floors.read_text("utf-8"))["x"]["f1"] == 0.49
