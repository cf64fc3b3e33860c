"""`manage.py import_items`: migrating a unit's old-site items into its catalogue."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page

from gongkai.audit.models import AuditEntry
from gongkai.catalog.domain.importing import write_template
from gongkai.catalog.importer import ChannelResolver, clean_body, storage_key
from gongkai.catalog.models import ChannelPage, ItemPage
from gongkai.catalog.services import instantiate_standard_directory
from tests.catalog.conftest import draft_item, publish_through_review

pytestmark = pytest.mark.django_db

# Template column order: 栏目 标题 索引号 文号 成文日期 发布日期 发布机构 主题分类 体裁分类 有效性
# 信息类型 关键词 内容概述 正文 原网址 附件
ROWS = [
    [
        "法定主动公开内容/工作动态",
        "城关镇召开秸秆禁烧工作推进会",
        "CG-OLD/2025-00007",
        "",
        None,
        dt.date(2025, 6, 3),
        "",
        "城乡建设、环境保护",
        "其他",
        "",
        "",
        "秸秆禁烧，城关镇",
        "部署秸秆禁烧工作。",
        "第一段。\n\n第二段 <注意> & 说明",
        "https://www.huoqiu.gov.cn/chengguan/public/1.html",
        "",
    ],
    [
        "政策文件",  # a single title: 政策文件 goes to 政策/其他文件
        "霍邱县城关镇人民政府关于印发《城关镇防汛应急预案》的通知",
        "",
        "城政〔2025〕8号",
        dt.date(2025, 5, 20),
        "2025年5月22日",
        "霍邱县城关镇人民政府",
        "气象、应急",
        "通知",
        "有效",
        "政策文件",
        "防汛",
        "",
        '<p onclick="x()">各村（社区）：</p><script>alert(1)</script>'
        '<p><a href="javascript:alert(2)">链接</a><a href="https://example.cn/a">原文</a></p>',
        "https://www.huoqiu.gov.cn/chengguan/public/2.html",
        "附件/2025/预案.pdf",
    ],
    [
        "法定主动公开内容 / 通知公告",
        "关于2025年城乡居民医保征缴工作的通告",
        "",
        "",
        None,
        "2025-01-10",
        "",
        "卫生、体育、医疗",
        "通告",
        "",
        "",
        "",
        "",
        "<p>请及时缴纳。</p>",
        "",
        "",
    ],
]


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    write_template(path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list[object]], encoding: str = "gb18030") -> Path:
    from gongkai.catalog.domain.importing import template_headers

    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(template_headers())
        for row in rows:
            writer.writerow(
                ["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row]
            )
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_items", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args: str) -> tuple[str, str, CommandError]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import_items", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), info.value


def imports(unit) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="catalog.item.import", unit=unit))


def test_xlsx_import_publishes_items_with_metadata_and_is_idempotent(
    county, catalogue, system, tmp_path
):
    path = write_xlsx(tmp_path / "城关镇.xlsx", ROWS)
    out, err = run(str(path), "--unit", "chengguan", "--as", "county_admin")
    assert "新建 3 条" in out and "已存在跳过 0 条" in out
    assert "1 条信息填写了「附件」" in out
    assert "读取：已读取 3 行" in err and "写入：3 / 3 条" in err

    items = {i.title: i for i in ItemPage.objects.filter(unit=county.chengguan)}
    assert len(items) == 3
    news = items["城关镇召开秸秆禁烧工作推进会"]
    assert news.live and news.is_public and news.channel.slug == "gzdt"
    assert news.index_number == "CG-OLD/2025-00007"  # kept from the old site
    assert news.published_on == dt.date(2025, 6, 3)
    assert news.import_key == "https://www.huoqiu.gov.cn/chengguan/public/1.html"
    assert news.keywords == "秸秆禁烧，城关镇"
    assert news.body == "<p>第一段。</p><p>第二段 &lt;注意&gt; &amp; 说明</p>"
    assert news.owner == county.county_admin

    policy = items["霍邱县城关镇人民政府关于印发《城关镇防汛应急预案》的通知"]
    assert policy.channel.slug == "qtwj"  # 其他文件, not 行政规范性文件
    assert policy.kind == "policy" and policy.validity == "valid"
    assert policy.doc_number == "城政〔2025〕8号"
    assert policy.written_on == dt.date(2025, 5, 20)
    assert policy.published_on == dt.date(2025, 5, 22)
    # No 索引号 in the file: allocated, in publication-date order (the notice is older).
    assert policy.index_number == "chengguan/2025-00002"
    assert "script" not in policy.body and "alert" not in policy.body
    assert "onclick" not in policy.body and "javascript" not in policy.body
    assert '<a href="https://example.cn/a">原文</a>' in policy.body
    assert not policy.needs_interpretation

    notice = items["关于2025年城乡居民医保征缴工作的通告"]
    assert notice.channel.slug == "tzgg"
    assert notice.import_key.startswith("sha256:") and len(notice.import_key) == 64
    assert notice.index_number == "chengguan/2025-00001"

    assert Page.find_problems() == ([], [], [], [], [])
    [entry] = imports(county.chengguan)
    assert entry.actor == county.county_admin
    assert entry.after == {"file": "城关镇.xlsx", "created": 3, "skipped": 0, "errors": 0}

    # Second run: everything is already there.
    out, _ = run(str(path), "--unit", "chengguan")
    assert "新建 0 条" in out and "已存在跳过 3 条" in out
    assert ItemPage.objects.filter(unit=county.chengguan).count() == 3
    assert len(imports(county.chengguan)) == 1  # nothing changed, nothing audited


def test_index_numbers_follow_publication_dates(county, catalogue, system, tmp_path):
    rows = [
        ["法定主动公开内容/通知公告", f"通知{i}", "", "", None, f"2025-0{m}-01"] + [""] * 10
        for i, m in enumerate((5, 2, 9), start=1)
    ]
    run(str(write_xlsx(tmp_path / "a.xlsx", rows)), "--unit", "chengguan")
    numbers = dict(
        ItemPage.objects.filter(unit=county.chengguan).values_list("title", "index_number")
    )
    assert numbers == {
        "通知2": "chengguan/2025-00001",
        "通知1": "chengguan/2025-00002",
        "通知3": "chengguan/2025-00003",
    }


def test_csv_import_in_gb18030(county, catalogue, system, tmp_path):
    path = write_csv(tmp_path / "发改委.csv", ROWS)
    out, _ = run(str(path), "--unit", "fgw")
    assert "新建 3 条" in out
    assert ItemPage.objects.filter(unit=county.fgw, live=True).count() == 3
    titles = set(ItemPage.objects.filter(unit=county.fgw).values_list("channel__slug", flat=True))
    assert titles == {"gzdt", "qtwj", "tzgg"}
    out, _ = run(str(path), "--unit", "fgw")
    assert "已存在跳过 3 条" in out


def test_row_errors_are_reported_and_valid_rows_imported(county, catalogue, system, tmp_path):
    # An item already published on the platform holds a 索引号 the file also uses.
    channel = catalogue.channel(catalogue.chengguan, "tzgg")
    existing = publish_through_review(draft_item(channel, county.township_editor), county)
    rows = [
        ROWS[0],
        ["法定主动公开内容/不存在的栏目", "标题甲", "", "", None, "2025-03-01"] + [""] * 10,
        ["法定主动公开内容/通知公告", "标题乙", "", "", None, "2025-13-45"] + [""] * 10,
        ["通知公告", "标题丙", existing.index_number, "", None, "2025-03-02"] + [""] * 10,
        ["法定主动公开内容/政策", "标题丁", "", "", None, "2025-03-03"] + [""] * 10,
        ROWS[0],  # the same old URL twice in one file
    ]
    path = write_xlsx(tmp_path / "errors.xlsx", rows)
    before = ItemPage.objects.count()

    out, _, error = run_failing(str(path), "--unit", "chengguan", "--strict")
    assert error.returncode == 1
    assert "因使用 --strict 且有错误，未导入任何信息" in out
    assert ItemPage.objects.count() == before  # nothing half-written
    assert imports(county.chengguan) == []

    out, _, error = run_failing(str(path), "--unit", "chengguan")
    assert error.returncode == 1 and "有 5 行未导入" in str(error)
    assert "新建 1 条" in out and "错误 5 行" in out
    assert "第 3 行「栏目」：本单位目录中没有栏目「法定主动公开内容/不存在的栏目」" in out
    assert "第 4 行「发布日期」：无法识别的日期「2025-13-45」" in out
    assert f"第 5 行「索引号」：索引号「{existing.index_number}」已被本平台其他信息使用" in out
    assert "第 6 行「栏目」：栏目「法定主动公开内容/政策」下设子栏目" in out
    assert "行政规范性文件、其他文件、政策解读" in out
    assert "第 7 行「原网址」：与第 2 行重复" in out
    assert out.index("第 3 行") < out.index("第 4 行") < out.index("第 7 行")
    assert ItemPage.objects.count() == before + 1
    [entry] = imports(county.chengguan)
    assert entry.after["created"] == 1 and entry.after["errors"] == 5


def test_dry_run_writes_nothing(county, catalogue, system, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", ROWS)
    out, _ = run(str(path), "--unit", "chengguan", "--dry-run")
    assert "[演练] 共 3 行：可新建 3 条" in out and "未写入数据库" in out
    assert not ItemPage.objects.filter(unit=county.chengguan).exists()
    assert imports(county.chengguan) == []


def test_unknown_unit_user_and_unreadable_file(county, catalogue, system, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", ROWS)
    _, _, error = run_failing(str(path), "--unit", "nope")
    assert "没有编码为「nope」的单位" in str(error)
    _, _, error = run_failing(str(path), "--unit", "chengguan", "--as", "nobody")
    assert "没有用户名为「nobody」的在用账号" in str(error)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    _, _, error = run_failing(str(old), "--unit", "chengguan")
    assert "另存为 .xlsx" in str(error)
    # A unit without a catalogue.
    _, _, error = run_failing(str(path), "--unit", "sjzyj")
    assert "尚未建立信息公开目录" in str(error)


def test_channel_resolution(county, catalogue, system, now):
    instantiate_standard_directory(unit=county.chengguan, by=None, now=now, areas=[4])
    # A second 工作动态 under a special-topic channel makes the bare title ambiguous.
    topic = catalogue.chengguan.add_child(instance=ChannelPage(title="专题专栏", slug="ztzl"))
    topic.add_child(instance=ChannelPage(title="工作动态", slug="ztgzdt"))
    resolver = ChannelResolver(county.chengguan, catalogue.chengguan)
    slug = dict(ChannelPage.objects.values_list("pk", "slug"))

    def found(*path: str) -> str:
        result = resolver.resolve(path)
        return slug[result] if isinstance(result, int) else result

    assert found("法定主动公开内容", "工作动态") == "gzdt"
    assert found("霍邱县城关镇人民政府", "法定主动公开内容", "工作动态") == "gzdt"
    assert found("专题专栏", "工作动态") == "ztgzdt"
    assert found("法定主动公开内容", "政策", "行政规范性文件") == "xzgfxwj"
    assert found("行政规范性文件") == "xzgfxwj"
    assert found("政策解读") == "zcjd"
    assert found("法定主动公开内容", "政策文件") == "qtwj"
    assert found("规范性文件") == "xzgfxwj"
    assert "不唯一" in found("工作动态")
    # The 标准目录 area 04 has the same title as the 法定主动公开内容 channel.
    assert "不唯一" in found("财政预决算")
    assert found("基层政务公开标准目录", "财政预决算") == "area04"
    assert "没有栏目「法定主动公开内容/专栏」" in found("法定主动公开内容", "专栏")


def test_clean_body():
    assert clean_body("") == ""
    assert clean_body("一\r\n\r\n二 <b") == "<p>一</p><p>二 &lt;b</p>"
    simple = "<p>一</p><p><b>二</b><br/>三</p><ul><li>四</li></ul>"
    assert clean_body(simple) == simple
    dirty = (
        '<div class="x"><span style="color:red">甲</span></div>'
        "<style>p{}</style><iframe src='//evil'></iframe>"
        "<table><tr><td>乙</td><td>丙</td></tr></table>"
        '<img src="x" onerror="alert(1)"><h1>标题</h1>'
    )
    cleaned = clean_body(dirty)
    assert cleaned.startswith("<p>甲</p>")
    assert "<p>乙 丙 </p>" in cleaned and "<h2>标题</h2>" in cleaned
    for bad in ("style", "iframe", "img", "onerror", "class", "span", "table", "evil"):
        assert bad not in cleaned


def test_storage_key_fits_the_column():
    assert storage_key("https://a.cn/1.html") == "https://a.cn/1.html"
    long_url = "https://www.huoqiu.gov.cn/" + "x" * 100 + ".html"
    key = storage_key(long_url)
    assert len(key) == 64 and key.startswith("sha256:") and key == storage_key(long_url)
    assert storage_key("sha256:" + "a" * 64) == "sha256:" + "a" * 57


def test_values_too_long_for_the_database_are_row_errors(county, catalogue, system, tmp_path):
    row = list(ROWS[2])
    row[6] = "霍" * 101  # 发布机构
    row[11] = "、".join(f"关键词{i}很长很长" for i in range(40))  # 关键词
    out, _, error = run_failing(
        str(write_xlsx(tmp_path / "a.xlsx", [row])), "--unit", "chengguan", "--dry-run"
    )
    assert "第 2 行「发布机构」：发布机构过长（101 字），不能超过 100 字" in out
    assert "第 2 行「关键词」：关键词过长" in out
    assert error.returncode == 1
