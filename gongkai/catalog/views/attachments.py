"""Attachment downloads: never served as active content.

Files are stored under opaque names and served through this view only: the content type is the
one sniffed at upload, browsers are told not to sniff (nosniff) and not to run anything
(CSP sandbox), and everything except PDF and images downloads instead of opening inline.
"""

from __future__ import annotations

from django.http import FileResponse, Http404

from gongkai.catalog.models import ItemAttachment
from gongkai.units.selectors import scope_for

INLINE_KINDS = {"pdf", "png", "jpeg", "gif", "webp"}


def download(request, pk: int):
    attachment = ItemAttachment.objects.select_related("item").filter(pk=pk).first()
    if attachment is None or not attachment.file:
        raise Http404
    item = attachment.item
    if not item.is_public:
        # Drafts' attachments only for staff of the item's unit (previewing before review).
        scope = scope_for(request.user)
        if not scope.allows(item.unit_id):
            raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=attachment.mime or "application/octet-stream",
        as_attachment=attachment.kind not in INLINE_KINDS,
        filename=attachment.original_name or f"附件{attachment.extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["Cache-Control"] = "public, max-age=3600" if item.is_public else "private, no-store"
    return response
