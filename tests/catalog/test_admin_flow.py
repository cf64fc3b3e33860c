"""The 三审 through the real admin views: create + submit, approve three times, withdraw."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from gongkai.catalog.models import ItemAttachment, ItemPage

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def item_form(title: str, **extra) -> dict:
    data = nested_form_data(
        {
            "title": title,
            "kind": "general",
            "publisher": "",
            "doc_number": "",
            "validity": "n/a",
            "written_on": "",
            "published_on": "",
            "topic": "综合政务",
            "genre": "通知",
            "keywords": "测试",
            "summary": "概述",
            "body": rich_text("<p>正文内容</p>"),
            "attachments": inline_formset([]),
            "policy_links": inline_formset([]),
            "related_links": inline_formset([]),
            "needs_interpretation": "",
            "interpretation_form": "",
            "comments": inline_formset([]),
        }
    )
    data.update(extra)
    return data


def approve(client, user, item):
    item = ItemPage.objects.get(pk=item.pk)
    state = item.current_workflow_task_state
    client.force_login(user)
    url = f"/admin/pages/workflow/action/{item.pk}/approve/{state.pk}/"
    response = client.post(url, {"comment": ""})
    assert response.status_code in (200, 302), response.content[:500]
    return response


def test_editor_to_portal_through_admin(client, county, catalogue, system):
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    client.force_login(county.township_editor)
    data = item_form("关于开展冬季消防安全检查的通知", **{"action-submit": "1"})
    response = client.post(f"/admin/pages/add/catalog/itempage/{channel.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    item = ItemPage.objects.get(title="关于开展冬季消防安全检查的通知")
    assert item.current_workflow_task.name == "初审"
    # Another township's reviewer cannot act on it.
    client.force_login(county.other_reviewer)
    state = item.current_workflow_task_state
    response = client.post(f"/admin/pages/workflow/action/{item.pk}/approve/{state.pk}/", {})
    assert response.status_code in (302, 403, 404)
    assert ItemPage.objects.get(pk=item.pk).current_workflow_task.name == "初审"
    approve(client, county.township_reviewer, item)
    approve(client, county.township_leader, item)
    approve(client, county.county_admin, item)
    item = ItemPage.objects.get(pk=item.pk)
    assert item.live and item.index_number


def test_editor_cannot_publish_directly(client, county, catalogue, system):
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    client.force_login(county.township_editor)
    data = item_form("想直接发布", **{"action-publish": "1"})
    client.post(f"/admin/pages/add/catalog/itempage/{channel.pk}/", data)
    item = ItemPage.objects.filter(title="想直接发布").first()
    assert item is None or not item.live


def test_editor_cannot_edit_other_townships_catalogue(client, county, catalogue, system):
    channel = catalogue.channel(catalogue.hekou, "tzgg")
    client.force_login(county.township_editor)
    response = client.get(f"/admin/pages/add/catalog/itempage/{channel.pk}/")
    assert response.status_code in (302, 403)


def test_attachment_is_sniffed_and_served_safely(client, county, catalogue, system):
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    client.force_login(county.township_editor)
    fake = SimpleUploadedFile(
        "通知.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"
    )
    data = item_form(
        "带附件的通知",
        **{
            "action-submit": "1",
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "",
            "attachments-0-id": "",
            "attachments-0-ORDER": "1",
            "attachments-0-DELETE": "",
        },
    )
    response = client.post(
        f"/admin/pages/add/catalog/itempage/{channel.pk}/", {**data, "attachments-0-file": fake}
    )
    assert response.status_code == 200  # form redisplayed with the error
    assert "HTML" in response.content.decode()
    good = SimpleUploadedFile("通知.pdf", PDF, "application/octet-stream")
    response = client.post(
        f"/admin/pages/add/catalog/itempage/{channel.pk}/", {**data, "attachments-0-file": good}
    )
    assert response.status_code == 302
    attachment = ItemAttachment.objects.get()
    assert attachment.kind == "pdf" and attachment.mime == "application/pdf"
    client.logout()
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404  # not public yet
    client.force_login(county.township_editor)
    response = client.get(f"/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_bulk_publish_is_refused_even_for_superusers(client, county, catalogue, system):
    from gongkai.units.models import User
    from tests.catalog.conftest import draft_item

    item = draft_item(catalogue.channel(catalogue.chengguan, "tzgg"), county.township_editor)
    admin = User.objects.create_superuser("root", password="x")
    client.force_login(admin)
    url = f"/admin/bulk/wagtailcore/page/publish/?id={item.pk}"
    client.post(url, {})
    assert not ItemPage.objects.get(pk=item.pk).live
    # And the editor's publish button is not offered, even to a superuser.
    response = client.get(f"/admin/pages/{item.pk}/edit/")
    assert 'name="action-publish"' not in response.content.decode()


def test_standard_entries_offered_are_the_units_own(client, county, catalogue, system, now):
    from gongkai.catalog.services import instantiate_standard_directory

    instantiate_standard_directory(unit=county.chengguan, by=None, now=now, areas=[4])
    instantiate_standard_directory(unit=county.hekou, by=None, now=now, areas=[4])
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    client.force_login(county.township_editor)
    response = client.get(f"/admin/pages/add/catalog/itempage/{channel.pk}/")
    form = response.context["form"]
    units = set(form.fields["standard_entries"].queryset.values_list("unit_id", flat=True))
    assert units == {county.chengguan.pk}


def test_normative_documents_always_need_an_interpretation(county, catalogue, system):
    from tests.catalog.conftest import draft_item

    channel = catalogue.channel(catalogue.chengguan, "xzgfxwj")
    item = draft_item(channel, county.township_editor, kind="policy", doc_number="城政〔2026〕3号")
    item.full_clean()
    assert item.needs_interpretation


def test_dashboard_lists_my_channels_with_a_write_button(client, county, catalogue, system):
    client.force_login(county.township_editor)
    html = client.get("/admin/").content.decode()
    assert "我的栏目" in html and "发布新信息" in html
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    assert f"/admin/pages/add/catalog/itempage/{channel.pk}/" in html
    hekou = catalogue.channel(catalogue.hekou, "tzgg")
    assert f"/admin/pages/add/catalog/itempage/{hekou.pk}/" not in html


def test_approving_from_the_edit_form_without_changes_moves_on(client, county, catalogue, system):
    """The reviewers' 审核通过 button submits the whole edit form; an unchanged form (even when
    the rich-text editor re-keys its blocks) must not restart the review."""
    from tests.catalog.conftest import draft_item, submit

    item = draft_item(catalogue.channel(catalogue.chengguan, "tzgg"), county.township_editor)
    submit(item, county.township_editor)
    client.force_login(county.township_reviewer)
    same = {"topic": item.topic, "keywords": item.keywords, "summary": item.summary}
    data = item_form(
        item.title, body=rich_text("<p>各村（社区）：请做好冬季防火工作。</p>"), **same
    )
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})
    client.post(f"/admin/pages/{item.pk}/edit/", data)
    assert ItemPage.objects.get(pk=item.pk).current_workflow_task.name == "复审"
    # The leader changes the text while approving: everyone reviews the new text again.
    client.force_login(county.township_leader)
    data = item_form(item.title, body=rich_text("<p>改过的正文。</p>"), **same)
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})
    client.post(f"/admin/pages/{item.pk}/edit/", data)
    item = ItemPage.objects.get(pk=item.pk)
    assert item.current_workflow_task.name == "初审"
    client.force_login(county.township_reviewer)
    client.post(
        f"/admin/pages/workflow/action/{item.pk}/approve/{item.current_workflow_task_state.pk}/",
        {"comment": ""},
    )
    assert ItemPage.objects.get(pk=item.pk).current_workflow_task.name == "复审"
