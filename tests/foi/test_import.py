"""`import_foi`: historical ledgers, row errors in Chinese, nothing written on errors, idempotent."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from gongkai.foi.domain.events import EventKind, State
from gongkai.foi.models import FoiEvent, FoiRequest
from gongkai.units.scoping import system_scope

pytestmark = pytest.mark.django_db

HEADER = ["来源编号", "受理机关", "送达日期", "收到日期", "申请人类型", "申请人", "提交渠道",
          "申请内容", "办理结果", "答复日期", "备注"]  # fmt: skip
GOOD = [
    ["2025-001", "城关镇", "2025-03-03", None, "自然人", "张三", "当面提交", "低保名单",
     "予以公开", "2025-03-20", ""],
    ["2025-002", "chengguan", dt.date(2025, 4, 1), dt.date(2025, 4, 2), "商业企业", "某公司",
     "邮寄", "招标文件", "不予公开—保护第三方合法权益", dt.date(2025, 4, 25), ""],
    ["2025-003", "霍邱县城关镇人民政府", "2025/5/6", "2025/5/6", "自然人", "", "网上申请", "",
     "逾期不补正", "2025/5/30", ""],
    ["2025-004", "河口镇", "2025年12月22日", "", "科研机构", "某研究所", "当面", "规划",
     "", "", ""],
    ["2025-005", "城关镇", "2025-06-02", "", "其他", "某协会", "当面提交", "x",
     "本机关不掌握相关政府信息", "2025-06-10", ""],
]  # fmt: skip


def write(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def run(path, *args) -> str:
    out = StringIO()
    call_command("import_foi", str(path), *args, stdout=out)
    return out.getvalue()


def test_import_builds_lawful_ledgers_and_statistics(county, tmp_path):
    text = run(write(tmp_path / "ledger.xlsx", GOOD))
    assert "导入 5 件" in text and "备注" in text  # the extra column is reported as ignored
    with system_scope("test"):
        assert FoiRequest.objects.count() == 5
        first = FoiRequest.objects.get(description="低保名单")
        assert (first.state, first.outcome, first.closed_on) == (
            State.CLOSED, "disclosed", dt.date(2025, 3, 20),
        )  # fmt: skip
        lapsed = FoiRequest.objects.get(channel="online")
        kinds = list(lapsed.events.values_list("kind", flat=True))
        assert kinds == [
            EventKind.RECEIVED, EventKind.CORRECTION_NOTICE_SENT, EventKind.CORRECTION_LAPSED,
        ]  # fmt: skip
        assert lapsed.outcome == "other.1" and lapsed.applicant_name == "（历史台账）"
        still_open = FoiRequest.objects.get(unit=county.hekou)
        assert still_open.state == State.OPEN and still_open.received_on == dt.date(2025, 12, 22)
    out = StringIO()
    call_command("foi_stats", "--year", "2025", "--json", stdout=out)
    data = json.loads(out.getvalue())
    rows = {row["key"]: row["values"][-1] for row in data["table3"]["rows"]}
    assert rows["new"] == 5 and rows["total"] == 4 and rows["carried_forward"] == 1
    assert rows["withheld.4"] == 1 and rows["unavailable.1"] == 1


def test_reimport_is_idempotent(county, tmp_path):
    path = write(tmp_path / "ledger.xlsx", GOOD)
    run(path)
    with system_scope("test"):
        events = FoiEvent.objects.count()
    text = run(path)
    assert "导入 0 件" in text and "跳过）5 件" in text
    with system_scope("test"):
        assert FoiRequest.objects.count() == 5
        assert FoiEvent.objects.count() == events


BAD = [
    ["2025-010", "城关镇", "2025-13-01", None, "自然人", "", "当面提交", "", "", "", ""],
    ["2025-011", "城关镇", "2025-03-03", None, "外星人", "", "飞鸽", "", "予以公开", "", ""],
    ["2025-012", "不存在镇", "2025-03-03", None, "自然人", "", "当面提交", "", "", "", ""],
    ["2025-013", "城关镇", "2025-03-10", "2025-03-05", "自然人", "", "邮寄", "", "", "", ""],
    ["2025-014", "城关镇", "2025-03-10", None, "自然人", "", "当面提交", "", "逾期未缴费",
     "2025-03-20", ""],
    ["2025-001", "城关镇", "2025-03-03", None, "自然人", "", "当面提交", "", "", "", ""],
]  # fmt: skip


def test_errors_are_reported_by_row_and_nothing_is_imported(county, tmp_path):
    path = write(tmp_path / "bad.xlsx", [GOOD[0], *BAD])
    out = StringIO()
    with pytest.raises(CommandError, match="未导入任何数据"):
        call_command("import_foi", str(path), stdout=out)
    text = out.getvalue()
    assert "第 3 行「送达日期」：无法识别的日期「2025-13-01」" in text
    assert "第 4 行「提交渠道」：无法识别「飞鸽」" in text
    assert "第 4 行「申请人类型」：无法识别「外星人」" in text
    assert "第 4 行「答复日期」：有办理结果的申请须填写答复日期" in text
    assert "第 5 行「受理机关」：找不到单位「不存在镇」" in text
    assert "第 6 行「收到日期」：收到日期不能早于送达日期" in text
    assert "第 7 行「办理结果」：台账不合规" in text  # 20 working days to pay had not passed
    assert "第 8 行「来源编号」：来源编号「2025-001」与第 2 行重复" in text
    with system_scope("test"):
        assert not FoiRequest.objects.exists()


def test_partial_imports_the_valid_rows(county, tmp_path):
    path = write(tmp_path / "bad.xlsx", [GOOD[0], BAD[0]])
    with pytest.raises(CommandError, match="1 行未导入"):
        call_command("import_foi", str(path), "--partial", stdout=StringIO())
    with system_scope("test"):
        assert FoiRequest.objects.count() == 1


def test_missing_columns_and_unreadable_file(county, tmp_path):
    book = Workbook()
    book.active.append(["来源编号", "申请人"])
    book.save(tmp_path / "cols.xlsx")
    with pytest.raises(CommandError, match="缺少必填列"):
        run(tmp_path / "cols.xlsx")
    (tmp_path / "x.xlsx").write_text("not a workbook")
    with pytest.raises(CommandError, match="不是有效的"):
        run(tmp_path / "x.xlsx")


def test_dry_run_writes_nothing(county, tmp_path):
    text = run(write(tmp_path / "ledger.xlsx", GOOD), "--dry-run")
    assert "可导入 5 件" in text
    with system_scope("test"):
        assert not FoiRequest.objects.exists()
