"""The catalogue's demo generator: every unit's catalogue, items, boards and 三审 in every state.

Slow (≈ 25 s on SQLite): the real `demo_county --scale small` runs twice on a fresh database.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page, TaskState, WorkflowState

from gongkai.catalog.models import (
    ChannelFreshness,
    ChannelPage,
    ItemPage,
    PolicyLink,
    StandardDirectory,
    UnitCatalogPage,
    Withdrawal,
)
from gongkai.units.models import Unit, User

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "catalogues": UnitCatalogPage.objects.count(),
        "channels": ChannelPage.objects.count(),
        "items": ItemPage.objects.count(),
        "public": ItemPage.objects.filter(is_public=True).count(),
        "policy_links": PolicyLink.objects.count(),
        "entry_links": ItemPage.standard_entries.through.objects.count(),
        "directories": StandardDirectory.unscoped.count(),
        "workflows": WorkflowState.objects.count(),
        "withdrawals": Withdrawal.unscoped.count(),
    }


def review_item(key: str) -> ItemPage:
    return ItemPage.objects.get(unit__code="chengguan", import_key=f"demo-review:{key}")


def test_demo_county_small_builds_the_catalogue_once(system):
    out = io.StringIO()
    call_command("demo_county", "--scale", "small", stdout=out)
    text = out.getvalue()
    first = counts()
    units = Unit.unscoped.count()
    users = User.objects.count()
    assert Unit.unscoped.filter(kind="township").count() == 30
    assert Unit.unscoped.filter(name="霍邱县冯瓴镇人民政府").exists()  # 瓴, not 岭
    for login in ["county_admin", "cg_editor", "fgw_reviewer", "operator", "observer"]:
        assert login in text
    assert "Gongkai@2026" in text
    assert f"政府信息公开目录：{units} 个单位" in text
    assert "三审演示：城关镇有待初审/待复审/待终审/已退回/已定时/已撤稿信息各 1 条" in text
    assert first["catalogues"] == units
    assert first["public"] >= 10 * units
    assert first["policy_links"] > 0 and first["entry_links"] > 0
    assert Page.find_problems() == ([], [], [], [], [])

    # Every township and the departments responsible for an area have a 两化 directory.
    townships = Unit.unscoped.filter(kind="township").count()
    assert StandardDirectory.unscoped.filter(unit__kind="township").count() == 20 * townships
    assert StandardDirectory.unscoped.filter(unit__code="jyj", area_name="义务教育").exists()

    # Channels belong to the unit's editor (the persona where there is one).
    assert set(
        ChannelPage.objects.filter(unit__code="chengguan").values_list(
            "responsible_editor__username", flat=True
        )
    ) == {"cg_editor"}
    assert set(
        ChannelPage.objects.filter(unit__code="hekou").values_list(
            "responsible_editor__username", flat=True
        )
    ) == {"hekou_e"}

    # Realistic metadata: 文号 with the unit's 机关代字, interpretations linked to policies.
    normative = ItemPage.objects.filter(channel__slug="xzgfxwj", unit__code="chengguan").first()
    assert re.fullmatch(r"城政〔\d{4}〕\d+号", normative.doc_number)
    assert normative.needs_interpretation and normative.validity == "valid"
    for interpretation in ItemPage.objects.filter(kind="interpretation", is_public=True):
        assert interpretation.policy_links.filter(policy__kind="policy").exists()

    # The freshness board has fresh, stale and blank channels.
    statuses = set(ChannelFreshness.unscoped.values_list("status", flat=True))
    assert {"fresh", "stale", "empty"} <= statuses

    # 三审 in every state, through the real workflow.
    draft = review_item("draft")
    assert not draft.live and draft.current_workflow_state is None
    for key, step in (("first", "初审"), ("second", "复审"), ("final", "终审")):
        item = review_item(key)
        assert not item.live and item.current_workflow_task.name == step
    rejected = review_item("rejected")
    assert WorkflowState.objects.for_instance(rejected).get().status == "cancelled"
    assert TaskState.objects.filter(
        workflow_state__object_id=str(rejected.pk), status="rejected", task__name="初审"
    ).exists()
    published = review_item("published")
    assert published.live and published.index_number.startswith("chengguan/")
    scheduled = review_item("scheduled")
    assert not scheduled.live and scheduled.latest_revision.approved_go_live_at is not None
    withdrawn = review_item("withdrawn")
    assert not withdrawn.live and withdrawn.withdrawn_reason
    assert Withdrawal.unscoped.filter(item=withdrawn).count() == 1

    # The quality checks have word lists and a first site-wide scan that finds the planted
    # problems (personal data, 文号 with [], 冯岭镇), stored masked.
    from gongkai.checks.models import LexiconTerm, ScanFinding

    assert LexiconTerm.objects.filter(term="冯岭镇", suggestion="冯瓴镇").exists()
    rules = set(ScanFinding.unscoped.values_list("rule", flat=True))
    assert {"pii.id_card", "pii.mobile", "docnum.format", "lexicon.typo"} <= rules

    # Running it again creates nothing.
    out = io.StringIO()
    call_command("demo_county", "--scale", "small", stdout=out)
    assert "本次新建 0 条" in out.getvalue()
    assert counts() == first
    assert User.objects.count() == users
