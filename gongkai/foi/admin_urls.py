"""URLs of the 依申请公开 staff admin, registered by gongkai/foi/wagtail_hooks.py."""

from __future__ import annotations

from django.urls import path

from gongkai.foi.views import board, case, contributions

ADMIN_URLS = [
    path("foi/", board.board, name="foi_admin_board"),
    path("foi/export/", board.board_export, name="foi_admin_board_export"),
    path("foi/<int:pk>/", case.case_detail, name="foi_admin_detail"),
    path("foi/<int:pk>/personal-data/", case.case_personal_data, name="foi_admin_personal_data"),
    path(
        "foi/<int:pk>/attachments/<int:attachment_pk>/",
        case.attachment_download,
        name="foi_admin_attachment",
    ),
    path(
        "foi/<int:pk>/events/<int:event_pk>/notice.docx",
        case.event_notice,
        name="foi_admin_event_notice",
    ),
    path(
        "foi/<int:pk>/contributions/",
        contributions.ask,
        name="foi_admin_contribution_ask",
    ),
    path(
        "foi/<int:pk>/contributions/<int:cid>/answer/",
        contributions.answer,
        name="foi_admin_contribution_answer",
    ),
    path(
        "foi/<int:pk>/contributions/<int:cid>/withdraw/",
        contributions.withdraw,
        name="foi_admin_contribution_withdraw",
    ),
    *(
        path(
            f"foi/<int:pk>/{action.slug}/",
            case.case_action,
            {"action": action.name},
            name=f"foi_admin_{action.name}",
        )
        for action in case.ACTIONS
    ),
]
