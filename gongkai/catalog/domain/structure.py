"""The standard catalogue every unit gets (pure data, no Django).

Top level as on the 六安/霍邱 platform and nationally (huoqiu.md §2.2): 指南, 制度, 法定主动公开
内容, 年报, 依申请公开. Under 法定主动公开内容 the categories of 条例 Art. 20–21; townships and
departments add the 两化 standard directory; public enterprises and institutions get the
content their sector must publish (条例 Art. 55 and the sector 办法), not external links.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.catalog.domain.taxonomy import ChannelType as T


@dataclass(frozen=True)
class ChannelSpec:
    slug: str
    title: str
    type: T
    children: tuple[ChannelSpec, ...] = field(default=())
    # A container channel only holds sub-channels; it is not monitored for updates.
    container: bool = False


def _c(slug: str, title: str, type_: T, *children: ChannelSpec) -> ChannelSpec:
    return ChannelSpec(slug, title, type_, tuple(children), container=bool(children))


STANDARD_SLUG = "jczwgk"

_GOVERNMENT_CONTENT = (
    _c("jgzn", "机构职能", T.FUNCTIONS),
    _c("ldxx", "领导信息", T.FUNCTIONS),
    _c(
        "zc",
        "政策",
        T.POLICY,
        _c("xzgfxwj", "行政规范性文件", T.POLICY),
        _c("qtwj", "其他文件", T.POLICY),
        _c("zcjd", "政策解读", T.INTERPRETATION),
    ),
    _c("ghjh", "规划计划", T.PLAN),
    _c("czyjs", "财政预决算", T.BUDGET),
    _c("rsxx", "人事信息", T.PERSONNEL),
    _c("gzdt", "工作动态", T.NEWS),
    _c("tzgg", "通知公告", T.NOTICE),
    _c("zdly", "重点领域", T.KEY_AREA),
)

_SECTOR_CONTENT: dict[str, tuple[ChannelSpec, ...]] = {
    "education": (
        _c("xxgk", "学校概况", T.FUNCTIONS),
        _c("zsxx", "招生信息", T.NOTICE),
        _c("sfxm", "收费项目及标准", T.BUDGET),
        _c("xszz", "学生资助", T.KEY_AREA),
        _c("xydt", "校园动态", T.NEWS),
    ),
    "health": (
        _c("yygk", "医院概况", T.FUNCTIONS),
        _c("jzzn", "就诊指南", T.FUNCTIONS),
        _c("ylfwjg", "医疗服务价格", T.BUDGET),
        _c("ybzc", "医保政策", T.POLICY),
        _c("yydt", "医院动态", T.NEWS),
    ),
    "water": (
        _c("fwzn", "服务指南", T.FUNCTIONS),
        _c("sjbz", "水价标准", T.BUDGET),
        _c("szgs", "水质公示", T.KEY_AREA),
        _c("tsgg", "停水公告", T.NOTICE),
    ),
    "power": (
        _c("fwzn", "服务指南", T.FUNCTIONS),
        _c("djbz", "电价标准", T.BUDGET),
        _c("tdgg", "停电公告", T.NOTICE),
    ),
    "gas": (
        _c("fwzn", "服务指南", T.FUNCTIONS),
        _c("qjbz", "气价标准", T.BUDGET),
        _c("aqyq", "安全用气", T.NOTICE),
    ),
    "transport": (
        _c("xlxx", "线路信息", T.FUNCTIONS),
        _c("pjbz", "票价标准", T.BUDGET),
        _c("xltz", "线路调整公告", T.NOTICE),
    ),
    "environment": (
        _c("jcsj", "监测数据", T.KEY_AREA),
        _c("hpgs", "环评公示", T.NOTICE),
    ),
}


def catalogue_for(unit_kind: str, sector: str = "") -> tuple[ChannelSpec, ...]:
    """The channel tree a unit of this kind gets when its catalogue is created."""
    if unit_kind == "public_enterprise":
        content = _SECTOR_CONTENT.get(sector, (_c("gzdt", "工作动态", T.NEWS),))
    elif unit_kind == "village":
        content = (
            _c("cwgk", "村务公开", T.NOTICE),
            _c("cwgk2", "财务公开", T.BUDGET),
        )
    else:
        content = _GOVERNMENT_CONTENT
    top = [
        _c("gkzn", "政府信息公开指南", T.GUIDE),
        _c("gkzd", "政府信息公开制度", T.RULES),
        _c("fdzdgknr", "法定主动公开内容", T.OTHER, *content),
    ]
    if unit_kind in ("township", "department"):
        top.append(ChannelSpec(STANDARD_SLUG, "基层政务公开标准目录", T.STANDARD, container=True))
    if unit_kind != "village":
        top.append(_c("gknb", "政府信息公开年报", T.ANNUAL_REPORT))
        top.append(_c("ysqgk", "依申请公开", T.ON_REQUEST))
    return tuple(top)


def standard_level(unit_kind: str) -> str | None:
    """Which 两化 level a unit instantiates (statutes.md §4.3 公开层级)."""
    return {"township": "乡级", "department": "县级"}.get(unit_kind)
