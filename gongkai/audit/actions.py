"""Names of audit actions. Codes are namespaced `<app>.<object>.<verb>`; labels are for people.

Modules register their labels with `register_actions` so the log reads in Chinese.
"""

from __future__ import annotations

_LABELS: dict[str, str] = {}


def register_actions(labels: dict[str, str]) -> None:
    _LABELS.update(labels)


def action_label(code: str) -> str:
    return _LABELS.get(code, code)
