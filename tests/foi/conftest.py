"""Fixtures shared by the 依申请公开 tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def private_media(settings, tmp_path):
    """Case files go to a throwaway private storage."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path
