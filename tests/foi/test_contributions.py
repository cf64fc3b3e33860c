"""协办 (units asked to contribute) end to end: the services' guards (nothing written when
refused), the audit and notices, who reads what (persona matrix), the case page forms, the
reminder job, and closing a case withdrawing open requests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.audit.models import AuditEntry
from gongkai.core.models import Notice
from gongkai.foi import contributions, selectors, services
from gongkai.foi.contributions_models import FoiContribution
from gongkai.foi.jobs import remind_contributions
from gongkai.foi.models import FoiAttachment, FoiEvent, FoiRequest
from gongkai.units.errors import NotAllowed
from gongkai.units.scoping import activate, restricted_scope, system_scope
from gongkai.units.selectors import scope_for_user as unit_scope_for
from tests.foi.case_helpers import (
    NOW,
    OK_ON,
    close_case,
    make_case,
    pinned_clock,  # noqa: F401  (fixture)
    text,
    url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
D = dt.date
DUE = D(2026, 12, 3)
QUESTION = "请提供2025年城关镇老旧小区改造项目的立项批复文号及批复文件"


@pytest.fixture
def case(county):
    """城关镇, received in person 2026-11-20: the reply is due 2026-12-18."""
    return make_case(county, arrived_on=OK_ON)


def ask(county, case, *, unit=None, by=None, due_on=DUE, question=QUESTION):
    return contributions.ask_contribution(
        case,
        unit=unit or county.fgw,
        question=question,
        due_on=due_on,
        by=by or county.township_editor,
        now=NOW,
    )


def rows(case=None) -> list[FoiContribution]:
    with system_scope("test assertions"):
        qs = FoiContribution.unscoped.order_by("pk")
        return list(qs.filter(request=case) if case else qs)


def audit_count(prefix: str = "foi.contribution") -> int:
    with system_scope("test assertions"):
        return AuditEntry.objects.filter(action__startswith=prefix).count()


def notices(user) -> list[Notice]:
    return list(Notice.objects.filter(user=user, kind="foi.contribution").order_by("pk"))


# ---------------------------------------------------------------- services


def test_ask_answer_writes_audit_and_notices(county, case):
    row = ask(county, case)
    assert row.state == "asked" and row.due_on == D(2026, 12, 3)
    assert audit_count("foi.contribution.ask") == 1
    [notice] = notices(county.dept_reviewer)
    assert case.tracking_code in notice.title and "2026年12月3日" in notice.body
    contributions.answer_contribution(
        row, answer="批复文号为霍发改投资〔2025〕18号，文件见附件", by=county.dept_reviewer, now=NOW
    )
    [row] = rows(case)
    assert row.state == "answered" and row.answered_by == county.dept_reviewer
    assert audit_count("foi.contribution.answer") == 1
    # The handler who asked (and the handling units' staff) hear of the answer.
    assert any("已答复" in n.title for n in notices(county.township_editor))
    # A contribution does not touch the clock ledger (not a consultation, Arts. 32/34).
    with system_scope("test assertions"):
        assert FoiEvent.unscoped.filter(request=case).count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"unit": "chengguan"}, "已是本申请的受理机关或承办单位"),
        ({"question": "   "}, "请写明需要协办的事项"),
        ({"question": "问" * 2001}, "不能超过2000字"),
        ({"due_on": D(2026, 11, 25)}, "不能早于今天"),
        ({"due_on": D(2026, 12, 17)}, "协办期限最迟为2026年12月16日"),
    ],
)
def test_ask_refusals_write_nothing(county, case, change, message):
    kwargs = dict(change)
    if "unit" in kwargs:
        kwargs["unit"] = getattr(county, kwargs["unit"])
    with pytest.raises(services.FoiError, match=message):
        ask(county, case, **kwargs)
    assert rows() == [] and audit_count() == 0 and notices(county.dept_reviewer) == []


def test_one_open_request_per_unit(county, case):
    ask(county, case)
    with pytest.raises(services.FoiError, match="已请求霍邱县发展和改革委员会协办，尚未答复"):
        ask(county, case)
    assert len(rows()) == 1
    # Another unit may be asked at the same time.
    ask(county, case, unit=county.hekou)
    assert len(rows()) == 2


@pytest.mark.parametrize("persona", ["dept_reviewer", "other_reviewer", "observer", "operator"])
def test_only_the_case_handlers_may_ask(county, case, persona):
    with pytest.raises(NotAllowed):
        ask(county, case, by=getattr(county, persona))
    assert rows() == []


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("dept_reviewer", True),  # the unit asked
        ("county_admin", True),
        ("township_editor", False),  # the asker does not answer for the other unit
        ("other_reviewer", False),
        ("observer", False),
    ],
)
def test_who_may_answer(county, case, persona, allowed):
    row = ask(county, case)
    user = getattr(county, persona)
    if allowed:
        contributions.answer_contribution(row, answer="已核实", by=user, now=NOW)
        assert rows()[0].state == "answered"
    else:
        with pytest.raises(NotAllowed):
            contributions.answer_contribution(row, answer="已核实", by=user, now=NOW)
        assert rows()[0].state == "asked" and audit_count("foi.contribution.answer") == 0


def test_answer_and_withdraw_are_final(county, case):
    row = ask(county, case)
    contributions.answer_contribution(row, answer="已核实", by=county.dept_reviewer, now=NOW)
    with pytest.raises(services.FoiError, match="已答复，不能再答复"):
        contributions.answer_contribution(row, answer="再答", by=county.dept_reviewer, now=NOW)
    with pytest.raises(services.FoiError, match="已答复，不能再撤回"):
        contributions.withdraw_contribution(
            row, reason="不需要了", by=county.township_editor, now=NOW
        )
    assert rows()[0].answer == "已核实"


def test_withdraw_needs_a_reason_and_the_handler(county, case):
    row = ask(county, case)
    with pytest.raises(services.FoiError, match="请填写撤回原因"):
        contributions.withdraw_contribution(row, reason=" ", by=county.township_editor, now=NOW)
    with pytest.raises(NotAllowed):
        contributions.withdraw_contribution(
            row, reason="不需要了", by=county.dept_reviewer, now=NOW
        )
    contributions.withdraw_contribution(
        row, reason="已从档案中查到", by=county.township_editor, now=NOW
    )
    [row] = rows()
    assert row.state == "withdrawn" and row.withdrawn_reason == "已从档案中查到"
    # After a withdrawal the unit may be asked again.
    ask(county, case)
    assert [r.state for r in rows()] == ["withdrawn", "asked"]


def test_empty_answer_is_refused(county, case):
    row = ask(county, case)
    with pytest.raises(services.FoiError, match="请填写协办意见"):
        contributions.answer_contribution(row, answer="  ", by=county.dept_reviewer, now=NOW)
    assert rows()[0].state == "asked"


def test_database_refuses_an_answered_row_without_answer(county, case):
    from django.db import IntegrityError, transaction

    row = ask(county, case)
    with transaction.atomic(), pytest.raises(IntegrityError):
        FoiContribution.unscoped.filter(pk=row.pk).update(state="answered")


def test_closing_the_case_withdraws_open_requests(county, case):
    ask(county, case)
    answered = ask(county, case, unit=county.hekou)
    contributions.answer_contribution(
        answered, answer="无相关信息", by=county.other_reviewer, now=NOW
    )
    from gongkai.foi.contributions import withdraw_open_contributions

    with system_scope("test"):
        assert withdraw_open_contributions(case, by=county.township_editor, now=NOW) == 1
    assert [r.state for r in rows()] == ["withdrawn", "answered"]
    assert rows()[0].withdrawn_reason == "申请已办结"


def test_closed_case_cannot_be_asked_or_answered(county, case):
    row = ask(county, case)
    close_case(case, on=D(2026, 11, 25), by=county.township_editor)
    case = FoiRequest.unscoped.get(pk=case.pk)
    with pytest.raises(services.FoiError, match="申请已办结"):
        ask(county, case, unit=county.hekou)
    with pytest.raises(services.FoiError, match="申请已办结"):
        contributions.answer_contribution(row, answer="已核实", by=county.dept_reviewer, now=NOW)


# ---------------------------------------------------------------- scope and personal data


def test_the_contributing_unit_reads_the_case_but_not_its_ledger_or_personal_data(county, case):
    ask(county, case)
    with unit_scope_for(county.dept_reviewer):
        assert list(selectors.visible_requests().values_list("pk", flat=True)) == [case.pk]
        assert not FoiEvent.objects.filter(request=case).exists()
        assert FoiContribution.objects.count() == 1
    with unit_scope_for(county.other_reviewer):
        assert not selectors.visible_requests().exists()
        assert not FoiContribution.objects.exists()
    with pytest.raises(NotAllowed):
        selectors.personal_data(case, by=county.dept_reviewer, now=NOW)


def test_a_case_with_two_contributing_units_is_one_row(county, case):
    ask(county, case)
    ask(county, case, unit=county.hekou)
    both = restricted_scope([county.fgw.pk, county.hekou.pk, county.chengguan.pk], "test")
    with activate(both):
        assert list(selectors.visible_requests().values_list("pk", flat=True)) == [case.pk]
        assert FoiContribution.objects.count() == 2


# ---------------------------------------------------------------- the case page


def test_handler_asks_on_the_case_page(client, county, case):
    client.force_login(county.township_editor)
    page = client.get(url("detail", case.pk))
    assert page.status_code == 200
    assert page.context["contribution_ask_form"].initial["due_on"] == D(2026, 12, 3)
    response = client.post(
        url("contribution_ask", case.pk),
        {"unit": county.fgw.pk, "question": QUESTION, "due_on": "2026-12-03"},
    )
    assert response.status_code == 302
    page = text(client.get(url("detail", case.pk)))
    assert "霍邱县发展和改革委员会" in page and "待协办单位答复" in page and QUESTION in page
    assert "撤回协办请求" in page and "提交协办意见" not in page


def test_refused_ask_shows_the_message_and_writes_nothing(client, county, case):
    client.force_login(county.township_editor)
    response = client.post(
        url("contribution_ask", case.pk),
        {"unit": county.fgw.pk, "question": QUESTION, "due_on": "2026-12-18"},
    )
    assert response.status_code == 200
    assert "协办期限最迟为2026年12月16日" in text(response)
    response = client.post(url("contribution_ask", case.pk), {"unit": "x", "due_on": "明天"})
    page = text(response)
    assert "请选择有效的协办单位" in page and "请填写协办事项" in page and "格式不正确" in page
    assert rows() == [] and audit_count() == 0


def test_contributing_unit_answers_with_a_file(client, county, case, private_media):
    ask(county, case)
    client.force_login(county.dept_reviewer)
    page = client.get(url("detail", case.pk))
    assert page.status_code == 200
    body = text(page)
    assert "贵单位被请求协助办理本申请" in body and QUESTION in body
    # Masked applicant, no personal-data button, no ledger actions, no reply panel.
    assert "查看完整个人信息" not in body and "340102199001011234" not in body
    assert page.context["actions"] == [] and 'id="foi-reply-heading"' not in body
    assert "请求协办</h3>" not in body
    [row] = rows()
    upload = SimpleUploadedFile("批复.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        url("contribution_answer", case.pk, row.pk), {"answer": "见附件批复文件", "file": upload}
    )
    assert response.status_code == 302
    [row] = rows()
    assert row.state == "answered"
    with system_scope("test assertions"):
        [attachment] = FoiAttachment.unscoped.filter(request=case)
    assert attachment.kind == "contribution" and attachment.uploaded_by == county.dept_reviewer
    download = client.get(url("attachment", case.pk, attachment.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    # The handler sees the answer and the file.
    client.force_login(county.township_editor)
    body = text(client.get(url("detail", case.pk)))
    assert "见附件批复文件" in body and "批复.pdf" in body


def test_contributing_unit_cannot_open_the_other_files_or_the_reply(
    client, county, case, private_media
):
    upload = SimpleUploadedFile("申请书.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    with system_scope("test"):
        other = services.attach_file(
            case, kind="other", upload=upload, by=county.township_editor, now=NOW
        )
    ask(county, case)
    client.force_login(county.dept_reviewer)
    body = text(client.get(url("detail", case.pk)))
    assert "申请书.pdf" not in body
    response = client.get(url("attachment", case.pk, other.pk))
    assert response.status_code == 302  # PermissionDenied in the Wagtail admin
    assert client.get(url("reply", case.pk)).status_code == 302
    # Nor record a ledger event by posting.
    response = client.post(
        url("consultation", case.pk),
        {"on": "2026-11-25", "party_kind": "agency", "party": "县自然资源局"},
    )
    assert "只有受理机关、承办单位的工作人员或县政务公开办可以办理此申请" in text(response)


def test_unrelated_unit_cannot_answer_by_posting(client, county, case):
    ask(county, case)
    [row] = rows()
    client.force_login(county.other_reviewer)
    response = client.post(url("contribution_answer", case.pk, row.pk), {"answer": "x"})
    assert response.status_code == 404
    assert rows()[0].state == "asked"


def test_withdraw_on_the_page(client, county, case):
    ask(county, case)
    [row] = rows()
    client.force_login(county.township_editor)
    response = client.post(url("contribution_withdraw", case.pk, row.pk), {"reason": ""})
    assert "请填写撤回原因" in text(response)
    assert rows()[0].state == "asked"
    response = client.post(url("contribution_withdraw", case.pk, row.pk), {"reason": "已自行查明"})
    assert response.status_code == 302 and rows()[0].state == "withdrawn"


# ---------------------------------------------------------------- reminders


def test_reminder_job_is_idempotent_and_dry_run_writes_nothing(county, case):
    ask(county, case, due_on=D(2026, 11, 27))  # tomorrow: one working day left
    Notice.objects.all().delete()
    report = remind_contributions(today=D(2026, 11, 26), now=NOW, dry_run=True)
    assert report.changed == 0 and Notice.objects.count() == 0
    report = remind_contributions(today=D(2026, 11, 26), now=NOW, dry_run=False)
    assert report.changed == 2  # the contributing unit's reviewer and the asker
    assert remind_contributions(today=D(2026, 11, 26), now=NOW, dry_run=False).changed == 0
    # Overdue is a new reminder.
    assert remind_contributions(today=D(2026, 11, 30), now=NOW, dry_run=False).changed == 2
    titles = {n.title for n in notices(county.dept_reviewer)}
    assert titles == {
        f"协办期限将至：{case.tracking_code}",
        f"已超过协办期限：{case.tracking_code}",
    }


def test_dashboard_lists_pending_requests_for_the_contributing_unit(client, county, case):
    ask(county, case)
    client.force_login(county.dept_reviewer)
    body = text(client.get("/admin/"))
    assert "待本单位答复的协办请求（1 件）" in body and case.tracking_code in body
    client.force_login(county.other_reviewer)
    assert "待本单位答复的协办请求" not in text(client.get("/admin/"))
