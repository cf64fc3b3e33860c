"""Demo of the 三审 workflow: one 城关镇 item in every state, driven through the real workflow.

Called by :func:`gongkai.catalog.demo.generate_catalog` (which re-exports
:data:`REVIEW_CASES`). Idempotent: each item carries the ``import_key``
「demo-review:{case}」 and is only created when missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.catalog.models import ChannelPage, ItemPage, UnitCatalogPage
from gongkai.catalog.services import withdraw_item
from gongkai.units.models import Unit, User


@dataclass(frozen=True)
class _ReviewCase:
    key: str
    label: str  # 「待初审」 … ; empty: not listed in the summary line
    channel: str
    title: str
    steps: int  # approvals after the pre-check: 0 = submitted only, 3 = through 终审
    submit: bool = True
    reject: str = ""  # reason given by the 初审 reviewer
    withdraw: str = ""  # reason given by the unit leader after publication
    scheduled: bool = False


REVIEW_CASES = (
    _ReviewCase("draft", "", "tzgg", "关于做好城关镇冬季供暖安全工作的通知", 0, submit=False),
    _ReviewCase("first", "待初审", "tzgg", "关于开展城关镇老旧小区改造意见征集的公告", 0),
    _ReviewCase("second", "待复审", "tzgg", "城关镇城乡居民医保征缴工作进展情况的通报", 1),
    _ReviewCase("final", "待终审", "tzgg", "关于城关镇临时救助资金发放情况的公示", 2),
    _ReviewCase(
        "rejected",
        "已退回",
        "tzgg",
        "关于调整城关镇部分道路停车管理措施的通告",
        0,
        reject="停车收费标准缺少价格主管部门的批复文号，请补充后重新提交",
    ),
    _ReviewCase("published", "", "gzdt", "城关镇召开冬春火灾防控工作部署会", 3),
    _ReviewCase(
        "scheduled", "已定时", "tzgg", "关于元旦期间城关镇环卫作业时间调整的公告", 3, scheduled=True
    ),
    _ReviewCase(
        "withdrawn",
        "已撤稿",
        "tzgg",
        "关于城关镇农贸市场临时闭市的通知",
        3,
        withdraw="闭市安排已调整，以新发布的通知为准",
    ),
)


def _review_demo(*, today: dt.date, now: dt.datetime) -> list[str]:
    """Drive one item per state through the real workflow; returns the states' labels."""
    unit = Unit.unscoped.filter(code="chengguan").first()
    names = ("cg_editor", "cg_reviewer", "cg_leader", "county_admin")
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    catalog = UnitCatalogPage.objects.filter(unit=unit).first() if unit else None
    if catalog is None or len(users) < len(names):
        return []
    editor = users["cg_editor"]
    reviewers = [users["cg_reviewer"], users["cg_leader"], users["county_admin"]]
    have = set(
        ItemPage.objects.filter(unit=unit, import_key__startswith="demo-review:").values_list(
            "import_key", flat=True
        )
    )
    for case in REVIEW_CASES:
        key = f"demo-review:{case.key}"
        if key in have:
            continue
        channel = ChannelPage.objects.get(unit=unit, slug=case.channel)
        item = ItemPage(
            title=case.title,
            topic="综合政务",
            genre="公告" if "公告" in case.title else "通知",
            keywords="城关镇",
            summary=case.title + "。",
            body=f"<p>各村（社区）、镇直各单位：</p><p>{case.title}，现将有关事项通知如下。</p>",
            live=False,
            owner=editor,
            import_key=key,
        )
        if case.scheduled:
            item.go_live_at = now + dt.timedelta(days=3)
        item = channel.add_child(instance=item)
        item.save_revision(user=editor)
        if not case.submit:
            continue
        item = ItemPage.objects.get(pk=item.pk)
        item.get_workflow().start(item, editor)
        for reviewer in reviewers[: case.steps]:
            _act(item, reviewer, "approve")
        if case.reject:
            _act(item, reviewers[0], "reject", comment=case.reject)
        if case.withdraw:
            item = ItemPage.objects.get(pk=item.pk)
            withdraw_item(item, by=users["cg_leader"], reason=case.withdraw, now=now)
    return [case.label for case in REVIEW_CASES if case.label]


def _act(item: ItemPage, user: User, action: str, comment: str = "") -> None:
    item = ItemPage.objects.get(pk=item.pk)
    state = item.current_workflow_task_state
    state.task.specific.on_action(state, user, action, comment=comment)
