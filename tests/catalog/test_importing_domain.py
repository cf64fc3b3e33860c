"""Reading and validating migrated disclosure items (gongkai.catalog.domain.importing); no database."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import openpyxl
import pytest

from gongkai.catalog.domain import importing
from gongkai.catalog.domain.importing import (
    COLUMNS,
    REQUIRED_COLUMNS,
    ImportFileError,
    ImportRow,
    RowError,
    canonical_column,
    normalise_header,
    parse_date,
    parse_file,
    parse_row,
    parse_topic,
    read_rows,
    template_headers,
    write_template,
)
from gongkai.catalog.domain.taxonomy import GENRES, TOPICS, ItemKind, Validity

TODAY = dt.date(2026, 11, 26)
HAS_DOCNUMBERS = importlib.util.find_spec("gongkai.checks.domain.docnumbers") is not None
needs_docnumbers = pytest.mark.skipif(
    not HAS_DOCNUMBERS, reason="gongkai.checks.domain.docnumbers is not there yet"
)

POLICY = "法定主动公开内容/政策文件"
HEADER = ["栏目*", "标题*", "索引号", "文号", "成文日期", "发布日期*", "主题分类", "原网址"]


def good(**overrides: object) -> dict[str, object]:
    """A valid raw row (canonical headers), with overrides."""
    raw: dict[str, object] = {
        "栏目": POLICY,
        "标题": "关于做好2024年春季农业生产工作的通知",
        "发布日期": "2024-03-05",
    }
    raw.update(overrides)
    return raw


def parsed(raw: dict[str, object], row_number: int = 2) -> ImportRow:
    result = parse_row(row_number, raw, today=TODAY)
    assert isinstance(result, ImportRow), result
    return result


def errors_of(raw: dict[str, object], row_number: int = 2) -> list[RowError]:
    result = parse_row(row_number, raw, today=TODAY)
    assert isinstance(result, list), result
    return result


def write_csv(
    path: Path, rows: list[list[str]], *, encoding: str = "utf-8-sig", sep: str = ","
) -> Path:
    import csv

    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=sep).writerows(rows)
    return path


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2024, 3, 5), dt.date(2024, 3, 5)),
        (dt.datetime(2024, 3, 5, 10, 30), dt.date(2024, 3, 5)),
        ("2024-03-05", dt.date(2024, 3, 5)),
        ("2024-3-5", dt.date(2024, 3, 5)),
        ("2024/3/5", dt.date(2024, 3, 5)),
        ("2024/03/05", dt.date(2024, 3, 5)),
        ("2024年3月5日", dt.date(2024, 3, 5)),
        ("2024 年 03 月 05 日", dt.date(2024, 3, 5)),
        ("2024.03.05", dt.date(2024, 3, 5)),
        ("  2024-03-05  ", dt.date(2024, 3, 5)),
        ("2024-03-05 10:30:00", dt.date(2024, 3, 5)),
        ("2024-03-05T10:30", dt.date(2024, 3, 5)),
        ("2024年3月5日 10时30分", dt.date(2024, 3, 5)),
        ("２０２４－０３－０５", dt.date(2024, 3, 5)),  # full-width digits from WPS
        ("20240305", dt.date(2024, 3, 5)),
        (20240305, dt.date(2024, 3, 5)),
        (45356, dt.date(2024, 3, 5)),  # Excel serial number
        (45356.75, dt.date(2024, 3, 5)),  # serial with a time of day
        ("45356", dt.date(2024, 3, 5)),  # serial that lost its format in a csv export
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_date_accepts(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2024-13-01",
        "2024-02-30",
        "昨天",
        "2024",
        "3/5/2024",
        "2024-03",
        True,
        123,
        2024.5,
        "45356x",
    ],
)
def test_parse_date_rejects(value: object) -> None:
    with pytest.raises(ValueError):
        parse_date(value)


# --- headers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("栏目", "栏目"),
        ("栏目*", "栏目"),
        ("栏目＊", "栏目"),
        ("*栏目", "栏目"),
        (" 标 题 ", "标题"),
        ("\u3000标题\u3000*", "标题"),
        ("名称", "标题"),
        ("名称*", "标题"),
        ("索引号", "索引号"),
        ("文号", "文号"),
        ("发文字号", "文号"),
        ("成文日期", "成文日期"),
        ("生成日期", "成文日期"),
        ("发布日期", "发布日期"),
        ("发布时间", "发布日期"),
        ("发布日期（yyyy-mm-dd）", "发布日期"),
        ("发布机构", "发布机构"),
        ("主题分类", "主题分类"),
        ("体裁分类", "体裁分类"),
        ("体裁", "体裁分类"),
        ("有效性", "有效性"),
        ("信息类型", "信息类型"),
        ("关键词", "关键词"),
        ("内容概述", "内容概述"),
        ("摘要", "内容概述"),
        ("正文", "正文"),
        ("原网址", "原网址"),
        ("来源链接", "原网址"),
        ("附件", "附件"),
        ("浏览次数", None),
        ("", None),
        (None, None),
    ],
)
def test_header_aliases(header: object, expected: str | None) -> None:
    assert canonical_column(header) == expected


def test_normalise_header_strips_invisible_characters() -> None:
    assert normalise_header("\ufeff标\u200b题*") == "标题"


def test_read_rows_maps_aliases_to_canonical_names(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        [
            ["名称*", "栏目*", "发布时间*", "发文字号", "浏览次数"],
            ["标题一", "通知公告", "2024-03-05", "无", "17"],
            ["", "", "", "", ""],
            ["标题二", "通知公告", "2024-03-06", "", "3"],
        ],
    )
    rows = list(read_rows(path))
    assert rows == [
        (2, {"标题": "标题一", "栏目": "通知公告", "发布日期": "2024-03-05", "文号": "无"}),
        (4, {"标题": "标题二", "栏目": "通知公告", "发布日期": "2024-03-06", "文号": ""}),
    ]


def test_unknown_columns_are_reported_not_fatal(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "a.csv",
        [["栏目", "标题", "发布日期", "浏览次数"], ["通知公告", "标题", "2024-03-05", "9"]],
    )
    result = parse_file(path, today=TODAY)
    assert result.ignored_columns == ("浏览次数",)
    assert len(result.rows) == 1


def test_title_row_above_headers_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["霍邱县城关镇人民政府政府信息公开目录"])
    ws.append([])
    ws.append(["栏目", "标题", "发布日期"])
    ws.append(["通知公告", "标题", dt.datetime(2024, 3, 5)])
    wb.save(path)
    assert list(read_rows(path)) == [
        (4, {"栏目": "通知公告", "标题": "标题", "发布日期": dt.datetime(2024, 3, 5)})
    ]


def test_missing_required_headers_are_all_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [["标题", "文号"], ["标题", "无"]])
    with pytest.raises(ImportFileError) as exc:
        list(read_rows(path))
    assert str(exc.value) == "文件「a.csv」缺少必填列：「栏目」、「发布日期」"


def test_duplicate_headers(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [["栏目", "标题", "发布日期", "名称"]])
    with pytest.raises(ImportFileError) as exc:
        list(read_rows(path))
    message = str(exc.value)
    assert "列名重复" in message
    assert "B 列「标题」" in message
    assert "D 列「名称」" in message


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("a.docx", b"x", "不支持的文件类型「a.docx」"),
        ("a.xls", b"x", "另存为 .xlsx"),
        ("a.xlsx", b"this is not a zip", "不是有效的 .xlsx 文件"),
        ("a.csv", b"", "是空的"),
        ("a.csv", b"\n \n,,\n", "是空的"),
        ("a.csv", b"\x00\x01\x02", "不是文本格式"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: bytes, fragment: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as exc:
        parse_file(path, today=TODAY)
    assert fragment in str(exc.value)


def test_missing_file(tmp_path: Path) -> None:
    for name in ("nope.csv", "nope.xlsx"):
        with pytest.raises(ImportFileError, match="找不到文件"):
            parse_file(tmp_path / name, today=TODAY)


def test_empty_sheet(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(ImportFileError, match="是空的"):
        parse_file(path, today=TODAY)


def test_header_only_file_has_no_rows(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [["栏目", "标题", "发布日期"]])
    result = parse_file(path, today=TODAY)
    assert (result.rows, result.errors, result.total_rows) == ([], [], 0)


# --- rows --------------------------------------------------------------------------------------


def test_full_row() -> None:
    row = parsed(
        {
            "栏目": " 法定主动公开内容 / 政策文件 ",
            "标题": "<p>关于印发《霍邱县&nbsp;实施方案》\n的通知</p>",
            "索引号": "11341522003118262W/202403-00012",
            "文号": "无",
            "成文日期": dt.datetime(2024, 3, 1),
            "发布日期": "2024年3月5日",
            "发布机构": "霍邱县人民政府办公室",
            "主题分类": "综合政务",
            "体裁分类": "通知",
            "有效性": "有效",
            "信息类型": "政策文件",
            "关键词": "营商环境，工作要点;实施方案、营商环境  乡村振兴",
            "内容概述": "  概述  ",
            "正文": "<p>正文</p>\n<p>第二段</p>",
            "原网址": "HTTPS://WWW.Huoqiu.gov.cn/public/6596091/1.html#top",
            "附件": "附件/方案.pdf; 附件\\附表.xlsx；./附件/方案.pdf",
        },
        row_number=7,
    )
    assert row == ImportRow(
        channel_path=("法定主动公开内容", "政策文件"),
        title="关于印发《霍邱县 实施方案》 的通知",
        index_number="11341522003118262W/202403-00012",
        doc_number=None,
        written_on=dt.date(2024, 3, 1),
        published_on=dt.date(2024, 3, 5),
        publisher="霍邱县人民政府办公室",
        topic="综合政务",
        genre="通知",
        validity=Validity.VALID,
        kind=ItemKind.POLICY,
        keywords=("营商环境", "工作要点", "实施方案", "乡村振兴"),
        summary="概述",
        body="<p>正文</p>\n<p>第二段</p>",
        source_url="https://www.huoqiu.gov.cn/public/6596091/1.html",
        attachments=("附件/方案.pdf", "附件/附表.xlsx"),
        row_number=7,
    )


def test_minimal_row_defaults() -> None:
    row = parsed(good())
    assert row.channel_path == ("法定主动公开内容", "政策文件")
    assert row.index_number is None
    assert row.doc_number is None
    assert row.written_on is None
    assert row.publisher is None  # the command fills in the unit's name
    assert (row.topic, row.genre) == (None, None)
    assert row.validity == Validity.NOT_APPLICABLE
    assert row.kind == ItemKind.GENERAL
    assert (row.keywords, row.summary, row.body, row.source_url, row.attachments) == (
        (),
        "",
        "",
        None,
        (),
    )


def test_parse_row_accepts_alias_keys() -> None:
    row = parsed({"栏目*": "通知公告", "名称": "标题", "发布时间": "2024-03-05", "体裁": "通知"})
    assert (row.title, row.genre) == ("标题", "通知")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("综合政务", "综合政务"),
        ("科技、教育", "科技、教育"),
        ("科技,教育", "科技、教育"),
        ("科技教育", "科技、教育"),
        (1, TOPICS[0]),
        (19, TOPICS[18]),
        (15.0, "综合政务"),
        ("15", "综合政务"),
        ("１５", "综合政务"),
    ],
)
def test_topic_by_name_or_number(value: object, expected: str) -> None:
    assert parse_topic(value) == expected
    assert parsed(good(主题分类=value)).topic == expected


@pytest.mark.parametrize("value", [0, 20, "20", 1.5, "教育", "其他"])
def test_unknown_topic(value: object) -> None:
    with pytest.raises(ValueError):
        parse_topic(value)


@pytest.mark.parametrize("genre", GENRES)
def test_every_genre(genre: str) -> None:
    assert parsed(good(体裁分类=genre)).genre == genre


@pytest.mark.parametrize(
    ("label", "validity"),
    [
        ("有效", Validity.VALID),
        ("已修改", Validity.AMENDED),
        ("已废止", Validity.REPEALED),
        ("已失效", Validity.EXPIRED),
        ("", Validity.NOT_APPLICABLE),
    ],
)
def test_validity_labels(label: str, validity: Validity) -> None:
    assert parsed(good(有效性=label)).validity == validity


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("一般信息", ItemKind.GENERAL),
        ("政策文件", ItemKind.POLICY),
        ("政策解读", ItemKind.INTERPRETATION),
        ("", ItemKind.GENERAL),
        (None, ItemKind.GENERAL),
    ],
)
def test_item_kinds(label: str | None, kind: ItemKind) -> None:
    assert parsed(good(信息类型=label)).kind == kind


def test_numeric_index_number_from_excel_is_kept_as_text() -> None:
    assert parsed(good(索引号=12.0)).index_number == "12"


def test_title_at_the_length_limit() -> None:
    assert len(parsed(good(标题="字" * 200)).title) == 200


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"栏目": ""}, ["第 9 行「栏目」：必填，不能为空"]),
        ({"栏目": " / "}, ["第 9 行「栏目」：必填，不能为空"]),
        ({"标题": None}, ["第 9 行「标题」：必填，不能为空"]),
        ({"标题": "<p> </p>"}, ["第 9 行「标题」：必填，不能为空"]),
        ({"标题": "字" * 201}, ["第 9 行「标题」：标题过长（201 字），不能超过 200 字"]),
        ({"发布日期": ""}, ["第 9 行「发布日期」：必填，不能为空"]),
        (
            {"发布日期": "2024-13-01"},
            ["第 9 行「发布日期」：无法识别的日期「2024-13-01」，请写成 2024-03-05 这样的格式"],
        ),
        (
            {"发布日期": "2026-11-27"},
            ["第 9 行「发布日期」：日期 2026-11-27 晚于今天（2026-11-26）"],
        ),
        ({"发布日期": "1900-01-01"}, ["第 9 行「发布日期」：日期 1900-01-01 过早，请核对"]),
        (
            {"成文日期": "2024年3月32日"},
            ["第 9 行「成文日期」：无法识别的日期「2024年3月32日」，请写成 2024-03-05 这样的格式"],
        ),
        (
            {"成文日期": "2024-03-06"},
            ["第 9 行「成文日期」：成文日期 2024-03-06 晚于发布日期 2024-03-05"],
        ),
        (
            {"索引号": "霍邱/2024-001"},
            [
                "第 9 行「索引号」：索引号「霍邱/2024-001」含有不允许的字符，只能包含字母、数字和 / . _ -"
            ],
        ),
        (
            {"索引号": "A" * 65},
            ["第 9 行「索引号」：索引号过长（65 个字符），不能超过 64 个字符"],
        ),
        (
            {"主题分类": "教育"},
            [
                "第 9 行「主题分类」：未知的主题分类「教育」，"
                "请填写模板「填写说明」中的 19 个分类之一或其序号"
            ],
        ),
        (
            {"体裁分类": "命令"},
            ["第 9 行「体裁分类」：未知的体裁分类「命令」，可选：" + "、".join(GENRES)],
        ),
        (
            {"有效性": "作废"},
            ["第 9 行「有效性」：未知的有效性「作废」，可选：有效、已修改、已废止、已失效"],
        ),
        (
            {"信息类型": "新闻"},
            ["第 9 行「信息类型」：未知的信息类型「新闻」，可选：一般信息、政策文件、政策解读"],
        ),
        (
            {"原网址": "ftp://example.com/a"},
            [
                "第 9 行「原网址」：网址「ftp://example.com/a」无效，"
                "必须是以 http:// 或 https:// 开头的完整网址"
            ],
        ),
        (
            {"原网址": "www.huoqiu.gov.cn/a.html"},
            [
                "第 9 行「原网址」：网址「www.huoqiu.gov.cn/a.html」无效，"
                "必须是以 http:// 或 https:// 开头的完整网址"
            ],
        ),
        (
            {"原网址": "javascript:alert(1)"},
            [
                "第 9 行「原网址」：网址「javascript:alert(1)」无效，"
                "必须是以 http:// 或 https:// 开头的完整网址"
            ],
        ),
        (
            {"原网址": "https://a.cn/" + "x" * 500},
            ["第 9 行「原网址」：网址过长（513 个字符），不能超过 500 个字符"],
        ),
        (
            {"附件": "附件/a.pdf;../../etc/passwd"},
            ["第 9 行「附件」：附件路径「../../etc/passwd」无效：必须是相对路径，且不能包含「..」"],
        ),
        (
            {"附件": "/etc/passwd"},
            ["第 9 行「附件」：附件路径「/etc/passwd」无效：必须是相对路径，且不能包含「..」"],
        ),
        (
            {"附件": "C:\\Users\\a.pdf"},
            ["第 9 行「附件」：附件路径「C:\\Users\\a.pdf」无效：必须是相对路径，且不能包含「..」"],
        ),
    ],
)
def test_row_errors(overrides: dict[str, object], expected: list[str]) -> None:
    errors = errors_of(good(**overrides), row_number=9)
    assert [e.message for e in errors] == expected
    assert all(e.row_number == 9 for e in errors)
    assert [e.column for e in errors] == [m.split("「")[1].split("」")[0] for m in expected]


def test_all_problems_of_a_row_are_reported() -> None:
    errors = errors_of({"栏目": "", "标题": "", "发布日期": "明天", "主题分类": "99"}, row_number=3)
    assert [e.column for e in errors] == ["栏目", "标题", "发布日期", "主题分类"]
    assert str(errors[0]) == "第 3 行「栏目」：必填，不能为空"


# --- 文号 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "  ", "无", "-", "／"])
def test_no_doc_number(value: object) -> None:
    assert parsed(good(文号=value)).doc_number is None


@needs_docnumbers
@pytest.mark.parametrize("value", ["霍政办〔2024〕12号", "霍政办[2024]12号"])
def test_doc_number_is_normalised(value: str) -> None:
    assert parsed(good(文号=value)).doc_number == "霍政办〔2024〕12号"


@needs_docnumbers
def test_unparseable_doc_number_is_an_error() -> None:
    (error,) = errors_of(good(文号="请见附件"), row_number=4)
    assert (error.row_number, error.column) == (4, "文号")
    assert error.message.startswith("第 4 行「文号」：文号无法识别：「请见附件」")


def test_doc_number_handling_with_a_stub_normaliser(monkeypatch: pytest.MonkeyPatch) -> None:
    """The row logic around the normaliser, independent of how clever the normaliser is."""
    monkeypatch.setattr(
        importing,
        "_normalise_doc_number",
        lambda text, year: ("霍政办〔2024〕12号", "") if "12" in text else (None, "格式不对"),
    )
    assert parsed(good(文号="霍政办[2024]12号")).doc_number == "霍政办〔2024〕12号"
    (error,) = errors_of(good(文号="见附件"), row_number=5)
    assert error.message == "第 5 行「文号」：文号无法识别：「见附件」（格式不对）"


# --- csv ---------------------------------------------------------------------------------------

CSV_ROWS = [
    ["栏目*", "标题*", "发布日期*", "主题分类", "正文"],
    [
        "法定主动公开内容/通知公告",
        "关于2024年春节期间烟花爆竹燃放的通告",
        "2024/1/20",
        "公安、安全、司法",
        "<p>一\n二</p>",
    ],
    ["法定主动公开内容/工作动态", "城关镇召开安全生产工作推进会", "2024年1月22日", "3", "正文"],
]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030", "gbk", "utf-16"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "items.csv", CSV_ROWS, encoding=encoding)
    result = parse_file(path, today=TODAY)
    assert result.errors == []
    assert [r.title for r in result.rows] == [CSV_ROWS[1][1], CSV_ROWS[2][1]]
    assert result.rows[0].body == "<p>一\n二</p>"  # quoted newline inside one record
    assert result.rows[1].topic == "城乡建设、环境保护"
    assert [r.row_number for r in result.rows] == [2, 3]


def test_gb18030_only_characters(tmp_path: Path) -> None:
    """A rare character outside GBK (e.g. in a township's name) survives the gb18030 fallback."""
    rows = [row[:] for row in CSV_ROWS]
    rows[1][1] = "关于𬌗村道路维修的通知"
    path = write_csv(tmp_path / "items.csv", rows, encoding="gb18030")
    assert parse_file(path, today=TODAY).rows[0].title == "关于𬌗村道路维修的通知"


def test_tab_separated_csv(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "items.csv", CSV_ROWS, sep="\t")
    assert len(parse_file(path, today=TODAY).rows) == 2


def test_csv_errors_have_row_numbers(tmp_path: Path) -> None:
    rows = [*CSV_ROWS, ["法定主动公开内容/工作动态", "标题", "2030-01-01", "", ""]]
    result = parse_file(write_csv(tmp_path / "items.csv", rows), today=TODAY)
    assert [e.message for e in result.errors] == [
        "第 4 行「发布日期」：日期 2030-01-01 晚于今天（2026-11-26）"
    ]
    assert result.total_rows == 3


def test_undecodable_csv(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_bytes("栏目,标题,发布日期\n".encode() + b"\x81\x30\xff\xff\n")
    with pytest.raises(ImportFileError, match="文字编码"):
        parse_file(path, today=TODAY)


# --- xlsx --------------------------------------------------------------------------------------


def test_template_layout(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["目录信息", "填写说明"]
    header = [c.value for c in wb["目录信息"][1]]
    assert header == template_headers()
    assert [h for h in header if h.endswith("*")] == [f"{n}*" for n in REQUIRED_COLUMNS]
    assert REQUIRED_COLUMNS == ("栏目", "标题", "发布日期")
    values = {c.value for row in wb["填写说明"].iter_rows() for c in row if c.value is not None}
    for allowed in (
        *TOPICS,
        *GENRES,
        "有效",
        "已修改",
        "已废止",
        "已失效",
        "一般信息",
        "政策文件",
        "政策解读",
    ):
        assert allowed in values
    for column in COLUMNS:
        assert column.name in values
    # The template itself parses as an empty import.
    assert parse_file(path, today=TODAY).total_rows == 0


def test_xlsx_round_trip(tmp_path: Path) -> None:
    template = tmp_path / "template.xlsx"
    write_template(template)
    wb = openpyxl.load_workbook(template)
    ws = wb["目录信息"]
    col = {name.rstrip("*"): i for i, name in enumerate(template_headers(), start=1)}

    def add(row: int, **values: object) -> None:
        for name, value in values.items():
            ws.cell(row=row, column=col[name], value=value)

    add(
        2,
        栏目="法定主动公开内容/政策文件",
        标题="霍邱县人民政府办公室关于印发《霍邱县2024年优化营商环境工作要点》的通知",
        索引号="11341522003118262W/202403-00012",
        成文日期=dt.datetime(2024, 3, 1),
        发布日期=dt.datetime(2024, 3, 5),
        主题分类=15,
        体裁分类="通知",
        有效性="有效",
        信息类型="政策文件",
        关键词="营商环境、工作要点",
        正文="<p>各乡镇人民政府：</p>",
        原网址="https://www.huoqiu.gov.cn/public/6596091/1.html",
        附件="附件/要点.pdf",
    )
    add(3, 栏目="法定主动公开内容/工作动态", 标题="城关镇召开防汛工作会议", 发布日期="2024.06.18")
    # Row 4 left empty on purpose: empty rows are skipped, numbering continues.
    add(5, 栏目="法定主动公开内容/工作动态", 标题="", 发布日期=dt.datetime(2024, 6, 19))
    add(6, 栏目="法定主动公开内容/工作动态", 标题="城关镇召开防汛工作会议", 发布日期="2024.06.18")
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)

    seen: list[int] = []
    result = parse_file(filled, today=TODAY, progress=seen.append, progress_every=2)
    assert [r.row_number for r in result.rows] == [2, 3]
    first, second = result.rows
    assert first.published_on == dt.date(2024, 3, 5)
    assert first.written_on == dt.date(2024, 3, 1)
    assert first.topic == "综合政务"
    assert (first.kind, first.validity) == (ItemKind.POLICY, Validity.VALID)
    assert first.keywords == ("营商环境", "工作要点")
    assert first.attachments == ("附件/要点.pdf",)
    assert first.key == "https://www.huoqiu.gov.cn/public/6596091/1.html"
    assert second.published_on == dt.date(2024, 6, 18)
    assert second.key.startswith("sha256:")
    assert [e.message for e in result.errors] == ["第 5 行「标题」：必填，不能为空"]
    assert [e.message for e in result.duplicates] == [
        "第 6 行：与第 3 行重复（栏目、标题、发布日期和文号都相同），已跳过"
    ]
    assert result.total_rows == 4
    assert seen == [2, 4]


def test_xlsx_formula_cells_give_their_values(tmp_path: Path) -> None:
    """openpyxl only knows cached values of files saved by Excel; a fresh formula reads as None."""
    path = tmp_path / "a.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["栏目", "标题", "发布日期"])
    wb.active.append(["通知公告", '="标"&"题"', "2024-03-05"])
    wb.save(path)
    (error,) = parse_file(path, today=TODAY).errors
    assert error.message == "第 2 行「标题」：必填，不能为空"


# --- duplicates and keys ----------------------------------------------------------------------


def test_duplicates_by_url_index_number_and_content(tmp_path: Path) -> None:
    rows = [
        ["栏目", "标题", "发布日期", "索引号", "原网址"],
        ["通知公告", "甲", "2024-03-05", "", "https://www.huoqiu.gov.cn/a/1.html"],
        ["通知公告", "乙", "2024-03-05", "", "https://WWW.HUOQIU.GOV.CN/a/1.html#x"],
        ["通知公告", "丙", "2024-03-05", "X/1", ""],
        ["通知公告", "丁", "2024-03-05", "X/1", ""],
        ["通知公告", "戊", "2024-03-05", "X/1", "https://www.huoqiu.gov.cn/a/2.html"],
        ["通知公告", "己", "2024-03-05", "", ""],
        ["通知公告", "己", "2024-03-05", "", ""],
        ["通知公告", "己", "2024-03-06", "", ""],
    ]
    result = parse_file(write_csv(tmp_path / "a.csv", rows), today=TODAY)
    assert [r.title for r in result.rows] == ["甲", "丙", "己", "己"]
    assert [(d.row_number, d.column, d.message) for d in result.duplicates] == [
        (3, "原网址", "第 3 行「原网址」：与第 2 行重复（原网址相同），已跳过"),
        (5, "索引号", "第 5 行「索引号」：与第 4 行重复（索引号相同），已跳过"),
        (6, "索引号", "第 6 行「索引号」：索引号「X/1」与第 4 行重复，已跳过"),
        (8, None, "第 8 行：与第 7 行重复（栏目、标题、发布日期和文号都相同），已跳过"),
    ]
    assert not result.ok


def test_key_prefers_url_then_index_number_then_hash() -> None:
    url = "https://www.huoqiu.gov.cn/a/1.html"
    assert parsed(good(原网址=url, 索引号="X/1")).key == url
    assert parsed(good(索引号="X/1")).key == "X/1"
    assert parsed(good()).key.startswith("sha256:")


def test_hash_key_is_stable() -> None:
    row = parsed(good(文号="无", 正文="一", 关键词="甲"), row_number=2)
    again = parsed(good(正文="二", 内容概述="变了", 发布机构="别的机构"), row_number=900)
    assert row.key == again.key  # row order and free text do not change the key
    # Pinned: a changed hash would make a re-import duplicate every already imported item.
    assert row.key == "sha256:" + _pinned_hash()
    assert parsed(good(标题="别的标题")).key != row.key
    assert parsed(good(发布日期="2024-03-06")).key != row.key
    assert parsed(good(栏目="法定主动公开内容/通知公告")).key != row.key


def _pinned_hash() -> str:
    import hashlib

    identity = (
        '[["法定主动公开内容","政策文件"],"关于做好2024年春季农业生产工作的通知","2024-03-05",null]'
    )
    return hashlib.sha256(identity.encode()).hexdigest()


def test_url_normalisation_keeps_key_stable() -> None:
    a = parsed(good(原网址="HTTP://WWW.HUOQIU.GOV.CN/Public/1.html?id=3#top"))
    assert a.source_url == "http://www.huoqiu.gov.cn/Public/1.html?id=3"
    assert parsed(good(原网址="http://www.huoqiu.gov.cn")).source_url == "http://www.huoqiu.gov.cn/"
