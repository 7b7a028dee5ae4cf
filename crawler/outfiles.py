"""Output files written whole: a temporary file in the same folder, renamed over the target.

A reader never sees half a file, and a failed write leaves the old file. The file gets the
permissions any new file gets (``0666`` less the umask), not the ``0600`` of the temporary file
that :func:`tempfile.mkstemp` creates.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_output(output: str | Path, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text file to write ``output`` through; renamed over it when the block ends without error."""
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding=encoding) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(output: str | Path, parts: str | Iterable[str]) -> None:
    """Write ``parts`` (a string, or strings in order) to ``output`` atomically."""
    with atomic_output(output) as fh:
        if isinstance(parts, str):
            fh.write(parts)
        else:
            for part in parts:
                fh.write(part)
