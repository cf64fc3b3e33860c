"""Search fixtures: the persona county's catalogue (for channels) and corpus helpers."""

from __future__ import annotations

from tests.catalog.conftest import catalogue  # noqa: F401
