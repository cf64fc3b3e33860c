"""The 两化 standard directories: shipped data, strict validation and the compliance assessment (no database)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from gongkai.catalog.domain.standards import (
    COMPLIANCE_LABELS,
    LEVEL_COUNTY,
    LEVEL_TOWNSHIP,
    ComplianceStatus,
    EntryCompliance,
    EntryEvidence,
    StandardArea,
    StandardDataError,
    areas_for_level,
    assess_entries,
    entries_by_code,
    load_directory,
    summarise,
)
from gongkai.catalog.domain.taxonomy import ChannelType

SHIPPED = (
    Path(__file__).resolve().parents[2]
    / "gongkai"
    / "catalog"
    / "data"
    / "standard_directories.json"
)
TODAY = date(2026, 11, 26)

# --- Shipped data ---------------------------------------------------------------------------------


def test_shipped_directory_has_all_26_areas() -> None:
    areas = load_directory()
    assert [area.number for area in areas] == list(range(1, 27))
    assert all(area.entries for area in areas), "every area must be instantiable"
    assert all(isinstance(area, StandardArea) for area in areas)


def test_shipped_directory_has_detailed_example_areas() -> None:
    areas = load_directory()
    detailed = {area.name for area in areas if len(area.entries) >= 3}
    assert len(detailed) >= 6
    # The areas the brief singles out for real, detailed rows (statutes.md §4.4 and the 26 guides).
    assert {
        "重大建设项目",
        "公共资源交易",
        "财政预决算",
        "社会救助",
        "义务教育",
        "涉农补贴",
    } <= detailed


def test_shipped_codes_are_unique_and_match_their_area() -> None:
    areas = load_directory()
    codes = [entry.code for area in areas for entry in area.entries]
    assert len(codes) == len(set(codes))
    assert len(entries_by_code(areas)) == len(codes)
    for area in areas:
        for entry in area.entries:
            assert entry.area_number == area.number


def test_shipped_file_is_pretty_printed_utf8_with_source_note() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    assert "重大建设项目" in text  # ensure_ascii=False: no \\u escapes
    assert "\n  " in text
    raw = json.loads(text)
    assert raw["source"] and raw["note"]


def test_shipped_default_load_matches_explicit_path() -> None:
    assert load_directory() == load_directory(SHIPPED)
    assert load_directory(str(SHIPPED)) == load_directory(SHIPPED)


def test_shipped_budget_entries_are_yearly() -> None:
    budget = next(area for area in load_directory() if area.name == "财政预决算")
    assert all(entry.refresh_days == 365 for entry in budget.entries)
    assert all(entry.channel_type is ChannelType.BUDGET for entry in budget.entries)


def test_subject_placeholder_is_filled_in() -> None:
    entry = entries_by_code(load_directory())["02-03"]
    assert entry.subject_for("九龙街道办事处") == "九龙街道办事处"


@pytest.mark.parametrize("level", [LEVEL_COUNTY, LEVEL_TOWNSHIP])
def test_areas_for_level_keeps_only_matching_entries(level: str) -> None:
    areas = load_directory()
    filtered = areas_for_level(areas, level)
    assert filtered
    for area in filtered:
        assert area.entries
        assert all(level in entry.levels for entry in area.entries)
    kept = {entry.code for area in filtered for entry in area.entries}
    expected = {entry.code for area in areas for entry in area.entries if level in entry.levels}
    assert kept == expected


def test_areas_for_level_drops_areas_without_entries_for_townships() -> None:
    names = {area.name for area in areas_for_level(load_directory(), LEVEL_TOWNSHIP)}
    # 税收管理 and 户籍管理 are handled by county-level bodies only.
    assert "税收管理" not in names
    assert "社会救助" in names


def test_areas_for_level_rejects_unknown_level() -> None:
    with pytest.raises(ValueError, match="公开层级"):
        areas_for_level(load_directory(), "市级")


# --- Validation ------------------------------------------------------------------------------------


def _entry(code: str, **overrides: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "code": code,
        "level1": "一级事项",
        "level2": "二级事项",
        "content": "公开内容",
        "basis": "《中华人民共和国政府信息公开条例》",
        "time_limit": "信息形成或者变更之日起20个工作日内",
        "refresh_days": None,
        "subject": "{unit}",
        "channels": ["政府网站"],
        "channel_type": "standard",
        "audience": "全社会",
        "mode": "主动",
        "levels": ["县级", "乡级"],
    }
    entry.update(overrides)
    return entry


def _valid() -> dict[str, Any]:
    return {
        "source": "test",
        "note": "test",
        "areas": [
            {
                "number": n,
                "name": f"领域{n}",
                "department": "部门",
                "entries": [_entry(f"{n:02d}-01")],
            }
            for n in range(1, 27)
        ],
    }


def _write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "directory.json"
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def _set_entry(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        data["areas"][6]["entries"][0][key] = value

    return mutate


def _del_entry(key: str) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        del data["areas"][6]["entries"][0][key]

    return mutate


def _duplicate_code(data: dict[str, Any]) -> None:
    data["areas"][6]["entries"].append(_entry("07-01"))


def _drop_area(data: dict[str, Any]) -> None:
    del data["areas"][25]


def _duplicate_area(data: dict[str, Any]) -> None:
    data["areas"][25]["number"] = 25
    data["areas"][25]["entries"] = [_entry("25-02")]


def _empty_area(data: dict[str, Any]) -> None:
    data["areas"][6]["entries"] = []


def _set_area(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        data["areas"][6][key] = value

    return mutate


def _no_areas(data: dict[str, Any]) -> None:
    del data["areas"]


def test_valid_fixture_loads(tmp_path: Path) -> None:
    areas = load_directory(_write(tmp_path, _valid()))
    assert len(areas) == 26


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_duplicate_code, "标准事项编号 07-01 重复"),
        (
            _set_entry("channel_type", "nonsense"),
            "标准事项 07-01的栏目类型 channel_type 取值 'nonsense' 无效",
        ),
        (_set_entry("audience", "所有人"), "标准事项 07-01的公开对象 audience 取值 '所有人' 无效"),
        (_set_entry("mode", "被动"), "标准事项 07-01的公开方式 mode 取值 '被动' 无效"),
        (_set_entry("levels", ["市级"]), "标准事项 07-01的公开层级 levels 含无效取值 '市级'"),
        (_set_entry("levels", []), "标准事项 07-01的公开层级 levels 必须是非空列表"),
        (_set_entry("levels", ["县级", "县级"]), "标准事项 07-01的公开层级 levels 含重复取值"),
        (
            _set_entry("channels", ["微博"]),
            "标准事项 07-01的公开渠道和载体 channels 含无效取值 '微博'",
        ),
        (
            _set_entry("channels", "政府网站"),
            "标准事项 07-01的公开渠道和载体 channels 必须是非空列表",
        ),
        (
            _set_entry("refresh_days", 0),
            "标准事项 07-01的更新周期 refresh_days 必须是正整数或 null",
        ),
        (_set_entry("refresh_days", -5), "refresh_days 必须是正整数或 null，实际为 -5"),
        (_set_entry("refresh_days", "365"), "refresh_days 必须是正整数或 null"),
        (_set_entry("refresh_days", True), "refresh_days 必须是正整数或 null"),
        (_set_entry("refresh_days", 1.5), "refresh_days 必须是正整数或 null"),
        (_set_entry("subject", "县财政局"), "标准事项 07-01的公开主体 subject 必须包含占位符"),
        (_set_entry("subject", "{unit}{dept}"), "subject 只能使用占位符"),
        (_set_entry("content", "  "), "标准事项 07-01的字段 content 必须是非空文本"),
        (_set_entry("code", "7-1"), "第 1 个事项的编号 code 格式应为"),
        (_set_entry("code", "08-01"), "标准事项 08-01的编号与所属领域 07「领域7」不一致"),
        (_set_entry("refresh_day", 30), "标准事项 07-01包含未知字段：refresh_day"),
        (_del_entry("basis"), "标准事项 07-01缺少字段：basis"),
        (_drop_area, "缺少领域编号 26"),
        (_duplicate_area, "领域编号重复 25"),
        (_empty_area, "领域 07「领域7」必须至少包含一个标准事项"),
        (_set_area("number", 27), "第 7 个领域的领域编号 number 必须是 1～26 的整数"),
        (_set_area("name", ""), "领域 07的字段 name 必须是非空文本"),
        (_no_areas, "顶层必须是包含 areas 列表的对象"),
    ],
)
def test_invalid_data_is_rejected(
    tmp_path: Path, mutate: Callable[[dict[str, Any]], None], message: str
) -> None:
    data = copy.deepcopy(_valid())
    mutate(data)
    with pytest.raises(StandardDataError) as excinfo:
        load_directory(_write(tmp_path, data))
    assert message in str(excinfo.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "不是有效的 JSON"),
        ("[]", "顶层必须是包含 areas 列表的对象"),
    ],
)
def test_unparseable_file_is_rejected(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(StandardDataError, match=message):
        load_directory(_write(tmp_path, content))


def test_missing_file_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(StandardDataError, match="无法读取"):
        load_directory(tmp_path / "absent.json")


# --- Compliance -----------------------------------------------------------------------------------


def _ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.mark.parametrize(
    ("refresh_days", "latest", "count", "status", "age"),
    [
        # nothing linked at all
        (365, None, 0, ComplianceStatus.MISSING, None),
        (None, None, 0, ComplianceStatus.MISSING, None),
        # items counted but none with a publication date: still nothing published
        (365, None, 2, ComplianceStatus.MISSING, None),
        # boundary: exactly refresh_days old is still on time, one day more is outdated
        (365, _ago(365), 1, ComplianceStatus.OK, 365),
        (365, _ago(366), 1, ComplianceStatus.OUTDATED, 366),
        (92, _ago(92), 3, ComplianceStatus.OK, 92),
        (92, _ago(93), 3, ComplianceStatus.OUTDATED, 93),
        (1, _ago(0), 1, ComplianceStatus.OK, 0),
        (1, _ago(2), 1, ComplianceStatus.OUTDATED, 2),
        # event-driven entries are only checked for existence, however old
        (None, _ago(5000), 1, ComplianceStatus.OK, 5000),
        # a future date is treated as published today
        (30, TODAY + timedelta(days=3), 1, ComplianceStatus.OK, 0),
    ],
)
def test_assess_entries_status(
    refresh_days: int | None,
    latest: date | None,
    count: int,
    status: ComplianceStatus,
    age: int | None,
) -> None:
    evidence = EntryEvidence(
        code="04-01", refresh_days=refresh_days, latest_published=latest, item_count=count
    )
    [result] = assess_entries([evidence], today=TODAY)
    assert result == EntryCompliance(
        code="04-01", status=status, latest_published=latest, age_days=age, item_count=count
    )
    assert result.label == COMPLIANCE_LABELS[status]


def test_assess_entries_keeps_order_and_accepts_iterables() -> None:
    evidence = (
        EntryEvidence(
            code=f"17-0{i}", refresh_days=365, latest_published=_ago(i * 200), item_count=i
        )
        for i in range(1, 4)
    )
    results = assess_entries(evidence, today=TODAY)
    assert [r.code for r in results] == ["17-01", "17-02", "17-03"]
    assert [r.status for r in results] == [
        ComplianceStatus.OK,
        ComplianceStatus.OUTDATED,
        ComplianceStatus.OUTDATED,
    ]


def test_assess_entries_rejects_negative_count() -> None:
    with pytest.raises(ValueError, match="不能为负数"):
        assess_entries([EntryEvidence("01-01", None, TODAY, -1)], today=TODAY)


def test_summarise_counts_every_status() -> None:
    results = assess_entries(
        [
            EntryEvidence("01-01", None, None, 0),
            EntryEvidence("01-02", 30, _ago(31), 1),
            EntryEvidence("01-03", 30, _ago(40), 2),
            EntryEvidence("01-04", 30, _ago(10), 1),
        ],
        today=TODAY,
    )
    assert summarise(results) == {
        ComplianceStatus.MISSING: 1,
        ComplianceStatus.OUTDATED: 2,
        ComplianceStatus.OK: 1,
    }
    assert summarise([]) == dict.fromkeys(ComplianceStatus, 0)
    assert list(summarise([])) == list(ComplianceStatus)


def test_compliance_labels_are_chinese() -> None:
    assert COMPLIANCE_LABELS == {
        ComplianceStatus.MISSING: "未公开内容",
        ComplianceStatus.OUTDATED: "内容过期",
        ComplianceStatus.OK: "正常",
    }
