"""Writes of the catalogue: setting up catalogues and directories, withdrawing, reassigning.

Publication itself is not a service here: it is the last step of the 三审 workflow (Wagtail
runs it, gongkai/catalog/publishing.py guards it, gongkai/catalog/signals.py audits it).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Page, Task, Workflow, WorkflowPage, WorkflowTask

from gongkai.audit import services as audit
from gongkai.audit.actions import register_actions
from gongkai.catalog.approvers import Approver
from gongkai.catalog.domain import structure
from gongkai.catalog.domain.standards import areas_for_level, load_directory
from gongkai.catalog.domain.taxonomy import DEFAULT_UPDATE_PERIOD_DAYS, ChannelType
from gongkai.catalog.models import (
    ChannelPage,
    DisclosureRootPage,
    ItemPage,
    PreCheckTask,
    ReviewTask,
    StandardDirectory,
    StandardEntry,
    UnitCatalogPage,
    Withdrawal,
)
from gongkai.catalog.permissions import ensure_county_page_permissions, ensure_unit_page_groups
from gongkai.catalog.publishing import acting_user
from gongkai.units.errors import NotAllowed, UnitsError
from gongkai.units.models import Unit, UnitKind, User
from gongkai.units.roles import Capability
from gongkai.units.selectors import active_memberships
from gongkai.units.services import require, sync_role_groups

register_actions(
    {
        "catalog.root.create": "建立政府信息公开平台",
        "catalog.unit.create": "建立单位目录",
        "catalog.standard.instantiate": "建立两化标准目录",
        "catalog.channel.assign": "调整栏目责任编辑",
        "catalog.item.submit": "提交三审",
        "catalog.item.approve": "审核通过",
        "catalog.item.reject": "审核退回",
        "catalog.item.publish": "发布信息",
        "catalog.item.unpublish": "取消发布",
        "catalog.item.withdraw": "撤稿",
        "catalog.item.schedule_withdraw": "设置定时撤稿",
        "catalog.item.import": "导入历史信息",
    }
)


class CatalogError(UnitsError):
    """A catalogue operation refused with a message for the user."""


# ------------------------------------------------------------------------------- workflows

THREE_REVIEWS = "三审（初审·复审·终审）"
TWO_REVIEWS = "两审（村级：初审·复审）"


def _task(model, name: str, **fields) -> Task:
    task = model.objects.filter(name=name).first()
    if task is None:
        task = model.objects.create(name=name, **fields)
    return task


def ensure_review_workflows() -> tuple[Workflow, Workflow]:
    """The county-wide 三审 workflow and the two-step village one (idempotent)."""
    pre = _task(PreCheckTask, "预检")
    first = _task(ReviewTask, "初审", approver=Approver.UNIT_REVIEWER)
    second = _task(ReviewTask, "复审", approver=Approver.UNIT_LEADER)
    final = _task(ReviewTask, "终审", approver=Approver.COUNTY_OFFICE)
    result = []
    for name, tasks in (
        (THREE_REVIEWS, [pre, first, second, final]),
        (TWO_REVIEWS, [pre, first, second]),
    ):
        workflow, created = Workflow.objects.get_or_create(name=name)
        if created:
            for order, task in enumerate(tasks):
                WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
        result.append(workflow)
    return result[0], result[1]


@transaction.atomic
def create_catalogue_root(*, home: Page, by: User | None, now: dt.datetime) -> DisclosureRootPage:
    root = DisclosureRootPage.objects.first()
    if root is not None:
        return root
    root = home.add_child(instance=DisclosureRootPage(title="政府信息公开", slug="xxgk", live=True))
    three, _ = ensure_review_workflows()
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": three})
    ensure_county_page_permissions(root)
    audit.record(action="catalog.root.create", by=by, obj=root, after={"slug": root.slug}, at=now)
    return root


def _add_channels(parent: Page, specs, *, unit: Unit) -> int:
    count = 0
    existing = {p.slug for p in parent.get_children().only("slug")}
    for spec in specs:
        if spec.slug in existing:
            channel = parent.get_children().get(slug=spec.slug).specific
        else:
            channel = parent.add_child(
                instance=ChannelPage(
                    title=spec.title,
                    slug=spec.slug,
                    channel_type=spec.type,
                    unit=unit,
                    update_period_days=None
                    if spec.container
                    else DEFAULT_UPDATE_PERIOD_DAYS.get(spec.type),
                    live=True,
                )
            )
            count += 1
        count += _add_channels(channel, spec.children, unit=unit)
    return count


@transaction.atomic
def create_unit_catalogue(*, unit: Unit, by: User | None, now: dt.datetime) -> UnitCatalogPage:
    """Give a unit its standard catalogue, page groups and (villages) its two-step review."""
    if by is not None:
        require(by, Capability.MANAGE_CATALOGUE)
    root = DisclosureRootPage.objects.first()
    if root is None:
        raise CatalogError("请先建立政府信息公开平台根栏目")
    catalog = UnitCatalogPage.objects.filter(unit=unit).first()
    created = catalog is None
    if created:
        catalog = root.add_child(
            instance=UnitCatalogPage(title=unit.name, slug=unit.code, unit=unit, live=True)
        )
    channels = _add_channels(catalog, structure.catalogue_for(unit.kind, unit.sector), unit=unit)
    ensure_unit_page_groups(catalog, unit.code)
    if unit.kind == UnitKind.VILLAGE:
        _, two = ensure_review_workflows()
        WorkflowPage.objects.update_or_create(page=catalog, defaults={"workflow": two})
    for user in User.objects.filter(memberships__unit=unit, memberships__ended_on__isnull=True):
        sync_role_groups(user)
    if created or channels:
        audit.record(
            action="catalog.unit.create",
            by=by,
            unit=unit,
            obj=catalog,
            after={"channels_created": channels},
            at=now,
        )
    return catalog


@transaction.atomic
def instantiate_standard_directory(
    *, unit: Unit, by: User | None, now: dt.datetime, areas: list[int] | None = None
) -> list[StandardDirectory]:
    """Create the unit's 两化 standard directory channels and entries (国办发〔2019〕54号)."""
    if by is not None:
        require(by, Capability.MANAGE_CATALOGUE)
    level = structure.standard_level(unit.kind)
    if level is None:
        raise CatalogError("只有乡镇和县直部门编制基层政务公开标准目录")
    catalog = UnitCatalogPage.objects.filter(unit=unit).first()
    if catalog is None:
        raise CatalogError("该单位尚未建立信息公开目录")
    container = catalog.get_children().filter(slug=structure.STANDARD_SLUG).first()
    if container is None:
        raise CatalogError("该单位目录缺少“基层政务公开标准目录”栏目")
    made = []
    for area in areas_for_level(load_directory(), level):
        if areas is not None and area.number not in areas:
            continue
        if StandardDirectory.unscoped.filter(unit=unit, area_number=area.number).exists():
            continue
        channel = container.add_child(
            instance=ChannelPage(
                title=area.name,
                slug=f"area{area.number:02d}",
                channel_type=ChannelType.STANDARD,
                unit=unit,
                update_period_days=DEFAULT_UPDATE_PERIOD_DAYS[ChannelType.STANDARD],
                is_standard=True,
                live=True,
            )
        )
        directory = StandardDirectory.unscoped.create(
            unit=unit, area_number=area.number, area_name=area.name, channel=channel
        )
        StandardEntry.unscoped.bulk_create(
            StandardEntry(
                directory=directory,
                unit=unit,
                code=e.code,
                level1=e.level1,
                level2=e.level2,
                content=e.content,
                basis=e.basis,
                time_limit=e.time_limit,
                refresh_days=e.refresh_days,
                subject=e.subject_for(unit.name),
                channels=list(e.channels),
                audience=e.audience,
                mode=e.mode,
            )
            for e in area.entries
        )
        made.append(directory)
    if made:
        audit.record(
            action="catalog.standard.instantiate",
            by=by,
            unit=unit,
            obj=catalog,
            after={"areas": [d.area_number for d in made]},
            at=now,
        )
    return made


# ----------------------------------------------------------------------- item transitions

# Allowed item transitions outside the review workflow (the workflow owns draft → published).
ITEM_TRANSITIONS: dict[str, set[str]] = {
    "withdraw": {"published"},
    "schedule_withdraw": {"published"},
}


def item_state(item: ItemPage) -> str:
    if item.live:
        return "published"
    if item.withdrawn_reason:
        return "withdrawn"
    return "draft"


def can_withdraw(user: User, item: ItemPage) -> bool:
    """撤稿 is for the unit's leader and the county office (not the editor alone)."""
    from gongkai.catalog import approvers

    if not (user and user.is_authenticated):
        return False
    return approvers.holds(user, Approver.UNIT_LEADER, item.unit) or approvers.holds(
        user, Approver.COUNTY_OFFICE, item.unit
    )


def _guard(item: ItemPage, transition: str, by: User) -> None:
    state = item_state(item)
    if state not in ITEM_TRANSITIONS[transition]:
        raise CatalogError("只有已发布的信息可以撤稿")
    if not can_withdraw(by, item):
        raise NotAllowed("只有本单位负责人或县政务公开办可以撤稿")


@transaction.atomic
def withdraw_item(item: ItemPage, *, by: User, reason: str, now: dt.datetime) -> ItemPage:
    """撤稿: take an item off the portal now; its 索引号 stays burnt (never reused)."""
    reason = (reason or "").strip()
    if not reason:
        raise CatalogError("请填写撤稿原因")
    item = ItemPage.objects.select_for_update().get(pk=item.pk)
    _guard(item, "withdraw", by)
    # Nobody holds Wagtail's publish/unpublish permission on items; _guard() is the check.
    with acting_user(by):
        UnpublishPageAction(item, user=by).execute(skip_permission_checks=True)
    ItemPage.objects.filter(pk=item.pk).update(withdrawn_reason=reason[:200], expire_at=None)
    Withdrawal.unscoped.create(item=item, unit=item.unit, reason=reason[:200], by=by, at=now)
    audit.record(
        action="catalog.item.withdraw",
        by=by,
        unit=item.unit,
        obj=item,
        before={"state": "published"},
        after={"state": "withdrawn", "index_number": item.index_number},
        reason=reason,
        at=now,
    )
    item.refresh_from_db()
    return item


@transaction.atomic
def schedule_withdrawal(
    item: ItemPage, *, by: User, at: dt.datetime, reason: str, now: dt.datetime
) -> ItemPage:
    """定时撤稿: the scheduled-jobs runner takes the item down at `at` (see jobs.py)."""
    reason = (reason or "").strip()
    if not reason:
        raise CatalogError("请填写撤稿原因")
    if at <= now:
        raise CatalogError("定时撤稿时间必须晚于当前时间")
    item = ItemPage.objects.select_for_update().get(pk=item.pk)
    _guard(item, "schedule_withdraw", by)
    before = {"expire_at": item.expire_at.isoformat() if item.expire_at else None}
    ItemPage.objects.filter(pk=item.pk).update(expire_at=at, withdrawn_reason=reason[:200])
    audit.record(
        action="catalog.item.schedule_withdraw",
        by=by,
        unit=item.unit,
        obj=item,
        before=before,
        after={"expire_at": at.isoformat()},
        reason=reason,
        at=now,
    )
    item.refresh_from_db()
    return item


@transaction.atomic
def assign_channel_editor(
    channel: ChannelPage, *, by: User, editor: User | None, now: dt.datetime
) -> ChannelPage:
    require(by, Capability.MANAGE_CATALOGUE)
    if editor is not None and not any(
        m.unit_id == channel.unit_id for m in active_memberships(editor)
    ):
        raise CatalogError(f"{editor}不是{channel.unit.short_name}的在岗人员")
    before = {"responsible_editor": channel.responsible_editor_id}
    ChannelPage.objects.filter(pk=channel.pk).update(responsible_editor=editor)
    audit.record(
        action="catalog.channel.assign",
        by=by,
        unit=channel.unit,
        obj=channel,
        before=before,
        after={"responsible_editor": editor.pk if editor else None},
        at=now,
    )
    channel.refresh_from_db()
    return channel
