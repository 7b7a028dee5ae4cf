"""Hostile input to ``scrapy recheck`` and ``scrapy merge``: corrupt state, records with wrong
types, JSON nested too deeply, outputs that are folders, FIFOs or devices, inputs with no valid
record. Each ends in a skipped line with a count, or one error line and exit code 2, and never
damages an existing output.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from crawler.items import RECORD_FIELDS
from tests.helpers import read_jsonl, scrapy_cmd

COMMANDS = ["recheck", "merge"]


def record(i: int, **fields: Any) -> dict[str, Any]:
    """A valid output record (the news site's article ``i``; every field of the record, those not
    given here None)."""
    body = " ".join(f"word{i}x{j} harbour festival volunteers" for j in range(30))
    rec: dict[str, Any] = dict.fromkeys(RECORD_FIELDS)
    rec |= {
        "url": f"http://127.0.0.1:8001/news/{i}.html", "canonicalUrl": None, "site": "news", "siteKind": "news",
        "headline": f"Story {i}", "articleBody": body, "description": None, "datePublished": "2024-05-04T10:00:00Z",
        "dateModified": None, "authors": [], "inLanguage": "en", "mainImage": None, "claimedSource": None,
        "syndication": {"clusterId": f"c{i}", "role": "unique", "duplicateOf": None, "containment": None},
        "sourceCheck": {"status": "none", "reasons": [], "originalUrl": None},
        "metadata": {"dateDownloaded": "2024-05-04T11:00:00Z", "discoveredVia": "rss", "httpStatus": 200,
                     "spider": "news"},
    }
    rec.update(fields)
    return rec


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def run(command: str, inputs: list[Path], output: str | Path, tmp_path: Path, *extra: str):  # type: ignore[no-untyped-def]
    args = [command, *map(str, inputs), "-o", str(output), "-s", f"STATE_URI=sqlite:///{tmp_path / 'state.db'}",
            *extra]
    if command == "merge":
        args.append("--recheck")
    return scrapy_cmd(*args, timeout=120)


def null_device(tmp_path: Path) -> Path:
    """A character device to write to. As root, a node of its own (the null device's numbers) in
    ``tmp_path``: a regression would replace that node, not the machine's /dev/null (as the old
    ``write_records`` did with ``-o /dev/null``). Other users cannot replace /dev/null at all."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return node


def one_error_line(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr[-3000:]
    assert lines[0].startswith("error: ") and "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_bad_records_are_skipped_and_counted(command: str, tmp_path: Path) -> None:
    """A record with wrong types and a line of JSON nested 100,000 deep are skipped, with their
    file and line in the log; the good records come through."""
    lines = [
        json.dumps(record(1)),
        json.dumps(record(2, articleBody=["not", "a", "string"], datePublished=20240504)),
        '{"url": "http://127.0.0.1:8001/deep", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
        json.dumps(record(3)),
    ]
    inp = write_lines(tmp_path / "in.jsonl", lines)
    out = tmp_path / "out.jsonl"
    proc = run(command, [inp], out, tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert "2 bad lines skipped" in proc.stderr
    assert f"{inp}:2: skipped" in proc.stderr and "articleBody" in proc.stderr
    assert f"{inp}:3: skipped" in proc.stderr and "nested too deeply" in proc.stderr
    assert sorted(r["url"] for r in read_jsonl(out)) == [record(1)["url"], record(3)["url"]]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_record_with_half_a_character_is_kept(command: str, tmp_path: Path) -> None:
    """JSON's escape of one surrogate ("\\ud83d", a string cut inside an emoji by whatever wrote
    the line) is no character: writing it to the state or the output raised, with a traceback.
    It is read as U+FFFD; a pair of escapes is its one character."""
    lines = [json.dumps(record(1, headline="Cut \ud83d", site="news\udfff")),
             json.dumps(record(2, headline="Whole \ud83d\ude00")),
             json.dumps(record(3, url="http://127.0.0.1:8001/news/3.html?q=\ud800"))]
    assert "\\ud83d" in lines[0]  # json.dumps escapes the lone surrogate
    inp = write_lines(tmp_path / "in.jsonl", lines)
    out = tmp_path / "out.jsonl"
    proc = run(command, [inp], out, tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    got = {r["url"]: r for r in read_jsonl(out)}
    assert got[record(1)["url"]]["headline"] == "Cut \ufffd" and got[record(1)["url"]]["site"] == "news\ufffd"
    assert got[record(2)["url"]]["headline"] == "Whole \U0001f600"
    assert "http://127.0.0.1:8001/news/3.html?q=\ufffd" in got


@pytest.mark.parametrize("command", COMMANDS)
def test_corrupt_state_file_is_one_line(command: str, tmp_path: Path) -> None:
    (tmp_path / "state.db").write_bytes(b"SQLite format 2\x00" + os.urandom(4000))
    inp = write_lines(tmp_path / "in.jsonl", [json.dumps(record(1))])
    out = write_lines(tmp_path / "out.jsonl", ["kept"])
    proc = run(command, [inp], out, tmp_path)
    assert proc.returncode == 2
    line = one_error_line(proc.stderr)
    assert "state.db" in line and "not an SQLite database" in line
    assert out.read_text() == "kept\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_input_without_a_valid_record_keeps_the_output(command: str, tmp_path: Path) -> None:
    inp = write_lines(tmp_path / "in.jsonl", ["not json", json.dumps({"no": "url"})])
    out = write_lines(tmp_path / "out.jsonl", [json.dumps(record(9))])
    before = out.read_bytes()
    proc = run(command, [inp], out, tmp_path)
    assert proc.returncode == 2
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("error: ")]
    assert line == [f"error: no valid record in the input (2 bad lines skipped): {out} not written"]
    assert "Traceback" not in proc.stderr
    assert out.read_bytes() == before


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", ["folder", "under_a_file", "fifo", "device"])
def test_output_that_is_not_a_file_is_refused_and_left_alone(command: str, kind: str, tmp_path: Path) -> None:
    inp = write_lines(tmp_path / "in.jsonl", [json.dumps(record(1))])
    if kind == "folder":
        out = tmp_path / "folder.jsonl"
        out.mkdir()
        expected, check = "is a folder, not a file", stat.S_ISDIR
    elif kind == "under_a_file":
        (tmp_path / "afile").write_text("x")
        out = tmp_path / "afile" / "out.jsonl"
        expected, check = "is not a folder", None
    elif kind == "fifo":
        out = tmp_path / "pipe"
        os.mkfifo(out)
        expected, check = "is not a regular file", stat.S_ISFIFO
    else:
        out = null_device(tmp_path)
        expected, check = "is not a regular file", stat.S_ISCHR
    proc = run(command, [inp], out, tmp_path)
    assert proc.returncode == 2
    line = one_error_line(proc.stderr)
    assert str(out) in line and expected in line
    if check is not None:
        assert check(os.stat(out).st_mode)
    if out.parent.is_dir():  # no temporary file left behind
        assert [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")] == []


@pytest.mark.parametrize("command", COMMANDS)
def test_output_in_a_missing_folder_is_created_and_dash_is_stdout(command: str, tmp_path: Path) -> None:
    inp = write_lines(tmp_path / "in.jsonl", [json.dumps(record(1))])
    out = tmp_path / "new" / "folder" / "out.jsonl"
    proc = run(command, [inp], out, tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert [r["url"] for r in read_jsonl(out)] == [record(1)["url"]]
    proc = run(command, [inp], "-", tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert [json.loads(line)["url"] for line in proc.stdout.splitlines()] == [record(1)["url"]]
