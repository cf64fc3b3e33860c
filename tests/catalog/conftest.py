"""A catalogue on top of the persona county, and helpers to drive the 三审 workflow."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from wagtail.models import Page

from gongkai.catalog.models import ChannelPage, ItemPage, UnitCatalogPage
from gongkai.catalog.services import create_catalogue_root, create_unit_catalogue
from gongkai.portal.models import HomePage
from gongkai.units.scoping import system_scope


@dataclass
class Catalogue:
    home: HomePage
    chengguan: UnitCatalogPage
    hekou: UnitCatalogPage
    fgw: UnitCatalogPage
    datong: UnitCatalogPage

    def channel(self, catalog: UnitCatalogPage, slug: str) -> ChannelPage:
        return ChannelPage.objects.descendant_of(catalog).get(slug=slug)


@pytest.fixture
def catalogue(county, now) -> Catalogue:
    with system_scope("test fixture"):
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="霍邱县人民政府信息公开", slug="home-test"))
        create_catalogue_root(home=home, by=None, now=now)
        made = {
            unit.code: create_unit_catalogue(unit=unit, by=None, now=now)
            for unit in (county.chengguan, county.hekou, county.fgw, county.datong, county.office)
        }
    return Catalogue(
        home=home,
        chengguan=made["chengguan"],
        hekou=made["hekou"],
        fgw=made["fgw"],
        datong=made["datong"],
    )


def draft_item(channel: ChannelPage, editor, **fields) -> ItemPage:
    values = {
        "title": "关于做好2026年冬季防火工作的通知",
        "topic": "气象、应急",
        "genre": "通知",
        "keywords": "防火",
        "summary": "部署冬季防火工作。",
        "body": "<p>各村（社区）：请做好冬季防火工作。</p>",
        "live": False,
        "owner": editor,
    }
    values.update(fields)
    item = channel.add_child(instance=ItemPage(**values))
    item.save_revision(user=editor)
    return ItemPage.objects.get(pk=item.pk)


def submit(item: ItemPage, editor) -> None:
    item.get_workflow().start(item, editor)


def act(item: ItemPage, user, action: str = "approve", comment: str = "") -> None:
    item = ItemPage.objects.get(pk=item.pk)
    state = item.current_workflow_task_state
    state.task.specific.on_action(state, user, action, comment=comment)


def publish_through_review(item: ItemPage, county) -> ItemPage:
    submit(item, county.township_editor)
    act(item, county.township_reviewer)
    act(item, county.township_leader)
    act(item, county.county_admin)
    return ItemPage.objects.get(pk=item.pk)


def as_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)
