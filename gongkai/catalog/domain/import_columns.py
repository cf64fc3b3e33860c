"""The columns of the import file: canonical Chinese headers, aliases, limits, header matching.

Shared by the reader (:mod:`gongkai.catalog.domain.importing`, which re-exports every public
name here) and the Excel template (:mod:`gongkai.catalog.domain.import_template`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from gongkai.catalog.domain.import_values import _INVISIBLE


@dataclass(frozen=True)
class Column:
    """One column of the import file: canonical Chinese header, accepted aliases, help text."""

    name: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: str = ""


COL_CHANNEL = "栏目"
COL_TITLE = "标题"
COL_INDEX = "索引号"
COL_DOC_NUMBER = "文号"
COL_WRITTEN = "成文日期"
COL_PUBLISHED = "发布日期"
COL_PUBLISHER = "发布机构"
COL_TOPIC = "主题分类"
COL_GENRE = "体裁分类"
COL_VALIDITY = "有效性"
COL_KIND = "信息类型"
COL_KEYWORDS = "关键词"
COL_SUMMARY = "内容概述"
COL_BODY = "正文"
COL_SOURCE_URL = "原网址"
COL_ATTACHMENTS = "附件"

TITLE_MAX_LENGTH = 200
INDEX_NUMBER_MAX_LENGTH = 64
URL_MAX_LENGTH = 500
# Nothing in a county's 目录 predates the People's Republic; earlier dates are typing mistakes
# or Excel's "day zero" (1899-12-30) leaking out of an empty date cell.
EARLIEST_DATE = date(1949, 10, 1)

# The order is the order of the template's columns.
COLUMNS: tuple[Column, ...] = (
    Column(
        COL_CHANNEL,
        required=True,
        help="栏目名称或栏目路径，多级用“/”分隔，如：法定主动公开内容/政策文件",
    ),
    Column(
        COL_TITLE,
        required=True,
        aliases=("名称", "信息名称"),
        help=f"信息标题，不超过 {TITLE_MAX_LENGTH} 字；HTML 标签会被去掉",
    ),
    Column(
        COL_INDEX,
        help="原网站的索引号（可选，填写则保留）；只能包含字母、数字和 / . _ -，"
        f"不超过 {INDEX_NUMBER_MAX_LENGTH} 个字符",
    ),
    Column(
        COL_DOC_NUMBER,
        aliases=("发文字号",),
        help="如：霍政办〔2024〕12号；没有文号请留空或填“无”",
    ),
    Column(COL_WRITTEN, aliases=("生成日期",), help="如：2024-03-05，不能晚于发布日期"),
    Column(
        COL_PUBLISHED,
        required=True,
        aliases=("发布时间",),
        help="如：2024-03-05、2024/3/5、2024年3月5日；不能晚于今天",
    ),
    Column(COL_PUBLISHER, help="留空则为本单位名称"),
    Column(COL_TOPIC, help="19 个主题分类之一（见右侧列表），也可填序号 1–19"),
    Column(COL_GENRE, aliases=("体裁",), help="13 个体裁分类之一（见右侧列表）"),
    Column(COL_VALIDITY, help="政策文件填写：有效、已修改、已废止、已失效；其他信息留空"),
    Column(COL_KIND, help="一般信息、政策文件或政策解读；留空为一般信息"),
    Column(COL_KEYWORDS, help="多个关键词用逗号、顿号、分号或空格分隔"),
    Column(COL_SUMMARY, aliases=("摘要",), help="内容概述（可选）"),
    Column(COL_BODY, help="正文，可以是 HTML 或纯文本"),
    Column(
        COL_SOURCE_URL,
        aliases=("来源链接",),
        help="原网站上的网址（http 或 https）；填写后重复导入会跳过已导入的信息，不会重复新建",
    ),
    Column(
        COL_ATTACHMENTS,
        help="附件文件的相对路径，多个用分号分隔，如：附件/2024/实施方案.pdf",
    ),
)

REQUIRED_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)

_HEADER_STRIP = re.compile(r"[\s\u3000]+")
# A hint appended to a header, e.g. 「发布日期（yyyy-mm-dd）」 or 「主题分类(必填)」.
_HEADER_HINT = re.compile(r"[（(][^（）()]*[）)]$")


def normalise_header(text: object) -> str:
    """Strip spaces (incl. full-width), hints in brackets and the 「*」 required marker."""
    if text is None:
        return ""
    name = _HEADER_STRIP.sub("", _INVISIBLE.sub("", str(text)))
    name = name.strip("*＊")
    name = _HEADER_HINT.sub("", name)
    return name.strip("*＊")


_HEADER_LOOKUP: dict[str, str] = {}
for _column in COLUMNS:
    for _alias in (_column.name, *_column.aliases):
        _HEADER_LOOKUP[_alias] = _column.name


def canonical_column(header: object) -> str | None:
    """The canonical column name for a header cell, or None if it is not an import column."""
    return _HEADER_LOOKUP.get(normalise_header(header))
