"""`manage.py import_normdocs`: a register spreadsheet into the registry, safely re-runnable."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import Workbook

from gongkai.audit.models import AuditEntry
from gongkai.catalog.models import ItemPage
from gongkai.normdocs.models import NormativeDocument, RegistrationSequence, StatusChange
from tests.normdocs.conftest import draft, through_to_published

pytestmark = pytest.mark.django_db

HEADERS = [
    " 标 题 ",
    "发文字号",
    "制定单位",
    "成文日期",
    "公布日期（年-月-日）",
    "施行日期",
    "有效期至",
    "有效性",
    "统一登记号",
    "主题分类",
    "正文",
    "备注",
]

GOOD_ROWS = [
    # 3: an Excel date, a register's 文号 variant, status from the file
    [
        "霍邱县人民政府办公室关于印发霍邱县政府投资项目管理办法的通知",
        "霍政办[2021]5号",
        "霍邱县人民政府办公室",
        dt.datetime(2021, 5, 20),
        dt.datetime(2021, 5, 26),
        None,
        None,
        "有效",
        "HQXZFB-2021-007",
        "综合政务",
        "第一条 为规范政府投资项目管理……",
        "x",
    ],
    # 4: no status and the 有效期 has passed → 失效; short name; 2-digit year; text dates
    [
        "霍邱县粮食储备管理暂行办法",
        "霍发改〔18〕3号",
        "县发改委",
        "2018/3/1",
        "2018年3月5日",
        "20180401",
        None,
        None,
        None,
        "国民经济管理",
        None,
        None,
    ],
    # 5: no 文号 at all; unit by code; repealed
    [
        "霍邱县城区停车收费管理规定",
        "无",
        "fgw",
        None,
        "2022-07-01",
        None,
        "2027-06-30",
        "已废止",
        None,
        None,
        None,
        None,
    ],
    # 6: 年 in the 文号, full-width digits; 已修改
    [
        "霍邱县数据资源共享管理办法",
        "霍数据２０２３年第０８号",
        "县数据资源局",
        "2023-02-01",
        "2023-02-10",
        None,
        None,
        "已修改",
        None,
        None,
        None,
        None,
    ],
]

BAD_ROWS = [
    # 7: unknown unit
    ["霍邱县某办法", "霍某〔2021〕1号", "霍邱县不存在局", None, "2021-01-05"] + [None] * 7,
    # 8: unreadable date and 文号
    ["霍邱县另一办法", "霍政办2021", "县政府办", None, "明年"] + [None] * 7,
    # 9: unknown validity
    ["霍邱县第三办法", "霍政办〔2021〕9号", "县政府办", None, "2021-03-01", None, None, "作废"]
    + [None] * 4,
    # 10: same unit and 文号 as row 3 (after normalising)
    ["重复的文件", "霍政办（2021）05号", "xzfb", None, "2021-05-26"] + [None] * 7,
]

TODAY = dt.date(2026, 11, 26)


def write_xlsx(path, rows, headers=HEADERS, title_row=True):
    book = Workbook()
    sheet = book.active
    if title_row:
        sheet.append(["霍邱县行政规范性文件目录"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def run(*args):
    out = io.StringIO()
    try:
        call_command("import_normdocs", *map(str, args), stdout=out, stderr=io.StringIO())
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """The command's `today` (timezone.localdate() without arguments) is TODAY."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def test_import_writes_published_documents_with_history_and_audit(county, system, tmp_path):
    path = write_xlsx(tmp_path / "register.xlsx", GOOD_ROWS)
    out, exc = run(path)
    assert exc is None, out
    assert "共 4 行：导入 4 条，已存在，跳过 0 条，错误 0 条" in out

    docs = {d.title: d for d in NormativeDocument.objects.all()}
    assert len(docs) == 4
    office = docs["霍邱县人民政府办公室关于印发霍邱县政府投资项目管理办法的通知"]
    assert office.unit == county.office and office.kind == "government"
    assert office.doc_number == "霍政办〔2021〕5号"
    assert office.stage == "published" and office.status == "valid"
    assert office.valid_until == dt.date(2026, 5, 25)  # 5 years from 施行 = 公布
    assert office.registration_number == "HQXZFB-2021-007"
    assert office.topic == "综合政务" and office.filing_due is None and office.item_id is None

    grain = docs["霍邱县粮食储备管理暂行办法"]
    assert grain.unit == county.fgw and grain.kind == "department"
    assert grain.doc_number == "霍发改〔2018〕3号"
    assert grain.effective_on == dt.date(2018, 4, 1)
    assert grain.valid_until == dt.date(2020, 3, 31)  # 暂行: 2 years
    assert grain.status == "expired"
    assert grain.topic == ""  # unknown topic → blank (a note, not an error)
    assert "第 4 行「主题分类」：（提示）未知的主题分类“国民经济管理”，已留空" in out

    parking = docs["霍邱县城区停车收费管理规定"]
    assert parking.doc_number == "" and parking.status == "repealed"
    assert docs["霍邱县数据资源共享管理办法"].doc_number == "霍数据〔2023〕8号"
    assert docs["霍邱县数据资源共享管理办法"].status == "amended"

    history = list(StatusChange.objects.filter(document=grain).values_list("field", "after", "on"))
    assert history == [
        ("stage", "published", dt.date(2018, 3, 5)),
        ("status", "valid", dt.date(2018, 3, 5)),
        ("status", "expired", dt.date(2020, 4, 1)),
    ]
    entries = AuditEntry.objects.filter(action="normdocs.import")
    assert entries.count() == 4
    assert ItemPage.objects.count() == 0
    # The registration counter moved past the imported number.
    assert RegistrationSequence.objects.get(unit=county.office, year=2021).last_value == 7


def test_rerun_skips_everything_and_writes_nothing(county, system, tmp_path):
    path = write_xlsx(tmp_path / "register.xlsx", GOOD_ROWS)
    run(path)
    before = (
        NormativeDocument.objects.count(),
        StatusChange.objects.count(),
        AuditEntry.objects.count(),
    )
    out, exc = run(path)
    assert exc is None
    assert "导入 0 条，已存在，跳过 4 条，错误 0 条" in out
    after = (
        NormativeDocument.objects.count(),
        StatusChange.objects.count(),
        AuditEntry.objects.count(),
    )
    assert after == before


def test_error_rows_are_listed_and_skipped_and_the_rest_imports(county, system, tmp_path):
    path = write_xlsx(tmp_path / "register.xlsx", GOOD_ROWS + BAD_ROWS)
    out, exc = run(path)
    assert exc is not None and exc.returncode == 1
    assert "导入 4 条，已存在，跳过 0 条，错误 4 条" in out
    assert "第 7 行「制定机关」：没有名称、简称或编码为“霍邱县不存在局”的单位" in out
    assert "第 8 行「公布日期」：无法识别的日期“明年”" in out
    assert "第 8 行「文号」：文号“霍政办2021”无法识别" in out
    assert "第 9 行「有效性」：未知的有效性“作废”" in out
    assert "第 10 行「文号」：与第 3 行重复" in out
    assert NormativeDocument.objects.count() == 4
    # Fixing the file and re-running imports only what is new.
    fixed = [
        *GOOD_ROWS,
        ["霍邱县某办法", "霍政〔2021〕1号", "县政府", None, "2021-01-05"] + [None] * 7,
    ]
    out, exc = run(write_xlsx(tmp_path / "fixed.xlsx", fixed))
    assert exc is None and "导入 1 条，已存在，跳过 4 条" in out


def test_dry_run_writes_nothing(county, system, tmp_path):
    path = write_xlsx(tmp_path / "register.xlsx", GOOD_ROWS)
    out, exc = run(path, "--dry-run")
    assert exc is None
    assert "可导入 4 条" in out and "[演练] 未写入数据库" in out
    assert NormativeDocument.objects.count() == 0
    assert not AuditEntry.objects.filter(action="normdocs.import").exists()


def test_unreadable_or_headerless_files_exit_non_zero(county, system, tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    _, exc = run(broken)
    assert exc is not None and "不是有效的 .xlsx 文件" in str(exc)
    _, exc = run(tmp_path / "missing.xlsx")
    assert exc is not None and "找不到文件" in str(exc)
    no_unit = write_xlsx(tmp_path / "no_unit.xlsx", GOOD_ROWS, headers=["标题", "文号", "公布日期"])
    _, exc = run(no_unit)
    assert exc is not None and "缺少必填列：「制定机关」" in str(exc)
    assert NormativeDocument.objects.count() == 0


def test_unit_column_and_default_unit(county, system, tmp_path):
    headers = ["标题", "文号", "起草科室", "牵头单位", "公布日期"]
    rows = [["霍邱县某实施细则", "霍发改〔2024〕2号", "价格科", "县发改委", "2024-03-01"]]
    path = write_xlsx(tmp_path / "odd.xlsx", rows, headers=headers, title_row=False)
    out, exc = run(path, "--unit-column", "牵头单位")
    assert exc is None, out
    assert NormativeDocument.objects.get().unit == county.fgw

    single = write_xlsx(
        tmp_path / "single.xlsx",
        [["霍邱县另一实施细则", "", "2024-04-01"]],
        headers=["标题", "文号", "公布日期"],
    )
    out, exc = run(single, "--unit", "sjzyj")
    assert exc is None, out
    assert NormativeDocument.objects.get(title="霍邱县另一实施细则").unit == county.data_bureau


def test_filing_column_files_rows_and_sets_deadlines(county, system, tmp_path):
    headers = ["标题", "文号", "制定机关", "公布日期", "备案日期", "备案号"]
    rows = [
        ["已备案的办法", "霍发改〔2024〕3号", "fgw", "2024-03-01", "2024-03-20", "六备〔2024〕1号"],
        ["未备案的办法", "霍发改〔2024〕4号", "fgw", "2024-03-01", None, None],
    ]
    out, exc = run(write_xlsx(tmp_path / "filed.xlsx", rows, headers=headers))
    assert exc is None, out
    filed = NormativeDocument.objects.get(title="已备案的办法")
    assert filed.stage == "filed" and filed.filed_on == dt.date(2024, 3, 20)
    assert filed.filing_reference == "六备〔2024〕1号"
    assert list(
        StatusChange.objects.filter(document=filed, field="stage").values_list("after", flat=True)
    ) == ["published", "filed"]
    unfiled = NormativeDocument.objects.get(title="未备案的办法")
    assert unfiled.stage == "published" and unfiled.filing_due == dt.date(2024, 4, 1)


def test_a_number_the_unit_has_from_the_procedure_is_skipped(county, catalogue, system, tmp_path):
    through_to_published(county, draft(county))  # 霍发改〔2026〕7号
    rows = [["同号文件", "霍发改〔2026〕7号", "fgw", None, "2026-04-01"] + [None] * 7]
    out, exc = run(write_xlsx(tmp_path / "clash.xlsx", rows))
    assert exc is None, out
    assert "跳过 1 条" in out and "已有文号为“霍发改〔2026〕7号”的文件" in out
    assert NormativeDocument.objects.count() == 1


def test_two_thousand_rows_import_in_a_few_seconds(county, system, tmp_path):
    units = ["县政府办", "县发改委", "县数据资源局", "城关镇", "河口镇"]
    rows = []
    for i in range(2000):
        year = 2018 + i % 9
        rows.append(
            [
                f"霍邱县第{i}号管理办法",
                f"霍测{'甲乙丙丁戊'[i % 5]}〔{year}〕{i + 1}号",
                units[i % 5],
                None,
                dt.datetime(year, 1 + i % 10, 1 + i % 27),
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ]
        )
    path = write_xlsx(tmp_path / "big.xlsx", rows)
    started = time.perf_counter()
    out, exc = run(path)
    elapsed = time.perf_counter() - started
    assert exc is None, out
    assert NormativeDocument.objects.count() == 2000
    assert elapsed < 10, f"{elapsed:.1f} s"
    started = time.perf_counter()
    out, exc = run(path)
    assert "跳过 2,000 条" in out
    assert time.perf_counter() - started < 5


def test_the_template_imports_as_it_is(county, system, tmp_path):
    path = tmp_path / "模板.xlsx"
    out, exc = run(path, "--write-template")
    assert exc is None and path.exists()
    out, exc = run(path)
    assert exc is None, out
    assert "导入 2 条" in out
    assert set(NormativeDocument.objects.values_list("doc_number", "stage")) == {
        ("霍政办〔2021〕5号", "filed"),
        ("霍发改〔2018〕3号", "published"),
    }
