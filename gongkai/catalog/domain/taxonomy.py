"""Classification lists of the disclosure catalogue (pure data, no Django).

Sources: statutes.md §9.1 (Anhui's 19 主题分类 and 13 体裁分类, as in 霍邱县's 指南),
§3.2 (update periods of channel types under 国办秘函〔2019〕19号), §5.2 (forms of 政策解读).
"""

from __future__ import annotations

from enum import StrEnum

# 主题分类: the 19 Anhui classes, in the order of the 霍邱县 指南.
TOPICS: tuple[str, ...] = (
    "劳动、人事、监察",
    "科技、教育",
    "城乡建设、环境保护",
    "公安、安全、司法",
    "卫生、体育、医疗",
    "商贸、海关、旅游",
    "国土资源、能源",
    "市场监督、安全生产监管",
    "人口与计划生育",
    "文化、广电、新闻出版",
    "民政、扶贫",
    "民族、宗教",
    "气象、应急",
    "组织机构简介",
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "工业、交通",
    "农业、林业、水利",
)

# 体裁分类: the 13 Anhui classes.
GENRES: tuple[str, ...] = (
    "函",
    "通知",
    "通报",
    "意见",
    "公告",
    "通告",
    "批复",
    "报告",
    "决定",
    "议案",
    "会议纪要",
    "请示",
    "其他",
)


class Validity(StrEnum):
    """有效性 of a policy document (shown in the gov.cn-style metadata block, statutes.md §5.4)."""

    VALID = "valid"
    AMENDED = "amended"
    REPEALED = "repealed"
    EXPIRED = "expired"
    NOT_APPLICABLE = "n/a"


VALIDITY_LABELS: dict[str, str] = {
    Validity.VALID: "有效",
    Validity.AMENDED: "已修改",
    Validity.REPEALED: "已废止",
    Validity.EXPIRED: "已失效",
    Validity.NOT_APPLICABLE: "",
}


class ChannelType(StrEnum):
    """What a channel (栏目) carries; decides its default update period and required metadata."""

    NEWS = "news"  # 工作动态、要闻
    NOTICE = "notice"  # 通知公告
    POLICY = "policy"  # 政策文件、行政规范性文件
    INTERPRETATION = "interpretation"  # 政策解读
    PERSONNEL = "personnel"  # 人事信息
    PLAN = "plan"  # 规划计划、工作总结
    BUDGET = "budget"  # 财政预决算
    FUNCTIONS = "functions"  # 机构职能、领导信息
    GUIDE = "guide"  # 政府信息公开指南
    RULES = "rules"  # 政府信息公开制度
    ANNUAL_REPORT = "annual_report"  # 政府信息公开年报
    ON_REQUEST = "on_request"  # 依申请公开
    KEY_AREA = "key_area"  # 重点领域
    STANDARD = "standard"  # 两化 standard-directory channel
    OTHER = "other"


CHANNEL_TYPE_LABELS: dict[str, str] = {
    ChannelType.NEWS: "工作动态",
    ChannelType.NOTICE: "通知公告",
    ChannelType.POLICY: "政策文件",
    ChannelType.INTERPRETATION: "政策解读",
    ChannelType.PERSONNEL: "人事信息",
    ChannelType.PLAN: "规划计划",
    ChannelType.BUDGET: "财政预决算",
    ChannelType.FUNCTIONS: "机构职能",
    ChannelType.GUIDE: "公开指南",
    ChannelType.RULES: "公开制度",
    ChannelType.ANNUAL_REPORT: "公开年报",
    ChannelType.ON_REQUEST: "依申请公开",
    ChannelType.KEY_AREA: "重点领域",
    ChannelType.STANDARD: "标准目录",
    ChannelType.OTHER: "其他",
}

# Default update periods in days (statutes.md §3.2: 动态/要闻 2 weeks, 通知公告/政策文件 6 months;
# 人事/规划计划 1 year [U]). Channels whose content changes only on events (guide, rules, functions,
# annual report, on-request) default to one year so that a forgotten channel still shows up.
DEFAULT_UPDATE_PERIOD_DAYS: dict[str, int] = {
    ChannelType.NEWS: 14,
    ChannelType.NOTICE: 183,
    ChannelType.POLICY: 183,
    ChannelType.INTERPRETATION: 183,
    ChannelType.PERSONNEL: 365,
    ChannelType.PLAN: 365,
    ChannelType.BUDGET: 365,
    ChannelType.FUNCTIONS: 365,
    ChannelType.GUIDE: 365,
    ChannelType.RULES: 365,
    ChannelType.ANNUAL_REPORT: 365,
    ChannelType.ON_REQUEST: 365,
    ChannelType.KEY_AREA: 183,
    ChannelType.STANDARD: 183,
    ChannelType.OTHER: 183,
}


class ItemKind(StrEnum):
    """What an item is: an ordinary item, a policy document, or an interpretation of one."""

    GENERAL = "general"
    POLICY = "policy"  # 政策文件 (incl. 行政规范性文件)
    INTERPRETATION = "interpretation"  # 政策解读


ITEM_KIND_LABELS: dict[str, str] = {
    ItemKind.GENERAL: "一般信息",
    ItemKind.POLICY: "政策文件",
    ItemKind.INTERPRETATION: "政策解读",
}


class InterpretationForm(StrEnum):
    """Forms of 政策解读 (statutes.md §5.2)."""

    TEXT = "text"
    GRAPHIC = "graphic"
    CARTOON = "cartoon"
    VIDEO = "video"
    EXPERT = "expert"
    MEDIA = "media"
    PRESS = "press"
    QA = "qa"


INTERPRETATION_FORM_LABELS: dict[str, str] = {
    InterpretationForm.TEXT: "文字解读",
    InterpretationForm.GRAPHIC: "图解",
    InterpretationForm.CARTOON: "动漫",
    InterpretationForm.VIDEO: "视频",
    InterpretationForm.EXPERT: "专家解读",
    InterpretationForm.MEDIA: "媒体解读",
    InterpretationForm.PRESS: "新闻发布会",
    InterpretationForm.QA: "政策问答",
}

# 体裁 of policy documents that need an interpretation within the grace period (statutes.md §5.1:
# 规章, all 行政规范性文件 and far-reaching policy documents). Which items need one is decided per
# item by the ``needs_interpretation`` flag; this is only the default for new policy documents.
INTERPRETATION_GRACE_WORKING_DAYS = 3
