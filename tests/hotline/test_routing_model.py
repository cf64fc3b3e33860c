"""The routing suggestion (gongkai/hotline/routing_model.py): TF-IDF over jieba words, kNN."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.management import call_command

from gongkai.hotline import demo, routing_model
from gongkai.hotline.domain.clocks import SHANGHAI
from gongkai.hotline.routing_model import Example, RoutingModel, tokenize, train
from tests.hotline.test_rates import demo_units

LAMPS, WAGES, WATER = 1, 2, 3
EXAMPLES = [
    Example("光明路路灯连续多日不亮，夜间出行不便", LAMPS),
    Example("人民路路灯不亮，请尽快维修", LAMPS),
    Example("蓼城路窨井盖缺失，路灯损坏", LAMPS),
    Example("建筑工地老板拖欠工资三个月未发，请求帮助讨薪", WAGES),
    Example("包工头拖欠农民工工资后失联", WAGES),
    Example("单位拖欠工资，不缴社会保险", WAGES),
    Example("小区突然停水一天没有通知", WATER),
    Example("自来水发黄有异味，请检测水质", WATER),
    Example("水管爆裂大量漏水，停水了", WATER),
] * 2  # every wording twice: a term must be seen in two tickets


def test_tokenize_drops_punctuation_and_stop_words():
    tokens = tokenize("请问，光明路的路灯不亮了！")
    assert "光明" in tokens and "_路灯" in tokens  # a word and a bigram
    assert "，" not in tokens and "的" not in tokens and "请问" not in tokens


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("东湖路的路灯坏了一个星期", LAMPS),
        ("老板拖欠我两个月工资", WAGES),
        ("我家停水了，什么时候恢复", WATER),
    ],
)
def test_obvious_cases_are_routed_to_the_right_unit(text, unit):
    model = train(EXAMPLES, {LAMPS: "县城管局", WAGES: "县人社局", WATER: "县自来水公司"})
    suggestions = model.suggest(text, k=3)
    assert suggestions[0].unit_id == unit
    assert suggestions[0].name in {"县城管局", "县人社局", "县自来水公司"}
    assert all(a.score >= b.score for a, b in itertools.pairwise(suggestions))


def test_identical_texts_are_merged_and_the_model_round_trips(tmp_path):
    model = train(EXAMPLES)
    assert len(model.docs) == len(EXAMPLES) // 2
    assert model.docs[0] == {LAMPS: 2}
    path = routing_model.save_model(model, tmp_path / "model.json")
    loaded = routing_model.load_model(path)
    assert isinstance(loaded, RoutingModel)
    assert loaded.suggest("路灯不亮") == model.suggest("路灯不亮")


def test_no_model_no_suggestion(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    assert routing_model.suggest_units("路灯不亮") == []
    routing_model.save_model(train(EXAMPLES, {LAMPS: "县城管局"}))
    assert routing_model.suggest_units("路灯不亮", k=1)[0].name == "县城管局"


def test_train_and_eval_commands_on_generated_tickets(county, system, settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    demo_units(county)
    demo.build(n=300, days=60, now=dt.datetime(2026, 11, 20, 16, tzinfo=SHANGHAI), seed=3)
    call_command("hotline_routing_eval")
    out = capsys.readouterr().out
    assert "首选命中率（top-1）" in out and "前三命中率（top-3）" in out
    top3 = float(out.split("前三命中率（top-3）：")[1].split("%")[0])
    assert top3 > 60  # templated demo texts: the unit is learnable
    call_command("hotline_routing_train")
    assert (tmp_path / routing_model.MODEL_FILE).exists()
    assert routing_model.suggest_units("自来水发黄有异味，请检测水质")[0].name == "县自来水公司"


# ------------------------------------------------ the operators' screens use the trained model


def _model_for(county) -> RoutingModel:
    names = {county.chengguan.pk: "城关镇", county.fgw.pk: "县发改委", county.hekou.pk: "河口镇"}
    lamps, prices, wages = county.chengguan.pk, county.fgw.pk, county.hekou.pk
    return train(
        [Example(e.text, {LAMPS: lamps, WAGES: wages, WATER: prices}[e.unit_id]) for e in EXAMPLES],
        names,
    )


def test_suggestions_come_from_the_saved_model(county, system):
    from gongkai.hotline import selectors

    routing_model.save_model(_model_for(county))
    first = selectors.suggest_units("光明路路灯坏了好几天")
    assert first[0].unit == county.chengguan and 0 < first[0].score <= 1
    assert sum(s.score for s in first) <= 1.0001
    # A unit that returned the ticket is not offered again; nor a retired unit.
    again = selectors.suggest_units("光明路路灯坏了好几天", exclude=[county.chengguan.pk])
    assert county.chengguan not in [s.unit for s in again]
    type(county.chengguan).unscoped.filter(pk=county.chengguan.pk).update(is_active=False)
    assert county.chengguan not in [s.unit for s in selectors.suggest_units("路灯坏了")]


def test_without_a_model_the_recent_dispatches_vote(county, accept, system):
    from gongkai.hotline import selectors, services
    from tests.hotline.conftest import at

    ticket = accept()
    services.dispatch(ticket, unit=county.chengguan, by=county.operator, now=at(9, 29, 11))
    assert routing_model.load_model() is None
    assert selectors.suggest_units("光明路路灯不亮")[0].unit == county.chengguan
    assert selectors.suggest_units("") == []


def test_the_ticket_page_preselects_the_first_suggestion(client, county, accept):
    from django.urls import reverse

    routing_model.save_model(_model_for(county))
    ticket = accept()
    client.force_login(county.operator)
    page = client.get(reverse("hotline_admin_ticket", args=[ticket.pk])).content.decode()
    assert "承办单位建议" in page and "派单表单已预选第一项" in page
    assert f'<option value="{county.chengguan.pk}" selected>' in page


def test_the_daily_job_retrains_once_a_day(county, system):
    from gongkai.hotline import jobs, reception, services
    from tests.hotline.conftest import at

    ticket = reception.intake(
        by=county.operator,
        channel="phone",
        kind="complaint",
        content="自来水发黄有异味",
        now=at(9, 29),
    )
    services.dispatch(ticket, unit=county.fgw, by=county.operator, now=at(9, 29, 11))
    day = dt.date(2026, 11, 26)
    now = dt.datetime(2026, 11, 26, 2, tzinfo=SHANGHAI)
    dry = jobs.retrain_routing(today=day, now=now, dry_run=True)
    assert dry.changed == 0 and routing_model.load_model() is None
    report = jobs.retrain_routing(today=day, now=now, dry_run=False)
    assert report.changed == 1 and "1 件工单" in report.messages[0]
    assert routing_model.load_model().trained_on == "2026-11-26"
    assert jobs.retrain_routing(today=day, now=now, dry_run=False).changed == 0
    next_day = jobs.retrain_routing(today=day + dt.timedelta(days=1), now=now, dry_run=False)
    assert next_day.changed == 1
