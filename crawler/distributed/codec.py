"""The shared queue's serializer (``SCHEDULER_SERIALIZER = "crawler.distributed"``, which re-exports it).

Requests are serialised as JSON, not pickle: nothing read from a shared server is unpickled.
Bytes become ``{"__b": base64}``, dicts with non-string keys ``{"__d": [[k, v], ...]}``.
"""

from __future__ import annotations

import base64
import json
from typing import Any


def _enc(obj: Any) -> Any:
    if isinstance(obj, bytes):
        return {"__b": base64.b64encode(obj).decode("ascii")}
    if isinstance(obj, dict):
        if all(isinstance(k, str) for k in obj) and "__b" not in obj and "__d" not in obj:
            return {k: _enc(v) for k, v in obj.items()}
        return {"__d": [[_enc(k), _enc(v)] for k, v in obj.items()]}
    if isinstance(obj, (list, tuple)):
        return [_enc(v) for v in obj]
    return obj


def _dec(obj: Any) -> Any:
    if isinstance(obj, dict):
        if set(obj) == {"__b"}:
            return base64.b64decode(obj["__b"])
        if set(obj) == {"__d"}:
            return {_dec(k): _dec(v) for k, v in obj["__d"]}
        return {k: _dec(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_dec(v) for v in obj]
    return obj


def dumps(obj: Any) -> bytes:
    """A request dict as JSON (bytes tagged as base64): the queue's serializer."""
    return json.dumps(_enc(obj), separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def loads(data: bytes | str) -> Any:
    """Inverse of :func:`dumps`."""
    return _dec(json.loads(data))
