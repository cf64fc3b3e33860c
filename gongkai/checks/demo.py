"""Demo: the county office's word lists, some already-public items with problems, one scan.

The problems are those the 2023 summary and county bulletins report: personal data in 公示
lists, 文号 written with [] or 【】, a township name written 冯岭镇 instead of 冯瓴镇, names of
institutions that changed in the 2019 reorganisation, secret markings left in a document.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.catalog.bulk import NewItem, bulk_create_items
from gongkai.catalog.models import ChannelPage, ItemPage
from gongkai.catalog.publishing import publication_exemption
from gongkai.checks.domain.pii import id18_check_char
from gongkai.checks.models import LexiconTerm
from gongkai.checks.services import scan_site
from gongkai.core.demo import demo_generator

TERMS = [
    ("冯岭镇", "typo", "冯瓴镇", "blocking", "乡镇名称：瓴（líng），不是岭"),
    ("城关镇人名政府", "typo", "城关镇人民政府", "blocking", "机关名称错字"),
    ("政府信息公开条列", "typo", "政府信息公开条例", "blocking", "法规名称错字"),
    ("霍邱县国土资源局", "typo", "霍邱县自然资源和规划局", "warning", "2019 年机构改革后已更名"),
    ("霍邱县环境保护局", "typo", "六安市霍邱县生态环境分局", "warning", "2019 年机构改革后已更名"),
    (
        "霍邱县卫生和计划生育委员会",
        "typo",
        "霍邱县卫生健康委员会",
        "warning",
        "2019 年机构改革后已更名",
    ),
    ("机密★", "sensitive", "", "blocking", "密级标识：涉密文件不得公开"),
    ("秘密★", "sensitive", "", "blocking", "密级标识：涉密文件不得公开"),
    ("内部资料 注意保存", "sensitive", "", "blocking", "内部资料不得公开"),
]


def _id(first17: str) -> str:
    return first17 + id18_check_char(first17)


def _items(channel_ids: dict[str, int], today: dt.date) -> list[NewItem]:
    notice = channel_ids["tzgg"]
    news = channel_ids["gzdt"]
    return [
        NewItem(
            channel_id=notice,
            title="城关镇2024年第三季度城乡低保新增对象公示",
            published_on=today - dt.timedelta(days=70),
            topic="民政、扶贫",
            genre="公告",
            body=(
                "<p>经个人申请、入户调查、民主评议，拟将以下人员纳入城乡低保：</p>"
                f"<p>张某某，身份证号{_id('34152219650312002')}，联系电话13955641234；</p>"
                f"<p>李某某，身份证号{_id('34152219720805104')}，联系电话0564-6123456。</p>"
                "<p>公示期7天，如有异议请与镇民政办联系。</p>"
            ),
            import_key="demo-checks:dibao",
        ),
        NewItem(
            channel_id=notice,
            title="关于转发《霍邱县冬春火灾防控工作方案》的通知",
            published_on=today - dt.timedelta(days=40),
            topic="气象、应急",
            genre="通知",
            body="<p>根据霍政办[2024]15号和霍应急【2024】3号文件要求，结合我镇实际，现转发如下。</p>",
            import_key="demo-checks:docnum",
        ),
        NewItem(
            channel_id=news,
            title="冯岭镇召开秋冬季森林防火工作推进会",
            published_on=today - dt.timedelta(days=20),
            topic="气象、应急",
            genre="其他",
            body="<p>11月12日，冯岭镇召开秋冬季森林防火工作推进会，霍邱县国土资源局有关同志参加。</p>"
            '<p><img src="/static/portal/none.png"></p>',
            import_key="demo-checks:typo",
        ),
        NewItem(
            channel_id=notice,
            title="城关镇2024年公益性岗位招聘拟聘用人员名单",
            published_on=today - dt.timedelta(days=55),
            topic="劳动、人事、监察",
            genre="公告",
            body="<table><tr><td>王某</td><td>13805640001</td></tr>"
            "<tr><td>赵某</td><td>wangmou1990@163.com</td></tr></table>",
            import_key="demo-checks:hire",
        ),
    ]


@demo_generator("checks", "检查词库与全站内容检查", order=40)
def generate_checks(*, scale: str, today: dt.date, stdout) -> list[str]:
    for term, kind, suggestion, severity, note in TERMS:
        LexiconTerm.objects.get_or_create(
            term=term,
            kind=kind,
            defaults={"suggestion": suggestion, "severity": severity, "note": note},
        )
    channels = dict(
        ChannelPage.objects.filter(unit__code="chengguan", slug__in=["tzgg", "gzdt"]).values_list(
            "slug", "pk"
        )
    )
    created = 0
    if len(channels) == 2:
        wanted = [
            i
            for i in _items(channels, today)
            if not ItemPage.objects.filter(import_key=i.import_key).exists()
        ]
        with publication_exemption("演示数据：原网站遗留的问题信息"):
            created = bulk_create_items(wanted)
    run = scan_site(by=None, today=today, now=timezone.now())
    return [
        f"检查词库：{LexiconTerm.objects.count()} 个词语；演示问题信息 {created} 条",
        f"全站内容检查：{run.items_checked} 条信息，发现 {run.findings} 个问题，用时 {run.seconds} 秒"
        "（/admin/checks/report/）",
    ]
