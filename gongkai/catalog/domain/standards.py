"""The 两化 standard directories (基层政务公开标准化规范化) and their compliance check (pure Python, no Django).

国办发〔2019〕54号 requires every county and township government to compile its own 标准目录 against the 26
standard guides of the pilot areas (statutes.md §4.1-§4.2). Each entry must at least state 名称, 内容, 依据,
时限, 主体, 方式, 渠道 and 公开对象 (statutes.md §4.3). The shipped data lives in
``gongkai/catalog/data/standard_directories.json``; this module loads it, validates it strictly (a bad row in
a statutory directory must fail loudly, not silently vanish from the compliance view) and assesses whether
the content linked to each entry is present and fresh.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from gongkai.catalog.domain.taxonomy import ChannelType

# 公开层级 (statutes.md §4.3): 县级 entries apply to county departments, 乡级 entries to townships.
LEVEL_COUNTY = "县级"
LEVEL_TOWNSHIP = "乡级"
LEVELS: tuple[str, ...] = (LEVEL_COUNTY, LEVEL_TOWNSHIP)

# 公开对象 and 公开方式 columns of real directories (statutes.md §4.3).
AUDIENCES: tuple[str, ...] = ("全社会", "特定群众")
MODES: tuple[str, ...] = ("主动", "依申请公开")

# 公开渠道和载体: the checklist options seen in real directories (statutes.md §4.3, 锡林浩特 template).
# The last three only occur in some areas (重大建设项目, 公共资源交易, 行政执法) but are valid anywhere.
CHANNEL_OPTIONS: tuple[str, ...] = (
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏(电子屏)",
    "精准推送",
    "其他",
    "投资项目在线审批监管平台",
    "公共资源交易平台",
    "信用中国",
)

# Placeholder in ``subject`` replaced by the instantiating unit's name: the shipped directory is a template
# that each county department or township turns into its own 标准目录 (54号: 「编制本级标准目录」).
UNIT_PLACEHOLDER = "{unit}"

AREA_COUNT = 26  # statutes.md §4.2: the 26 pilot areas of 国办发〔2017〕42号
_CODE_RE = re.compile(r"^(\d{2})-(\d{2})$")
_ENTRY_KEYS = frozenset(
    {
        "code",
        "level1",
        "level2",
        "content",
        "basis",
        "time_limit",
        "refresh_days",
        "subject",
        "channels",
        "channel_type",
        "audience",
        "mode",
        "levels",
    }
)
_AREA_KEYS = frozenset({"number", "name", "department", "entries"})


class StandardDataError(ValueError):
    """The standard-directory data is malformed; the message (Chinese) names the bad area or entry."""


@dataclass(frozen=True, slots=True)
class StandardEntry:
    """One 标准事项 (a row of a 标准目录), columns as in statutes.md §4.3."""

    code: str  # stable id "AA-EE": area number, entry number
    level1: str  # 一级事项
    level2: str  # 二级事项
    content: str  # 公开内容(要素)
    basis: str  # 公开依据
    time_limit: str  # 公开时限 (free text: statutory periods vary per item)
    refresh_days: (
        int | None
    )  # max age of the newest linked content; None = event-driven, existence only
    subject: str  # 公开主体, contains UNIT_PLACEHOLDER
    channels: tuple[str, ...]  # 公开渠道和载体
    channel_type: ChannelType  # catalogue channel the content is posted in
    audience: str  # 公开对象: 全社会 / 特定群众
    mode: str  # 公开方式: 主动 / 依申请公开
    levels: tuple[str, ...]  # 公开层级: 县级 / 乡级

    @property
    def area_number(self) -> int:
        return int(self.code[:2])

    @property
    def title(self) -> str:
        """Display name; many directories repeat the 一级事项 as 二级事项 (statutes.md §4.4 A)."""
        if self.level1 == self.level2:
            return self.level1
        return f"{self.level1}／{self.level2}"

    def subject_for(self, unit_name: str) -> str:
        """公开主体 for a concrete unit."""
        return self.subject.replace(UNIT_PLACEHOLDER, unit_name)

    def applies_to(self, level: str) -> bool:
        return level in self.levels


@dataclass(frozen=True, slots=True)
class StandardArea:
    """One of the 26 pilot areas (试点领域) with its entries."""

    number: int
    name: str
    department: (
        str  # issuing State Council department of the standard guide (statutes.md §4.2, [U])
    )
    entries: tuple[StandardEntry, ...]


def _default_path() -> Traversable:
    return resources.files("gongkai.catalog") / "data" / "standard_directories.json"


def load_directory(path: str | Path | Traversable | None = None) -> tuple[StandardArea, ...]:
    """Load and validate the standard directories; ``path=None`` loads the shipped JSON (cached).

    Raises ``StandardDataError`` on unreadable or invalid data.
    """
    if path is None:
        return _load_shipped()
    return _load(Path(path) if isinstance(path, str) else path)


@cache
def _load_shipped() -> tuple[StandardArea, ...]:
    # Safe to cache: the result is deeply immutable (frozen dataclasses and tuples).
    return _load(_default_path())


def _load(path: Path | Traversable) -> tuple[StandardArea, ...]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StandardDataError(f"标准目录文件无法读取：{path}（{exc}）") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise StandardDataError(f"标准目录文件不是有效的 JSON：{path}（{exc}）") from exc
    return parse_directory(raw)


def parse_directory(raw: Any) -> tuple[StandardArea, ...]:
    """Validate already-decoded JSON data and build the dataclasses."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("areas"), list):
        raise StandardDataError("标准目录数据格式错误：顶层必须是包含 areas 列表的对象")
    areas = tuple(_parse_area(item, index) for index, item in enumerate(raw["areas"], start=1))

    numbers = [area.number for area in areas]
    # All 26 areas, each exactly once: every unit must be able to instantiate any area (54号).
    if sorted(numbers) != list(range(1, AREA_COUNT + 1)):
        missing = sorted(set(range(1, AREA_COUNT + 1)) - set(numbers))
        duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
        details = []
        if missing:
            details.append("缺少领域编号 " + "、".join(str(n) for n in missing))
        if duplicates:
            details.append("领域编号重复 " + "、".join(str(n) for n in duplicates))
        if not details:
            details.append("存在超出 1～26 的领域编号")
        raise StandardDataError(f"标准目录必须恰好包含 {AREA_COUNT} 个领域：" + "；".join(details))

    seen: set[str] = set()
    for area in areas:
        for entry in area.entries:
            if entry.code in seen:
                raise StandardDataError(f"标准事项编号 {entry.code} 重复（领域「{area.name}」）")
            seen.add(entry.code)
    return tuple(sorted(areas, key=lambda a: a.number))


def _parse_area(raw: Any, index: int) -> StandardArea:
    where = f"第 {index} 个领域"
    if not isinstance(raw, Mapping):
        raise StandardDataError(f"{where}必须是对象")
    _check_keys(raw, _AREA_KEYS, where)
    number = raw["number"]
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= AREA_COUNT:
        raise StandardDataError(
            f"{where}的领域编号 number 必须是 1～{AREA_COUNT} 的整数，实际为 {number!r}"
        )
    where = f"领域 {number:02d}"
    name = _text(raw, "name", where)
    where = f"领域 {number:02d}「{name}」"
    department = _text(raw, "department", where)
    entries_raw = raw["entries"]
    if not isinstance(entries_raw, list) or not entries_raw:
        raise StandardDataError(f"{where}必须至少包含一个标准事项")
    entries = tuple(
        _parse_entry(item, number, name, i) for i, item in enumerate(entries_raw, start=1)
    )
    return StandardArea(number=number, name=name, department=department, entries=entries)


def _parse_entry(raw: Any, area_number: int, area_name: str, index: int) -> StandardEntry:
    where = f"领域 {area_number:02d}「{area_name}」第 {index} 个事项"
    if not isinstance(raw, Mapping):
        raise StandardDataError(f"{where}必须是对象")
    code = raw.get("code")
    match = _CODE_RE.match(code) if isinstance(code, str) else None
    if match is None:
        raise StandardDataError(
            f"{where}的编号 code 格式应为「两位领域号-两位序号」（如 07-01），实际为 {code!r}"
        )
    where = f"标准事项 {code}"
    if int(match.group(1)) != area_number:
        raise StandardDataError(f"{where}的编号与所属领域 {area_number:02d}「{area_name}」不一致")
    _check_keys(raw, _ENTRY_KEYS, where)

    texts = {
        key: _text(raw, key, where)
        for key in ("level1", "level2", "content", "basis", "time_limit")
    }

    refresh_days = raw["refresh_days"]
    if refresh_days is not None and (
        isinstance(refresh_days, bool) or not isinstance(refresh_days, int) or refresh_days <= 0
    ):
        raise StandardDataError(
            f"{where}的更新周期 refresh_days 必须是正整数或 null，实际为 {refresh_days!r}"
        )

    subject = _text(raw, "subject", where)
    if UNIT_PLACEHOLDER not in subject:
        raise StandardDataError(f"{where}的公开主体 subject 必须包含占位符 {UNIT_PLACEHOLDER}")
    if "{" in subject.replace(UNIT_PLACEHOLDER, "") or "}" in subject.replace(UNIT_PLACEHOLDER, ""):
        raise StandardDataError(f"{where}的公开主体 subject 只能使用占位符 {UNIT_PLACEHOLDER}")

    channels = _choices(raw, "channels", CHANNEL_OPTIONS, where, "公开渠道和载体")

    channel_type_raw = raw["channel_type"]
    try:
        channel_type = ChannelType(channel_type_raw)
    except ValueError:
        allowed = "、".join(ct.value for ct in ChannelType)
        raise StandardDataError(
            f"{where}的栏目类型 channel_type 取值 {channel_type_raw!r} 无效，应为：{allowed}"
        ) from None

    audience = _one_of(raw, "audience", AUDIENCES, where, "公开对象")
    mode = _one_of(raw, "mode", MODES, where, "公开方式")
    levels = _choices(raw, "levels", LEVELS, where, "公开层级")

    return StandardEntry(
        code=code,
        **texts,
        refresh_days=refresh_days,
        subject=subject,
        channels=channels,
        channel_type=channel_type,
        audience=audience,
        mode=mode,
        levels=levels,
    )


def _check_keys(raw: Mapping[str, Any], expected: frozenset[str], where: str) -> None:
    # Unknown keys are rejected too: a typo such as "refresh_day" would otherwise silently become "no check".
    missing = sorted(expected - raw.keys())
    unknown = sorted(set(raw.keys()) - expected)
    if missing:
        raise StandardDataError(f"{where}缺少字段：{'、'.join(missing)}")
    if unknown:
        raise StandardDataError(f"{where}包含未知字段：{'、'.join(unknown)}")


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw[key]
    if not isinstance(value, str) or not value.strip():
        raise StandardDataError(f"{where}的字段 {key} 必须是非空文本")
    return value.strip()


def _one_of(
    raw: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str, label: str
) -> str:
    value = raw[key]
    if value not in allowed:
        raise StandardDataError(
            f"{where}的{label} {key} 取值 {value!r} 无效，应为：{'、'.join(allowed)}"
        )
    return value


def _choices(
    raw: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str, label: str
) -> tuple[str, ...]:
    values = raw[key]
    if not isinstance(values, list) or not values:
        raise StandardDataError(f"{where}的{label} {key} 必须是非空列表")
    for value in values:
        if value not in allowed:
            raise StandardDataError(
                f"{where}的{label} {key} 含无效取值 {value!r}，应为：{'、'.join(allowed)}"
            )
    if len(set(values)) != len(values):
        raise StandardDataError(f"{where}的{label} {key} 含重复取值")
    return tuple(values)


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"公开层级 {level!r} 无效，应为：{'、'.join(LEVELS)}")


def areas_for_level(areas: Iterable[StandardArea], level: str) -> tuple[StandardArea, ...]:
    """The areas as they apply to one 公开层级: entries of other levels dropped, then empty areas dropped.

    ``level`` is "县级" (county departments) or "乡级" (townships), see statutes.md §4.3.
    """
    _check_level(level)
    result: list[StandardArea] = []
    for area in areas:
        entries = tuple(entry for entry in area.entries if entry.applies_to(level))
        if entries:
            result.append(
                StandardArea(
                    number=area.number, name=area.name, department=area.department, entries=entries
                )
            )
    return tuple(result)


def entries_by_code(areas: Iterable[StandardArea]) -> dict[str, StandardEntry]:
    """Index of all entries by their stable code."""
    return {entry.code: entry for area in areas for entry in area.entries}


# --- Compliance -------------------------------------------------------------------------------------


class ComplianceStatus(StrEnum):
    """State of one instantiated entry in the compliance view."""

    MISSING = "missing"  # nothing published is linked to the entry
    OUTDATED = "outdated"  # newest linked content older than refresh_days
    OK = "ok"


COMPLIANCE_LABELS: dict[str, str] = {
    ComplianceStatus.MISSING: "未公开内容",
    ComplianceStatus.OUTDATED: "内容过期",
    ComplianceStatus.OK: "正常",
}


@dataclass(frozen=True, slots=True)
class EntryEvidence:
    """What the catalogue holds for one entry: built by the caller from the published items linked to it."""

    code: str
    refresh_days: int | None
    latest_published: date | None
    item_count: int


@dataclass(frozen=True, slots=True)
class EntryCompliance:
    code: str
    status: ComplianceStatus
    latest_published: date | None
    age_days: int | None  # days between latest_published and today; None when nothing is published
    item_count: int

    @property
    def label(self) -> str:
        return COMPLIANCE_LABELS[self.status]


def assess_entry(evidence: EntryEvidence, *, today: date) -> EntryCompliance:
    """Assess one entry; see ``assess_entries``."""
    if evidence.item_count < 0:
        raise ValueError(
            f"标准事项 {evidence.code} 的关联内容数量不能为负数：{evidence.item_count}"
        )
    if evidence.item_count == 0 or evidence.latest_published is None:
        # 54号 requires each directory entry to actually be disclosed: no content is the worst finding.
        return EntryCompliance(
            code=evidence.code,
            status=ComplianceStatus.MISSING,
            latest_published=evidence.latest_published,
            age_days=None,
            item_count=evidence.item_count,
        )
    # A date in the future (clock skew, scheduled publication) counts as published today, not as negative age.
    age_days = max(0, (today - evidence.latest_published).days)
    # The boundary is inclusive: content exactly refresh_days old is still in time (a yearly item published
    # on the same calendar day one year later is on time). Event-driven entries (None) are never outdated.
    if evidence.refresh_days is not None and age_days > evidence.refresh_days:
        status = ComplianceStatus.OUTDATED
    else:
        status = ComplianceStatus.OK
    return EntryCompliance(
        code=evidence.code,
        status=status,
        latest_published=evidence.latest_published,
        age_days=age_days,
        item_count=evidence.item_count,
    )


def assess_entries(entries: Iterable[EntryEvidence], *, today: date) -> list[EntryCompliance]:
    """Assess each entry, keeping the input order.

    ``missing``: no linked published content; ``outdated``: ``refresh_days`` is set and the newest content is
    more than ``refresh_days`` days old; ``ok`` otherwise.
    """
    return [assess_entry(evidence, today=today) for evidence in entries]


def summarise(results: Iterable[EntryCompliance]) -> dict[ComplianceStatus, int]:
    """Count results per status; every status is present (zero if none), in enum order."""
    counts = dict.fromkeys(ComplianceStatus, 0)
    for result in results:
        counts[result.status] += 1
    return counts
