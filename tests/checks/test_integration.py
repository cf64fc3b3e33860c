"""Quality checks inside the platform: the pre-check, the site-wide scan, the word lists."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from gongkai.audit.models import AuditEntry
from gongkai.catalog.bulk import NewItem, bulk_create_items
from gongkai.checks.domain.pii import id18_check_char
from gongkai.checks.models import LexiconTerm, ScanFinding
from gongkai.checks.services import ChecksError, save_term, scan_site
from gongkai.units.errors import NotAllowed
from tests.catalog.conftest import draft_item, submit

pytestmark = pytest.mark.django_db


def an_id_number() -> str:
    first17 = "34152219800101123"
    return first17 + id18_check_char(first17)


def test_id_number_in_body_blocks_submission(county, catalogue, system):
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    body = f"<p>经审核，张三（身份证号{an_id_number()}）符合低保条件。</p>"
    item = draft_item(channel, county.township_editor, body=body)
    submit(item, county.township_editor)
    state = WorkflowState.objects.get(object_id=str(item.pk))
    assert state.status == WorkflowState.STATUS_CANCELLED
    comment = TaskState.objects.get(workflow_state=state, task__name="预检").comment
    assert "身份" in comment
    assert an_id_number() not in comment  # the reason never repeats the personal data


def test_county_word_list_blocks_known_typo(county, catalogue, system, now):
    save_term(
        None,
        by=county.county_admin,
        now=now,
        term="冯岭镇",
        kind="typo",
        suggestion="冯瓴镇",
        severity="blocking",
        note="",
        is_active=True,
    )
    assert AuditEntry.objects.filter(action="checks.term.save").exists()
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    item = draft_item(channel, county.township_editor, title="冯岭镇召开秋季防火工作会议")
    submit(item, county.township_editor)
    comment = TaskState.objects.get(
        task__name="预检", workflow_state__object_id=str(item.pk)
    ).comment
    assert "冯瓴镇" in comment


def test_only_the_county_office_edits_word_lists(county, now):
    with pytest.raises(NotAllowed):
        save_term(
            None,
            by=county.township_editor,
            now=now,
            term="某词",
            kind="sensitive",
            suggestion="",
            severity="blocking",
            note="",
            is_active=True,
        )
    with pytest.raises(ChecksError):
        save_term(
            None,
            by=county.county_admin,
            now=now,
            term="冯岭镇",
            kind="typo",
            suggestion="",
            severity="blocking",
            note="",
            is_active=True,
        )
    assert not LexiconTerm.objects.exists()


def test_site_scan_report_is_scoped_and_masked(client, county, catalogue, system, today):
    cg = catalogue.channel(catalogue.chengguan, "tzgg")
    hk = catalogue.channel(catalogue.hekou, "tzgg")
    number = an_id_number()
    bulk_create_items(
        [
            NewItem(
                channel_id=cg.pk,
                title="低保名单公示",
                published_on=today,
                body=f"<p>李四 {number} 联系电话13912345678</p>",
            ),
            NewItem(
                channel_id=hk.pk,
                title="通知",
                published_on=today,
                body="<p>依据霍政办[2024]12号文件执行。</p>",
            ),
            NewItem(
                channel_id=hk.pk, title="干净的信息", published_on=today, body="<p>没有问题。</p>"
            ),
        ]
    )
    run = scan_site(by=county.county_admin, today=today, now=timezone.now())
    assert run.items_checked == 3
    rules = set(ScanFinding.unscoped.values_list("rule", flat=True))
    assert {"pii.id_card", "pii.mobile", "docnum.format"} <= rules
    assert not ScanFinding.unscoped.filter(excerpt__contains=number).exists()  # stored masked
    client.force_login(county.county_admin)
    html = client.get("/admin/checks/report/").content.decode()
    assert "城关镇" in html and "河口镇" in html
    client.force_login(county.other_reviewer)
    html = client.get("/admin/checks/report/").content.decode()
    assert "河口镇" in html and "低保名单公示" not in html
    response = client.get("/admin/checks/report/export/")
    assert response.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert all(r[0] == "河口镇" for r in rows[1:]) and len(rows) > 1


def test_check_text_command_json(tmp_path, capsys, db):
    path = tmp_path / "t.txt"
    text = f"申请人身份证号{an_id_number()}，依据霍政办【2024】5号。"
    path.write_text(text, encoding="utf-8")
    call_command("check_text", str(path), "--json")
    payload = json.loads(capsys.readouterr().out)
    assert {"pii.id_card", "docnum.format"} <= {f["rule"] for f in payload}
    for f in payload:
        assert set(f) == {"rule", "severity", "start", "end", "text", "suggestion"}
        assert text[f["start"] : f["end"]] == f["text"]
    docnum = next(f for f in payload if f["rule"] == "docnum.format")
    assert docnum["suggestion"] == "霍政办〔2024〕5号"


def test_inspect_view_marks_findings_in_place(client, county, catalogue, system):
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    item = draft_item(channel, county.township_editor, body="<p>请联系13912345678办理。</p>")
    client.force_login(county.township_editor)
    html = client.get(f"/admin/checks/items/{item.pk}/").content.decode()
    assert "<mark" in html and "13912345678" not in html
    client.force_login(county.other_reviewer)
    assert client.get(f"/admin/checks/items/{item.pk}/").status_code in (302, 403)
