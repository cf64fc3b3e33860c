"""Outcomes of an application (办理结果) and the reply types of 《政府信息公开条例》 Art. 36.

The outcome taxonomy is the one of table 三 of the annual report (国办公开办函〔2021〕30号,
statutes.md §2.1): 予以公开; 部分公开; 不予公开 (8 reasons); 无法提供 (3); 不予处理 (5);
其他处理 (3). Every reply letter (答复书) states one outcome, the matching reply type of Art. 36
or of the related articles (Arts. 30, 35, 37-39; 国办函〔2020〕109号), and the legal basis
sentence given by :func:`legal_basis`.

The mapping reply type → row follows statutes.md Test fact 27. Art. 36(5) (not this agency's
information) is counted under 无法提供 1 there, marked [P] ("some guidance puts it under
其他处理"), so the mapping allows both.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType
from typing import Final

__all__ = [
    "GROUP_LABELS",
    "OUTCOME_GROUP",
    "OUTCOME_LABELS",
    "OUTCOME_REPLY_TYPES",
    "REMEDY_SENTENCE",
    "REPLY_TYPE_BASIS",
    "REPLY_TYPE_LABELS",
    "Outcome",
    "OutcomeGroup",
    "ReplyType",
    "legal_basis",
    "outcome_for_reply_type",
    "outcome_label",
    "outcomes_in",
]

REGULATION: Final = "《中华人民共和国政府信息公开条例》"


class OutcomeGroup(StrEnum):
    """The six result groups (一)…(六) of table 三."""

    DISCLOSED = "disclosed"
    PARTIAL = "partial"
    WITHHELD = "withheld"
    UNAVAILABLE = "unavailable"
    NOT_HANDLED = "not_handled"
    OTHER = "other"


GROUP_LABELS: Final = MappingProxyType(
    {
        OutcomeGroup.DISCLOSED: "予以公开",
        OutcomeGroup.PARTIAL: "部分公开",
        OutcomeGroup.WITHHELD: "不予公开",
        OutcomeGroup.UNAVAILABLE: "无法提供",
        OutcomeGroup.NOT_HANDLED: "不予处理",
        OutcomeGroup.OTHER: "其他处理",
    }
)


class Outcome(StrEnum):
    """One leaf row of table 三 (21 in all), in the order of the format."""

    DISCLOSED = "disclosed"
    PARTIAL = "partial"
    WITHHELD_STATE_SECRET = "withheld.1"  # noqa: S105 - a table row code
    WITHHELD_FORBIDDEN_BY_LAW = "withheld.2"
    WITHHELD_SECURITY_STABILITY = "withheld.3"
    WITHHELD_THIRD_PARTY = "withheld.4"
    WITHHELD_INTERNAL_AFFAIRS = "withheld.5"
    WITHHELD_PROCESS_INFO = "withheld.6"
    WITHHELD_ENFORCEMENT_FILE = "withheld.7"
    WITHHELD_ADMIN_QUERY = "withheld.8"
    UNAVAILABLE_NOT_HELD = "unavailable.1"
    UNAVAILABLE_NEEDS_CREATION = "unavailable.2"
    UNAVAILABLE_UNCLEAR_AFTER_CORRECTION = "unavailable.3"
    NOT_HANDLED_PETITION = "not_handled.1"
    NOT_HANDLED_REPEAT = "not_handled.2"
    NOT_HANDLED_PUBLICATION = "not_handled.3"
    NOT_HANDLED_EXCESSIVE = "not_handled.4"
    NOT_HANDLED_CONFIRMATION = "not_handled.5"
    OTHER_NO_CORRECTION = "other.1"
    OTHER_FEE_UNPAID = "other.2"
    OTHER_OTHER = "other.3"


OUTCOME_GROUP: Final = MappingProxyType(
    {
        outcome: OutcomeGroup(outcome.value.split(".")[0])
        for outcome in Outcome  # the value prefix is the group
    }
)

# Exact row labels of table 三 (statutes.md §2.1).
OUTCOME_LABELS: Final = MappingProxyType(
    {
        Outcome.DISCLOSED: "予以公开",
        Outcome.PARTIAL: "部分公开",
        Outcome.WITHHELD_STATE_SECRET: "属于国家秘密",
        Outcome.WITHHELD_FORBIDDEN_BY_LAW: "其他法律行政法规禁止公开",
        Outcome.WITHHELD_SECURITY_STABILITY: "危及“三安全一稳定”",
        Outcome.WITHHELD_THIRD_PARTY: "保护第三方合法权益",
        Outcome.WITHHELD_INTERNAL_AFFAIRS: "属于三类内部事务信息",
        Outcome.WITHHELD_PROCESS_INFO: "属于四类过程性信息",
        Outcome.WITHHELD_ENFORCEMENT_FILE: "属于行政执法案卷",
        Outcome.WITHHELD_ADMIN_QUERY: "属于行政查询事项",
        Outcome.UNAVAILABLE_NOT_HELD: "本机关不掌握相关政府信息",
        Outcome.UNAVAILABLE_NEEDS_CREATION: "没有现成信息需要另行制作",
        Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION: "补正后申请内容仍不明确",
        Outcome.NOT_HANDLED_PETITION: "信访举报投诉类申请",
        Outcome.NOT_HANDLED_REPEAT: "重复申请",
        Outcome.NOT_HANDLED_PUBLICATION: "要求提供公开出版物",
        Outcome.NOT_HANDLED_EXCESSIVE: "无正当理由大量反复申请",
        Outcome.NOT_HANDLED_CONFIRMATION: "要求行政机关确认或重新出具已获取信息",
        Outcome.OTHER_NO_CORRECTION: (
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
        ),
        Outcome.OTHER_FEE_UNPAID: (
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
        ),
        Outcome.OTHER_OTHER: "其他",
    }
)


def outcomes_in(group: OutcomeGroup) -> tuple[Outcome, ...]:
    """The leaf outcomes of ``group`` in table order."""
    return tuple(o for o in Outcome if OUTCOME_GROUP[o] is group)


def outcome_label(outcome: Outcome) -> str:
    """ "不予公开—属于国家秘密"; single-row groups give just the group label."""
    group = OUTCOME_GROUP[outcome]
    if len(outcomes_in(group)) == 1:
        return GROUP_LABELS[group]
    return f"{GROUP_LABELS[group]}—{OUTCOME_LABELS[outcome]}"


class ReplyType(StrEnum):
    """Reply types: Art. 36 (1)-(7) and the related articles a reply letter may rest on."""

    ALREADY_PUBLIC = "art36.1"
    DISCLOSE = "art36.2"
    NOT_DISCLOSED = "art36.3"
    NOT_EXIST = "art36.4"
    NOT_OURS = "art36.5"
    REPEAT = "art36.6"
    SPECIAL_RULES = "art36.7"
    PARTIAL = "art37"
    NEEDS_PROCESSING = "art38"
    PETITION = "art39.1"
    PUBLICATION = "art39.2"
    EXCESSIVE = "art35"
    STILL_UNCLEAR = "art30.unclear"
    NO_CORRECTION = "art30.withdrawn"
    FEE_UNPAID = "fee.withdrawn"
    CONFIRMATION = "art2"
    OTHER = "other"


REPLY_TYPE_LABELS: Final = MappingProxyType(
    {
        ReplyType.ALREADY_PUBLIC: "已主动公开，告知获取方式和途径",
        ReplyType.DISCLOSE: "予以提供或告知获取方式、途径和时间",
        ReplyType.NOT_DISCLOSED: "不予公开，告知理由",
        ReplyType.NOT_EXIST: "经检索没有所申请公开信息，告知信息不存在",
        ReplyType.NOT_OURS: "不属于本机关负责公开，告知负责公开的机关",
        ReplyType.REPEAT: "已答复后重复申请，告知不予重复处理",
        ReplyType.SPECIAL_RULES: "法律、行政法规另有规定，告知依照其规定办理",
        ReplyType.PARTIAL: "区分处理，提供可以公开的部分",
        ReplyType.NEEDS_PROCESSING: "需要加工、分析，可以不予提供",
        ReplyType.PETITION: "以申请形式提出的信访、投诉、举报，告知通过相应渠道提出",
        ReplyType.PUBLICATION: "要求提供公开出版物，告知获取途径",
        ReplyType.EXCESSIVE: "无正当理由大量、频繁申请，不予处理",
        ReplyType.STILL_UNCLEAR: "补正后申请内容仍不明确",
        ReplyType.NO_CORRECTION: "逾期不补正，视为放弃申请",
        ReplyType.FEE_UNPAID: "逾期未缴纳信息处理费，视为放弃申请",
        ReplyType.CONFIRMATION: "要求确认或重新出具已获取信息，不属于政府信息公开申请",
        ReplyType.OTHER: "其他处理",
    }
)

# The legal-basis clause each reply type cites ("根据……的规定").
REPLY_TYPE_BASIS: Final = MappingProxyType(
    {
        ReplyType.ALREADY_PUBLIC: f"{REGULATION}第三十六条第（一）项",
        ReplyType.DISCLOSE: f"{REGULATION}第三十六条第（二）项",
        ReplyType.NOT_DISCLOSED: f"{REGULATION}第三十六条第（三）项",
        ReplyType.NOT_EXIST: f"{REGULATION}第三十六条第（四）项",
        ReplyType.NOT_OURS: f"{REGULATION}第三十六条第（五）项",
        ReplyType.REPEAT: f"{REGULATION}第三十六条第（六）项",
        ReplyType.SPECIAL_RULES: f"{REGULATION}第三十六条第（七）项",
        ReplyType.PARTIAL: f"{REGULATION}第三十七条",
        ReplyType.NEEDS_PROCESSING: f"{REGULATION}第三十八条",
        ReplyType.PETITION: f"{REGULATION}第三十九条第一款",
        ReplyType.PUBLICATION: f"{REGULATION}第三十九条第二款",
        ReplyType.EXCESSIVE: f"{REGULATION}第三十五条",
        ReplyType.STILL_UNCLEAR: f"{REGULATION}第三十条",
        ReplyType.NO_CORRECTION: f"{REGULATION}第三十条",
        ReplyType.FEE_UNPAID: (
            f"{REGULATION}第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
        ),
        # [U] The regulation defines government information as existing records (Art. 2); a
        # request to confirm or re-issue what the applicant holds is not an application.
        ReplyType.CONFIRMATION: f"{REGULATION}第二条",
        ReplyType.OTHER: REGULATION,
    }
)

# Grounds of refusal (Arts. 14-16) added to the Art. 36(3) clause for each 不予公开 reason.
_WITHHELD_GROUNDS: Final = MappingProxyType(
    {
        Outcome.WITHHELD_STATE_SECRET: ("第十四条", "属于国家秘密"),
        Outcome.WITHHELD_FORBIDDEN_BY_LAW: ("第十四条", "属于法律、行政法规禁止公开的政府信息"),
        Outcome.WITHHELD_SECURITY_STABILITY: (
            "第十四条",
            "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
        ),
        Outcome.WITHHELD_THIRD_PARTY: (
            "第十五条",
            "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
        ),
        Outcome.WITHHELD_INTERNAL_AFFAIRS: (
            "第十六条第一款",
            "属于人事管理、后勤管理、内部工作流程等内部事务信息",
        ),
        Outcome.WITHHELD_PROCESS_INFO: (
            "第十六条第二款",
            "属于讨论记录、过程稿、磋商信函、请示报告等过程性信息",
        ),
        Outcome.WITHHELD_ENFORCEMENT_FILE: ("第十六条第二款", "属于行政执法案卷信息"),
    }
)

# Which reply types may be chosen for an outcome; the first is the default.
OUTCOME_REPLY_TYPES: Final = MappingProxyType(
    {
        Outcome.DISCLOSED: (ReplyType.DISCLOSE, ReplyType.ALREADY_PUBLIC),
        Outcome.PARTIAL: (ReplyType.PARTIAL,),
        **{
            o: (ReplyType.NOT_DISCLOSED,)
            for o in outcomes_in(OutcomeGroup.WITHHELD)
            if o is not Outcome.WITHHELD_ADMIN_QUERY
        },
        Outcome.WITHHELD_ADMIN_QUERY: (ReplyType.SPECIAL_RULES,),
        Outcome.UNAVAILABLE_NOT_HELD: (ReplyType.NOT_EXIST, ReplyType.NOT_OURS),
        Outcome.UNAVAILABLE_NEEDS_CREATION: (ReplyType.NEEDS_PROCESSING,),
        Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION: (ReplyType.STILL_UNCLEAR,),
        Outcome.NOT_HANDLED_PETITION: (ReplyType.PETITION,),
        Outcome.NOT_HANDLED_REPEAT: (ReplyType.REPEAT,),
        Outcome.NOT_HANDLED_PUBLICATION: (ReplyType.PUBLICATION,),
        Outcome.NOT_HANDLED_EXCESSIVE: (ReplyType.EXCESSIVE,),
        Outcome.NOT_HANDLED_CONFIRMATION: (ReplyType.CONFIRMATION,),
        Outcome.OTHER_NO_CORRECTION: (ReplyType.NO_CORRECTION,),
        Outcome.OTHER_FEE_UNPAID: (ReplyType.FEE_UNPAID,),
        Outcome.OTHER_OTHER: (ReplyType.OTHER, ReplyType.NOT_OURS),
    }
)


def outcome_for_reply_type(reply_type: ReplyType) -> Outcome:
    """The table-三 row a reply type is counted under (statutes.md Test fact 27).

    Types valid for several rows return the first row listing them in table order (Art. 36(5)
    → 无法提供 1, [P]).
    """
    for outcome, types in OUTCOME_REPLY_TYPES.items():
        if reply_type in types:
            return outcome
    raise ValueError(f"答复类型{reply_type}没有对应的办理结果")  # pragma: no cover


def legal_basis(outcome: Outcome, reply_type: ReplyType | None = None) -> str:
    """The legal-basis sentence of the reply letter for ``outcome`` (and its reply type).

    Raises ``ValueError`` (Chinese message) if ``reply_type`` does not fit ``outcome``.
    """
    allowed = OUTCOME_REPLY_TYPES[outcome]
    if reply_type is None:
        reply_type = allowed[0]
    elif reply_type not in allowed:
        raise ValueError(
            f"办理结果“{outcome_label(outcome)}”不能使用答复类型“{REPLY_TYPE_LABELS[reply_type]}”"
        )
    basis = REPLY_TYPE_BASIS[reply_type]
    ground = _WITHHELD_GROUNDS.get(outcome)
    if ground is not None:
        article, reason = ground
        return f"您申请的信息{reason}，根据{basis}、{article}的规定，不予公开。"
    return f"根据{basis}的规定，{REPLY_TYPE_LABELS[reply_type]}。"


# The remedy sentence every reply letter ends with (Art. 51; 行政复议法 2024; 行政诉讼法 Art. 46).
REMEDY_SENTENCE: Final = (
    "如对本答复不服，可以自收到本答复之日起六十日内向{review_body}申请行政复议，"
    "或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼。"
)
