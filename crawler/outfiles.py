"""Output files written whole: a temporary file in the same folder, renamed over the target.

A reader never sees half a file, and a failed write leaves the old file. The file gets the
permissions any new file gets (``0666`` less the umask), not the ``0600`` of the temporary file
that :func:`tempfile.mkstemp` creates.

The rename would replace whatever is at the target, so a target that is not a regular file (a
folder, a FIFO, a socket, a device: ``-o /dev/null`` run as root) is refused, as is a folder that
cannot be created or written: :class:`OutputError`, whose message is one line, before anything is
written (:func:`output_problem` says why). A symbolic link is followed: its target is replaced.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


class OutputError(ValueError):
    """An output file cannot be written; the message is one line for the user."""


def output_problem(output: str | Path, *, replace: bool = True) -> str | None:
    """Why ``output`` cannot be written (one line), or None. ``replace``: it is replaced by a
    rename (:func:`atomic_output`), so anything but a regular file is refused; otherwise (a
    crawl's feed, written into) a FIFO or a device is fine."""
    path = Path(output)
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        st = None
    except OSError as exc:
        return f"cannot use the output {path}: {exc.strerror or exc}"
    if st is not None and stat.S_ISDIR(st.st_mode):
        return f"the output {path} is a folder, not a file"
    if st is not None and not stat.S_ISREG(st.st_mode):
        if replace:
            return (f"the output {path} is not a regular file (a FIFO, socket or device) and would be replaced: "
                    "give a file, or - for stdout")
        return None
    if st is not None and not os.access(path, os.W_OK):
        return f"the output {path} is read-only"
    folder = path.resolve().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return f"cannot create the folder of the output {path}: {folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"cannot write the output {path}: the folder {folder} is not writable"
    return None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_output(output: str | Path, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text file to write ``output`` through; renamed over it when the block ends without error.
    :class:`OutputError` when ``output`` cannot be written (see the module docstring)."""
    problem = output_problem(output)
    if problem:
        raise OutputError(problem)
    path = Path(output).resolve()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write the output {output}: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding=encoding) as fh:
            yield fh
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write the output {output}: {exc.strerror or exc}") from None
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
