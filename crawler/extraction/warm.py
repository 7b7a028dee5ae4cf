"""Imported by the extraction pool's fork server before it forks workers: every worker starts
with the extraction modules imported and the language model loaded (``language._model``), so
its first page does not pay ~0.5 s of start-up against ``EXTRACTION_TIMEOUT``."""

from __future__ import annotations

from . import article  # noqa: F401  (imports the whole extraction)
from .language import _model

_model()
