"""The 12345 knowledge base in staff search (issue 8): indexed after commit, scoped to the
maintaining unit's staff, never on the portal, dropped when deactivated, rebuilt with the rest."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from gongkai.hotline.knowledge import save_knowledge_entry
from gongkai.search.api import Kind
from gongkai.search.models import SearchEntry
from gongkai.search.service import search_public, search_staff
from gongkai.units.scoping import system_scope

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("system")]

QUESTION = "城关镇老年人高龄津贴怎么申请？"
ANSWER = "年满80周岁的本镇户籍老人，持身份证和户口簿到便民服务中心办理高龄津贴申领。"


def entry(county, now, **extra):
    values = {
        "unit": county.chengguan,
        "question": QUESTION,
        "answer": ANSWER,
        "by": county.township_editor,
        "now": now,
    }
    return save_knowledge_entry(**(values | extra))


def test_entry_is_found_by_its_units_staff_only(county, now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kb = entry(county, now)
    found = search_staff("高龄津贴", user=county.township_editor)
    assert [(h.kind, h.object_id) for h in found.hits] == [(Kind.KNOWLEDGE, kb.pk)]
    assert found.hits[0].url == reverse("hotline_admin_knowledge_edit", args=[kb.pk])
    assert search_staff("便民服务中心", user=county.county_admin).total == 1  # the answer too
    assert search_staff("高龄津贴", user=county.other_reviewer).total == 0  # 河口镇
    assert search_public("高龄津贴").total == 0  # never on the portal


def test_deactivated_entry_leaves_the_index(county, now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kb = entry(county, now)
    with django_capture_on_commit_callbacks(execute=True):
        entry(county, now, entry=kb, is_active=False)
    assert search_staff("高龄津贴", user=county.county_admin).total == 0


def test_rebuild_includes_the_knowledge_base(county, now, django_capture_on_commit_callbacks):
    entry(county, now)  # no commit callbacks run: only the rebuild indexes it
    with system_scope("test"):
        assert not SearchEntry.objects.filter(kind=Kind.KNOWLEDGE).exists()
    call_command("rebuild_search_index", stdout=io.StringIO(), stderr=io.StringIO())
    with system_scope("test"):
        assert SearchEntry.objects.filter(kind=Kind.KNOWLEDGE).count() == 1
