"""Private file storage: files under PRIVATE_MEDIA_ROOT with no public address.

Used by the private attachments of 依申请公开 cases and 12345 tickets
(:class:`gongkai.core.models.PrivateAttachment`); views stream the files after a permission
check, never through a URL.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """The root is read on every use so tests (and settings) can move it."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("private files have no URL")


def private_storage() -> FileSystemStorage:
    return PrivateStorage()
