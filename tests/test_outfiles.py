"""Output files written whole, with the permissions any new file gets (0666 less the umask)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.outfiles import atomic_output, write_text


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077])
def test_permissions_follow_the_umask(tmp_path: Path, mask: int) -> None:
    old = os.umask(mask)
    try:
        write_text(tmp_path / "sub" / "out.jsonl", ["a\n", "b\n"])
    finally:
        os.umask(old)
    out = tmp_path / "sub" / "out.jsonl"
    assert out.read_text() == "a\nb\n"
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    write_text(out, "old")

    def parts() -> Iterator[str]:
        yield "new, half"
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_text(out, parts())
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]  # no temporary file left
    with atomic_output(out) as fh:
        fh.write("newer")
    assert out.read_text() == "newer"
