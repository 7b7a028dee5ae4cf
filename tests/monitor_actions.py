"""A Spidermon action for the monitor tests (``MONITOR_FAILED_ACTIONS``): writes what it was told.

Real actions (Slack, e-mail) send the same result elsewhere; this one writes the names of the
failed monitors and their messages to the file named by the ``TEST_ACTION_FILE`` setting.
"""

from __future__ import annotations

import json
from typing import Any

from spidermon import Action


class RecordFailure(Action):  # type: ignore[misc]
    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    @classmethod
    def from_crawler_kwargs(cls, crawler: Any) -> dict[str, Any]:
        return {"path": crawler.settings.get("TEST_ACTION_FILE")}

    def run_action(self) -> None:
        failed = [{"monitor": r.item.name, "reason": r.reason} for r in self.result.monitors_failed_results]
        with open(self.path, "w", encoding="utf-8") as fh:
            json.dump({"failed": failed, "spider": self.data.spider.name}, fh)
