"""The pure half of import_normdocs: headers, dates, 文号 on messy input, validity defaults."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.normdocs.domain.importing import (
    ImportFileError,
    UnitMatcher,
    UnitRef,
    canonical_column,
    import_key,
    map_header,
    parse_row,
    parse_status,
    rewrite_doc_number,
)

TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("标题", "标题"),
        (" 标 题 ", "标题"),
        ("文件名称", "标题"),
        ("*标题", "标题"),
        ("发文字号", "文号"),
        ("文号（如：霍政办〔2021〕5号）", "文号"),
        ("制定单位", "制定机关"),
        ("发文机关", "制定机关"),
        ("发布机构", "制定机关"),
        ("发布日期", "公布日期"),
        ("公布日期(yyyy-mm-dd)", "公布日期"),
        ("实施日期", "施行日期"),
        ("生效日期", "施行日期"),
        ("有效期", "有效期至"),
        ("有效期（至）", "有效期至"),
        ("失效日期", "有效期至"),
        ("效力状态", "有效性"),
        ("时效性", "有效性"),
        ("登记号", "统一登记号"),
        ("主题", "主题分类"),
        ("全文", "正文"),
        ("备案时间", "备案日期"),
        ("\u200b标题", "标题"),
        ("备注", None),
        ("序号", None),
        (None, None),
    ],
)
def test_header_variants(header, column):
    assert canonical_column(header) == column


def test_header_mapping_with_a_unit_column_and_repeated_columns():
    mapping, ignored = map_header(
        ["序号", "标题", "牵头单位", "发布机构", "公布日期"], unit_column="牵头单位"
    )
    assert mapping == [(1, "标题"), (2, "制定机关"), (4, "公布日期")]
    assert ignored == ["序号", "发布机构"]
    with pytest.raises(
        ImportFileError, match="列名重复：「公布日期」（C 列「公布日期」、D 列「发布日期」）"
    ):
        map_header(["标题", "文号", "公布日期", "发布日期"])


@pytest.mark.parametrize(
    ("text", "hint", "canonical"),
    [
        ("霍政办〔2021〕5号", 2021, "霍政办〔2021〕5号"),
        ("霍政办[2021]5号", 2021, "霍政办〔2021〕5号"),
        ("霍政办【2021】5号", 2021, "霍政办〔2021〕5号"),
        ("霍政办（2021）05号", 2021, "霍政办〔2021〕5号"),
        ("霍政办(2021)5号", 2021, "霍政办〔2021〕5号"),
        ("霍政办﹝2021﹞5号", 2021, "霍政办〔2021〕5号"),
        ("霍政办〔21〕5号", 2021, "霍政办〔2021〕5号"),
        ("霍政办〔２０２１〕５号", 2021, "霍政办〔2021〕5号"),
        ("霍政办【２０２１】第００５号", 2021, "霍政办〔2021〕5号"),
        ("霍政办〔2021〕第5号", 2021, "霍政办〔2021〕5号"),
        ("霍政办〔2021〕5", 2021, "霍政办〔2021〕5号"),
        ("霍政办 〔2021〕 5 号", 2021, "霍政办〔2021〕5号"),
        ("霍政办 2021 5号", 2021, "霍政办〔2021〕5号"),
        ("霍政办2021年5号", 2021, "霍政办〔2021〕5号"),
        ("霍政办2021年第5号", 2021, "霍政办〔2021〕5号"),
        ("霍政办〔2021年〕5号", 2021, "霍政办〔2021〕5号"),
        ("霍政办2021-5号", 2021, "霍政办〔2021〕5号"),
        ("霍政办〔2021〕5号文", 2021, "霍政办〔2021〕5号"),
        ("霍政办202105号", 2021, "霍政办〔2021〕5号"),
        ("霍政秘字〔2019〕12号", 2019, "霍政秘字〔2019〕12号"),
        # The year from 成文日期 where the normaliser cannot decide.
        ("霍政办〔98〕3号", 1998, "霍政办〔1998〕3号"),
        ("霍政办5号", 2021, "霍政办〔2021〕5号"),
        ("霍政办第5号", 2021, "霍政办〔2021〕5号"),
        ("霍政办〔〕5号", 2021, "霍政办〔2021〕5号"),
        # No 文号.
        ("", 2021, ""),
        ("无", 2021, ""),
        ("——", 2021, ""),
    ],
)
def test_doc_number_rewriting(text, hint, canonical):
    result = rewrite_doc_number(text, year_hint=hint, today_year=TODAY.year)
    assert result.canonical == canonical
    assert not result.error


@pytest.mark.parametrize(
    ("text", "hint", "why"),
    [
        ("霍政办〔98〕3号", 2021, "两位年份"),  # 〔98〕 does not match the date: ask a person
        ("霍政办〔2027〕3号", 2026, "晚于今年"),
        ("霍政办5号", None, "缺少年份"),
        ("霍政办2021号", 2021, "缺少年份"),  # 2021 is the year or the serial: ambiguous
        ("〔2021〕5号", 2021, "缺少机关代字"),
        ("霍政办〔2021〕0号", 2021, "序号不能为 0"),
        ("霍政办〔2021〕5号、霍政办〔2021〕6号", 2021, "无法识别"),
    ],
)
def test_doc_numbers_refused(text, hint, why):
    result = rewrite_doc_number(text, year_hint=hint, today_year=TODAY.year)
    assert result.canonical == ""
    assert why in result.error and text in result.error


def test_completed_or_doubtful_years_leave_a_note():
    assert (
        "补全为 1998 年"
        in rewrite_doc_number("霍政〔98〕3号", year_hint=1998, today_year=2026).note
    )
    assert "缺少年份" in rewrite_doc_number("霍政5号", year_hint=2021, today_year=2026).note
    assert "不一致" in rewrite_doc_number("霍政〔2020〕3号", year_hint=2021, today_year=2026).note
    assert not rewrite_doc_number(
        "霍政〔2020〕3号", year_hint=2021, today_year=2026, check_year=False
    ).note


@pytest.mark.parametrize(
    ("text", "status"),
    [("有效", "valid"), ("现行有效", "valid"), (" 失效 ", "expired"), ("已失效", "expired"),
     ("废止", "repealed"), ("已废止", "repealed"), ("已修改", "amended"), ("已修订", "amended"),
     ("", None), (None, None)],
)  # fmt: skip
def test_status_labels(text, status):
    assert parse_status(text) == status


def test_unknown_status_is_refused():
    with pytest.raises(ValueError):
        parse_status("作废")


UNITS = [
    UnitRef(1, "county", "霍邱县人民政府", "县政府"),
    UnitRef(2, "xzfb", "霍邱县人民政府办公室", "县政府办"),
    UnitRef(3, "fgw", "霍邱县发展和改革委员会", "县发改委"),
    UnitRef(4, "chengguan", "霍邱县城关镇人民政府", "城关镇"),
    UnitRef(5, "jyj", "霍邱县教育局", "县教育局"),
    UnitRef(6, "jyj2", "霍邱县教育体育局", "县教育局"),  # a short name used twice
]


@pytest.mark.parametrize(
    ("text", "pk"),
    [("霍邱县人民政府", 1), ("县政府", 1), ("XZFB", 2), ("霍邱县人民政府办公室", 2),
     ("县发改委", 3), ("发改委", 3), ("发展和改革委员会", 3), ("霍邱县 发展和改革委员会", 3),
     ("城关镇", 4), ("城关镇人民政府", 4), ("霍邱县教育局", 5)],
)  # fmt: skip
def test_unit_matching(text, pk):
    assert UnitMatcher(UNITS).match(text).pk == pk


def test_unit_matching_errors():
    matcher = UnitMatcher(UNITS)
    assert "没有名称、简称或编码为“县水利局”的单位" in matcher.match("县水利局")
    assert "对应多个单位" in matcher.match("县教育局")
    assert matcher.match("  ") == "必填，不能为空"


@pytest.mark.parametrize(
    "value",
    [dt.datetime(2021, 5, 26), dt.date(2021, 5, 26), "2021-05-26", "2021/5/26", "2021年5月26日",
     "2021.5.26", "20210526", 20210526, 44342, "2021-05-26 00:00:00", "２０２１年５月２６日"],
)  # fmt: skip
def test_dates(value):
    row = parse_row(2, {"标题": "某办法", "公布日期": value}, today=TODAY)
    assert not isinstance(row, list), row
    assert row.published_on == dt.date(2021, 5, 26)


def test_row_defaults_follow_the_validity_rules():
    row = parse_row(2, {"标题": "霍邱县某管理办法", "公布日期": "2022-03-01"}, today=TODAY)
    assert row.effective_on == dt.date(2022, 3, 1)
    assert row.valid_until == dt.date(2027, 2, 28)
    assert row.status == "valid" and row.doc_number == "" and row.notes == ()
    provisional = parse_row(
        2,
        {"标题": "霍邱县某暂行办法", "公布日期": "2022-03-01", "施行日期": "2022-04-01"},
        today=TODAY,
    )
    assert provisional.valid_until == dt.date(2024, 3, 31)
    assert provisional.status == "expired"  # 有效期 passed and no status given
    stated = parse_row(
        2, {"标题": "霍邱县某办法", "公布日期": "2018-01-10", "有效性": "有效"}, today=TODAY
    )
    assert stated.status == "valid" and "届满" in stated.notes[0].message
    long = parse_row(
        2, {"标题": "霍邱县某办法", "公布日期": "2024-01-10", "有效期至": "长期有效"}, today=TODAY
    )
    assert long.valid_until == dt.date(2029, 1, 9) and "不是有效期截止日期" in long.notes[0].message


def test_row_errors_name_row_and_column():
    errors = parse_row(
        7,
        {
            "标题": "",
            "文号": "霍政办2021",
            "公布日期": "2027-01-01",
            "成文日期": "昨天",
            "有效期至": "2020-01-01",
            "有效性": "作废",
        },
        today=TODAY,
    )
    messages = [e.message for e in errors]
    assert "第 7 行「标题」：必填，不能为空" in messages
    assert "第 7 行「公布日期」：日期 2027-01-01 晚于今天（2026-11-26）" in messages
    assert any(m.startswith("第 7 行「成文日期」：无法识别的日期“昨天”") for m in messages)
    assert any(
        m.startswith("第 7 行「有效期至」：有效期截止日期 2020-01-01 早于施行日期")
        for m in messages
    )
    assert any(m.startswith("第 7 行「有效性」：未知的有效性“作废”") for m in messages)
    assert any(m.startswith("第 7 行「文号」：文号“霍政办2021”无法识别") for m in messages)
    missing = parse_row(3, {"标题": "某办法"}, today=TODAY)
    assert [e.message for e in missing] == [
        "第 3 行「公布日期」：必填，不能为空（已公布的文件才能导入）"
    ]
    late = parse_row(
        4, {"标题": "某办法", "成文日期": "2021-06-01", "公布日期": "2021-05-01"}, today=TODAY
    )
    assert [e.column for e in late] == ["成文日期"]


def test_topic_must_be_one_of_the_classes_else_blank_with_a_note():
    ok = parse_row(
        2, {"标题": "某办法", "公布日期": "2021-05-01", "主题分类": "科技,教育"}, today=TODAY
    )
    assert ok.topic == "科技、教育"
    odd = parse_row(
        2, {"标题": "某办法", "公布日期": "2021-05-01", "主题分类": "教育"}, today=TODAY
    )
    assert odd.topic == "" and "未知的主题分类" in odd.notes[0].message


def test_import_keys_are_stable_and_fit_the_field():
    day = dt.date(2021, 5, 26)
    key = import_key("xzfb", "霍政办〔2021〕5号", "标题甲", day)
    assert key == import_key("xzfb", "霍政办〔2021〕5号", "另一个标题", dt.date(2022, 1, 1))
    assert key != import_key("fgw", "霍政办〔2021〕5号", "标题甲", day)
    without = import_key("xzfb", "", "标题甲", day)
    assert without != import_key("xzfb", "", "标题甲", dt.date(2021, 5, 27))
    assert len(key) <= 80 and key.startswith("import:")
