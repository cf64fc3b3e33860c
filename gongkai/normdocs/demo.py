"""Demo: the county's 行政规范性文件 since 2018, documents in the procedure, an open cleanup.

Builds on the units and personas (order 10) and the catalogue (order 30). 204 documents:

* 190 historic published documents of the county government, its office, the departments and
  a few townships (2018 to this year), written in bulk like ``import_normdocs`` does (one audit
  entry each): 文号 with each unit's 机关代字 (霍政〔YYYY〕N号, 霍政办〔YYYY〕N号, 霍发改…), 统一登记号,
  有效期 by the 5-year rule (暂行/试行: 2 years) so most of 2018–2021 are 失效 today, some 废止
  by a newer document (``repealed_by``), some 已修改 (``amends`` chains), nearly all filed
  (备案) and a few recent ones published but not filed with the deadline passed;
* 8 documents of the last months driven through the real procedure with the services (legality
  review by ``sfj_legal``, deliberation, signing, registration, publication — which publishes
  them in the unit's 行政规范性文件 channel when there is one — and for some 备案), two of them
  amending and one repealing an older document;
* 6 documents still in the procedure: drafts (one returned by the legal office), awaiting
  legality review (no review yet), reviewed, signed;
* the campaign 「YYYY年度行政规范性文件清理」 opened by ``county_admin``, about half of the units
  having decided on their documents and part of the decisions co-signed by ``sfj_legal``.

Deterministic (fixed seed). Idempotent: when the registry has documents, nothing is generated.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from gongkai.catalog.demo_content import AGENCY_CODES
from gongkai.core.demo import demo_generator
from gongkai.normdocs import campaigns, services
from gongkai.normdocs.domain import lifecycle
from gongkai.normdocs.domain.lifecycle import Decision, Stage, Status
from gongkai.normdocs.importer import NewDocument, write_documents
from gongkai.normdocs.models import CampaignDocument, LegalReview, NormativeDocument
from gongkai.normdocs.permissions import UNIT_STAFF_ROLES
from gongkai.units.models import Membership, Unit, UnitKind, User
from gongkai.workdays.calendar import get_calendar

TOTAL = 204
IN_PROCEDURE = ("draft", "returned", "legal_review", "legal_review", "reviewed", "signed")
# Days before `today` each procedure-published document was published, and whether it is filed.
RECENT = ((75, True), (62, True), (51, True), (44, False), (38, False), (26, False), (14, False))
RECENT += ((6, False),)
HISTORIC = TOTAL - len(IN_PROCEDURE) - len(RECENT)
FIRST_YEAR = 2018
YEAR_WEIGHTS = (8, 9, 10, 11, 12, 12, 13, 13, 12)  # 2018 … 2026
AMEND_PAIRS = 9
REPEAL_PAIRS = 8
CAMPAIGN_TITLE = "{year}年度行政规范性文件清理"
CAMPAIGN_BASIS = (
    "依据《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）"
    "和《安徽省行政机关规范性文件制定程序规定》，对截至清理基准日现行有效的行政规范性文件进行全面清理。"
)
FILED_WITH = "六安市人民政府"

UNIT_WEIGHTS = {
    UnitKind.COUNTY_GOVERNMENT: 2.0,
    UnitKind.COUNTY_OFFICE: 3.0,
    UnitKind.DEPARTMENT: 1.0,
    UnitKind.TOWNSHIP: 0.3,
}
# 机关代字 for normative documents where it differs from the catalogue demo's.
PREFIXES = {**AGENCY_CODES, "zjj": "霍住建"}

# (form, weight); 暂行/试行 documents are valid for 2 years.
FORMS = (
    ("办法", 6),
    ("实施细则", 2),
    ("暂行办法", 2),
    ("实施办法", 2),
    ("规定", 1),
    ("试行办法", 1),
)

GOVERNMENT_SUBJECTS = (
    "政府投资项目管理",
    "政府购买服务管理",
    "重大行政决策程序",
    "行政事业单位国有资产管理",
    "城区既有住宅加装电梯",
    "征收集体土地补偿安置",
    "城区停车管理",
    "公共资源交易管理",
    "招商引资项目管理",
    "农村人居环境整治长效管护",
    "城市建筑垃圾管理",
    "政府性债务风险防控",
    "县级储备粮管理",
    "城市户外广告设置管理",
    "农村集体资金资产资源管理",
    "县属国有企业负责人薪酬管理",
    "政务服务“好差评”管理",
    "企业上市挂牌扶持",
    "工业企业亩均效益评价",
    "城区物业服务管理",
    "城区养犬管理",
    "防汛抗旱应急物资储备管理",
)
DEPARTMENT_SUBJECTS: dict[str, tuple[str, ...]] = {
    "fgw": (
        "粮食储备管理",
        "价格调节基金征收使用管理",
        "重点项目建设管理",
        "固定资产投资项目节能审查",
    ),
    "jyj": (
        "义务教育阶段学生资助管理",
        "民办学校管理",
        "校外培训机构监督管理",
        "中小学教师县管校聘管理",
    ),
    "czj": ("财政专项资金管理", "政府采购内部控制", "县级预算绩效管理", "财政票据管理"),
    "rsj": (
        "就业创业补贴资金管理",
        "高层次人才引进",
        "农民工工资保证金管理",
        "职业技能培训补贴管理",
    ),
    "zrzyj": (
        "农村宅基地审批管理",
        "国有建设用地使用权出让管理",
        "集体经营性建设用地入市",
        "耕地占补平衡管理",
    ),
    "zjj": ("物业服务管理", "商品房预售资金监管", "城镇老旧小区改造", "建筑工地扬尘污染防治"),
    "nyncj": (
        "高标准农田建设管理",
        "农机购置补贴",
        "农业产业化龙头企业认定管理",
        "家庭农场认定管理",
    ),
    "wjw": ("基层医疗卫生机构绩效考核", "家庭医生签约服务", "村卫生室管理"),
    "scjgj": ("食品小作坊登记管理", "企业信用风险分类管理", "市场主体住所登记管理"),
    "sjzyj": ("政务数据资源共享管理", "政务信息化项目管理", "12345政务服务便民热线工作管理"),
    "sfj": ("行政执法公示", "行政规范性文件合法性审核", "行政执法全过程记录"),
    "mzj": ("最低生活保障审核确认", "临时救助", "特困人员供养服务管理"),
    "jtj": ("农村公路养护管理", "道路运输行业信用管理"),
    "slj": ("河道采砂管理", "农村饮水工程运行管护"),
    "yjj": ("安全生产举报奖励", "应急物资储备管理"),
    "ybj": ("医疗保障基金监督管理", "定点医药机构协议管理"),
}
GENERIC_SUBJECTS = (
    "行政处罚裁量权基准适用",
    "专项资金管理",
    "行政许可事项管理",
    "涉企行政检查管理",
)
TOWNSHIP_SUBJECTS = (
    "村级财务管理",
    "村（社区）干部报酬管理",
    "农村人居环境整治考核",
    "村级公益事业建设管理",
)
TOPICS = {
    "fgw": "国民经济管理、国有资产监管",
    "jyj": "科技、教育",
    "czj": "财政、金融、审计",
    "rsj": "劳动、人事、监察",
    "zrzyj": "国土资源、能源",
    "zjj": "城乡建设、环境保护",
    "nyncj": "农业、林业、水利",
    "slj": "农业、林业、水利",
    "wjw": "卫生、体育、医疗",
    "ybj": "卫生、体育、医疗",
    "scjgj": "市场监督、安全生产监管",
    "yjj": "气象、应急",
    "mzj": "民政、扶贫",
    "sfj": "公安、安全、司法",
    "jtj": "工业、交通",
}
DECISIONS = (
    (Decision.KEEP, 70, "仍符合上位法和国家政策规定，继续施行"),
    (Decision.AMEND, 12, "部分条款与新修订的上位法不一致，需修改"),
    (Decision.REPEAL, 10, "调整对象已消失，实际已不再适用"),
    (Decision.DECLARE_EXPIRED, 8, "适用期已过，宣布失效"),
)


@dataclass
class _Doc:
    unit: Unit
    subject: str
    form: str
    title: str
    published_on: dt.date
    written_on: dt.date
    effective_on: dt.date
    doc_number: str = ""
    registration_number: str = ""
    status: str = Status.VALID
    status_on: dt.date | None = None
    status_reason: str = ""
    filed_on: dt.date | None = None
    filing_reference: str = ""
    amends: _Doc | None = None
    repealed_by: _Doc | None = None
    related: bool = False  # already part of an amendment or repeal

    @property
    def valid_until(self) -> dt.date:
        return lifecycle.default_valid_until(self.title, self.effective_on)

    @property
    def label(self) -> str:
        return f"{self.title}（{self.doc_number}）"


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def _prefix(unit: Unit) -> str:
    if unit.code in PREFIXES:
        return PREFIXES[unit.code]
    if unit.kind == UnitKind.TOWNSHIP:
        return unit.short_name.removesuffix("镇").removesuffix("乡") + "政"
    return "霍" + unit.short_name.removeprefix("县").removesuffix("局").removesuffix("委")


def _subjects(unit: Unit) -> tuple[str, ...]:
    if unit.kind in services.GOVERNMENT_KINDS:
        return GOVERNMENT_SUBJECTS
    if unit.kind == UnitKind.TOWNSHIP:
        return TOWNSHIP_SUBJECTS
    return DEPARTMENT_SUBJECTS.get(unit.code, GENERIC_SUBJECTS)


def _name(unit: Unit, subject: str, form: str) -> str:
    """The document's own name: 「霍邱县政府投资项目管理办法」, 「城关镇村级财务管理办法」."""
    place = unit.short_name if unit.kind == UnitKind.TOWNSHIP else "霍邱县"
    return f"{place}{subject}{form}"


def _title(unit: Unit, subject: str, form: str) -> str:
    name = _name(unit, subject, form)
    if unit.kind == UnitKind.DEPARTMENT:
        name = f"《{name}》"
    return f"{unit.name}关于印发{name}的通知"


def _amending_title(unit: Unit, subject: str, form: str) -> str:
    return f"{unit.name}关于修改《{_name(unit, subject, form)}》的决定"


def _body(doc: _Doc) -> str:
    short = "细则" if doc.form.endswith("细则") else "规定" if doc.form == "规定" else "办法"
    years = lifecycle.max_validity_years(doc.title)
    day = doc.effective_on
    return "\n".join(
        (
            f"第一条 为加强和规范{doc.subject}工作，根据有关法律、法规和规章的规定，"
            f"结合本县实际，制定本{short}。",
            f"第二条 本{short}适用于本县行政区域内的{doc.subject}活动。",
            f"第三条 {doc.unit.short_name}负责本{short}的组织实施，有关部门按照各自职责做好相关工作。",
            f"第四条 本{short}自{day.year}年{day.month}月{day.day}日起施行，有效期{years}年。",
        )
    )


def _apportion(total: int, weights: dict[int, float]) -> dict[int, int]:
    """Split ``total`` by ``weights`` (largest remainder)."""
    weight_sum = sum(weights.values())
    shares = {k: total * w / weight_sum for k, w in weights.items()}
    counts = {k: int(s) for k, s in shares.items()}
    left = total - sum(counts.values())
    for k in sorted(shares, key=lambda k: (counts[k] - shares[k], k))[:left]:
        counts[k] += 1
    return counts


def _random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _new_doc(
    rng: random.Random, unit: Unit, published_on: dt.date, *, subject: str = "", form: str = ""
) -> _Doc:
    subject = subject or rng.choice(_subjects(unit))
    form = form or rng.choices([f for f, _ in FORMS], weights=[w for _, w in FORMS])[0]
    effective_on = published_on + dt.timedelta(days=30 if rng.random() < 0.3 else 0)
    return _Doc(
        unit=unit,
        subject=subject,
        form=form,
        title=_title(unit, subject, form),
        published_on=published_on,
        written_on=published_on - dt.timedelta(days=rng.randint(3, 12)),
        effective_on=effective_on,
    )


# --------------------------------------------------------------------------------------------
# Planning (no database writes)
# --------------------------------------------------------------------------------------------


def _plan_historic(units: list[Unit], rng: random.Random, today: dt.date) -> list[_Doc]:
    counts = _apportion(HISTORIC, {u.pk: UNIT_WEIGHTS[u.kind] for u in units})
    years = list(range(FIRST_YEAR, FIRST_YEAR + len(YEAR_WEIGHTS)))
    last_day = today - dt.timedelta(days=90)  # the recent months belong to the procedure demo
    docs = []
    for unit in units:
        for _ in range(counts[unit.pk]):
            year = rng.choices(years, weights=YEAR_WEIGHTS)[0]
            start, end = dt.date(year, 1, 8), min(dt.date(year, 12, 20), last_day)
            if end < start:
                start, end = dt.date(year - 1, 1, 8), dt.date(year - 1, 12, 20)
            docs.append(_new_doc(rng, unit, _random_day(rng, start, end)))
    docs.sort(key=lambda d: (d.published_on, d.unit.pk))
    return docs


def _in_force(doc: _Doc, on: dt.date) -> bool:
    return doc.published_on < on <= doc.valid_until and not doc.related


def _relate(docs: list[_Doc], rng: random.Random, *, amend: bool, pairs: int, since: int) -> None:
    """Pick pairs (older, newer) of one unit where the newer came while the older was in force
    and rewrite the newer one as an amendment or a replacement."""
    by_unit: dict[int, list[_Doc]] = defaultdict(list)
    for doc in docs:
        by_unit[doc.unit.pk].append(doc)
    units = sorted(by_unit, key=lambda pk: -len(by_unit[pk]))
    made = 0
    for _round in range(4):
        for pk in units:
            if made >= pairs:
                return
            unit_docs = by_unit[pk]
            newer_pool = [d for d in unit_docs if not d.related and d.published_on.year >= since]
            rng.shuffle(newer_pool)
            for newer in newer_pool:
                older = [
                    d for d in unit_docs if d is not newer and _in_force(d, newer.published_on)
                ]
                if not older:
                    continue
                old = rng.choice(older)
                if amend:
                    newer.subject, newer.form = old.subject, old.form
                    newer.title = _amending_title(newer.unit, old.subject, old.form)
                    newer.amends = old
                    old.status = Status.AMENDED
                else:
                    newer.subject = old.subject
                    newer.title = _title(newer.unit, old.subject, newer.form)
                    old.repealed_by = newer
                    old.status = Status.REPEALED
                old.status_on = newer.published_on
                old.related = newer.related = True
                made += 1
                break


def _chain(docs: list[_Doc]) -> None:
    """One amendment of an amendment (A ← B ← C), so the library shows a chain."""
    for newer in sorted(docs, key=lambda d: d.published_on, reverse=True):
        if newer.amends is None or newer.status != Status.VALID:
            continue
        later = [
            d
            for d in docs
            if d.unit.pk == newer.unit.pk
            and d.published_on > newer.published_on
            and d.amends is None
            and d.repealed_by is None
            and d.status == Status.VALID
            and d.published_on <= newer.valid_until
        ]
        if later:
            last = later[-1]
            last.subject, last.form, last.amends = newer.subject, newer.form, newer
            last.related = True
            last.title = _amending_title(last.unit, newer.subject, newer.form)
            newer.status, newer.status_on = Status.AMENDED, last.published_on
            return


def _number(docs: list[_Doc], rng: random.Random) -> None:
    """文号 per 机关代字 and year (with gaps: the same 代字 numbers ordinary documents too), and
    the 统一登记号 per unit and year, both in order of 成文日期."""
    serial: dict[tuple[str, int], int] = defaultdict(int)
    registered: dict[tuple[int, int], int] = defaultdict(int)
    for doc in sorted(docs, key=lambda d: (d.written_on, d.unit.pk)):
        key = (_prefix(doc.unit), doc.written_on.year)
        serial[key] += rng.randint(1, 6)
        doc.doc_number = f"{key[0]}〔{key[1]}〕{serial[key]}号"
        reg = (doc.unit.pk, doc.written_on.year)
        registered[reg] += 1
        doc.registration_number = (
            f"HQ{doc.unit.code.upper()}-{doc.written_on.year}-{registered[reg]:03d}"
        )


def _finish_historic(docs: list[_Doc], rng: random.Random, today: dt.date) -> None:
    """Validity by the 5-year rule, 备案 for nearly all, a few recent ones overdue."""
    filings: dict[int, int] = defaultdict(int)
    unfiled = {id(d) for d in sorted(docs, key=lambda d: d.published_on)[-4:-1]}
    for doc in docs:
        if doc.status == Status.VALID and doc.valid_until < today:
            doc.status = Status.EXPIRED
            doc.status_on = lifecycle.expires_on(doc.valid_until)
            doc.status_reason = f"有效期至{doc.valid_until:%Y年%m月%d日}，到期自动失效"
        if id(doc) in unfiled:
            continue  # published, not filed, deadline passed
        doc.filed_on = doc.published_on + dt.timedelta(days=rng.randint(8, 26))
        filings[doc.filed_on.year] += 1
        doc.filing_reference = f"六府法备〔{doc.filed_on.year}〕{filings[doc.filed_on.year]}号"


def _reason_with_numbers(docs: list[_Doc]) -> None:
    """The history's reason for 废止 and 已修改 names the document that did it."""
    for doc in docs:
        if doc.repealed_by is not None:
            doc.status_reason = f"被{doc.repealed_by.doc_number}废止"
    for doc in docs:
        if doc.amends is not None and doc.amends.status == Status.AMENDED:
            doc.amends.status_reason = f"被{doc.doc_number}修改"


# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------


def _staff(unit: Unit, fallback: User) -> User:
    membership = (
        Membership.unscoped.filter(
            unit=unit, ended_on__isnull=True, role__in=[str(r) for r in UNIT_STAFF_ROLES]
        )
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    return membership.user if membership and membership.user.is_active else fallback


def _issuing_units() -> list[Unit]:
    return list(
        Unit.unscoped.filter(is_active=True, kind__in=list(UNIT_WEIGHTS)).order_by(
            "sort_order", "pk"
        )
    )


@demo_generator("normdocs", "行政规范性文件", order=35)
def generate_normdocs(*, scale: str, today: dt.date, stdout) -> list[str]:
    existing = NormativeDocument.unscoped.count()
    if existing:
        return [f"行政规范性文件：已有 {existing} 件，未重新生成"]
    admin = User.objects.filter(username="county_admin", is_active=True).first()
    legal = User.objects.filter(username="sfj_legal", is_active=True).first()
    units = _issuing_units()
    if admin is None or legal is None or not units:
        return ["行政规范性文件：缺少演示单位或人员（county_admin、sfj_legal），未生成"]
    rng = random.Random(20180037)  # noqa: S311 (demo data)

    historic = _plan_historic(units, rng, today)
    # Amendments of recent documents (an amended document stays in force as amended), repeals
    # at any time.
    _relate(historic, rng, amend=True, pairs=AMEND_PAIRS, since=today.year - 4)
    _chain(historic)
    _relate(historic, rng, amend=False, pairs=REPEAL_PAIRS, since=FIRST_YEAR + 1)
    recent_units = _recent_units(units, historic, rng)
    recent = [
        _new_doc(rng, unit, today - dt.timedelta(days=days))
        for unit, (days, _) in zip(recent_units, RECENT, strict=True)
    ]
    _number([*historic, *recent], rng)
    _reason_with_numbers(historic)
    _finish_historic(historic, rng, today)

    now = timezone.now()
    documents = _write_historic(historic, today=today, now=now)
    published = _publish_recent(recent, historic, documents, admin=admin, legal=legal, today=today)
    procedure = _in_procedure(units, rng, admin=admin, legal=legal, today=today)
    campaign, decided_units, cosigned = _campaign(rng, admin=admin, legal=legal, today=today)

    public = NormativeDocument.unscoped.filter(stage__in=lifecycle.PUBLIC_STAGES)
    statuses = {
        label: public.filter(status=value).count()
        for value, label in lifecycle.STATUS_LABELS.items()
    }
    overdue = public.filter(stage=Stage.PUBLISHED, filing_due__lt=today).count()
    progress = campaigns.progress(campaign)
    return [
        f"行政规范性文件：{NormativeDocument.unscoped.count()} 件（历史文件 {len(documents)} 件，"
        f"本年按程序公布 {published} 件，制定程序中 {procedure} 件）",
        "  有效性："
        + "、".join(f"{k} {v}" for k, v in statuses.items())
        + f"；已公布未备案且超期 {overdue} 件",
        f"  清理：「{campaign.title}」进行中，{len(progress)} 个单位共 "
        f"{sum(p.documents for p in progress)} 件，{decided_units} 个单位已作出决定，"
        f"司法局已会签 {cosigned} 项",
    ]


def _recent_units(units: list[Unit], historic: list[_Doc], rng: random.Random) -> list[Unit]:
    """Units for the documents published through the procedure this year: the office and the
    government first, then departments; the first ones amend or repeal their older documents."""
    with_valid = {d.unit.pk for d in historic if d.status == Status.VALID and not d.related}
    ordered = sorted(
        units,
        key=lambda u: (u.pk not in with_valid, list(UNIT_WEIGHTS).index(u.kind), u.sort_order),
    )
    picked = ordered[: len(RECENT)]
    while len(picked) < len(RECENT):
        picked.append(rng.choice(units))
    return picked


def _write_historic(
    docs: list[_Doc], *, today: dt.date, now: dt.datetime
) -> list[NormativeDocument]:
    calendar = get_calendar()
    new = [
        NewDocument(
            unit=d.unit,
            title=d.title,
            doc_number=d.doc_number,
            written_on=d.written_on,
            published_on=d.published_on,
            effective_on=d.effective_on,
            valid_until=d.valid_until,
            status=d.status,
            status_on=d.status_on,
            status_reason=d.status_reason,
            registration_number=d.registration_number,
            topic=TOPICS.get(d.unit.code, "综合政务"),
            body=_body(d),
            filed_on=d.filed_on,
            filed_with=FILED_WITH,
            filing_due=lifecycle.filing_due(
                d.published_on, services.filing_days(), is_workday=calendar.is_workday
            ),
            filing_reference=d.filing_reference,
            import_key=f"demo:{d.unit.code}:{d.doc_number}",
        )
        for d in docs
    ]
    documents = write_documents(
        new, by=None, now=now, today=today, reason="演示数据：历史规范性文件"
    )
    index = {id(d): doc for d, doc in zip(docs, documents, strict=True)}
    linked = []
    for d, doc in zip(docs, documents, strict=True):
        if d.amends is not None or d.repealed_by is not None:
            doc.amends = index[id(d.amends)] if d.amends is not None else None
            doc.repealed_by = index[id(d.repealed_by)] if d.repealed_by is not None else None
            linked.append(doc)
    NormativeDocument.unscoped.bulk_update(linked, ["amends", "repealed_by"])
    return documents


def _valid_target(documents: list[NormativeDocument], unit: Unit, used: set[int]):
    candidates = [
        d
        for d in documents
        if d.unit_id == unit.pk
        and d.status == Status.VALID
        and d.pk not in used
        and not d.amends_id
        and not d.repealed_by_id
    ]
    return candidates[-1] if candidates else None


def _publish_recent(
    recent: list[_Doc],
    historic: list[_Doc],
    documents: list[NormativeDocument],
    *,
    admin: User,
    legal: User,
    today: dt.date,
) -> int:
    """Drive this year's documents through the real procedure (every step audited)."""
    plans = {document.pk: plan for plan, document in zip(historic, documents, strict=True)}
    used: set[int] = set()
    for i, (plan, (_, filed)) in enumerate(zip(recent, RECENT, strict=True)):
        unit = plan.unit
        staff = _staff(unit, admin)
        published_on = plan.published_on
        target = _valid_target(documents, unit, used) if i in (1, 2, 4) else None
        if target is not None:
            used.add(target.pk)
            old = plans[target.pk]
            plan.subject = old.subject
            if i == 2:  # a replacement: the old document is repealed when this one is out
                plan.title = _title(unit, plan.subject, plan.form)
            else:
                plan.form = old.form
                plan.title = _amending_title(unit, old.subject, old.form)
        start = published_on - dt.timedelta(days=40)
        document = services.create_document(
            unit=unit,
            by=staff,
            today=start,
            now=_at(start),
            title=plan.title,
            topic=TOPICS.get(unit.code, "综合政务"),
            body=_body(plan),
            amends=target if target is not None and i != 2 else None,
        )
        document = services.submit_for_legal_review(document, by=staff, now=_at(start, 15))
        reviewed_on = start + dt.timedelta(days=10)
        document = services.record_legal_review(
            document,
            by=legal,
            conclusion=LegalReview.Conclusion.PASSED,
            opinion="经审查，该文件制定主体合法，内容符合法律法规规定，程序符合要求，同意提交审议。",
            today=reviewed_on,
            now=_at(reviewed_on),
        )
        deliberated_on = reviewed_on + dt.timedelta(days=8)
        meeting = "县政府常务会议" if unit.kind in services.GOVERNMENT_KINDS else "局党组会议"
        document = services.record_deliberation(
            document,
            by=staff,
            meeting=f"{deliberated_on.year}年第{deliberated_on.month}次{meeting}",
            deliberated_on=deliberated_on,
            now=_at(deliberated_on),
        )
        signed_on = deliberated_on + dt.timedelta(days=4)
        document = services.sign_document(
            document, by=staff, signed_by="签发人", signed_on=signed_on, now=_at(signed_on)
        )
        document = services.register_document(
            document,
            by=staff,
            doc_number=plan.doc_number,
            written_on=signed_on,
            today=signed_on,
            now=_at(signed_on, 16),
        )
        document = services.publish_document(
            document, by=staff, published_on=published_on, now=_at(published_on)
        )
        if filed:
            filed_on = published_on + dt.timedelta(days=12)
            services.file_document(
                document,
                by=staff,
                filed_on=filed_on,
                filed_with=FILED_WITH,
                reference=f"六府法备〔{filed_on.year}〕{90 + i}号",
                now=_at(filed_on),
            )
        if target is not None and i == 2:
            services.repeal_document(
                target,
                by=staff,
                reason=f"已由{document.doc_number}重新制定，原文件同时废止",
                repealed_by=document,
                now=_at(published_on),
            )
    return len(recent)


def _in_procedure(
    units: list[Unit], rng: random.Random, *, admin: User, legal: User, today: dt.date
) -> int:
    """Documents still in the procedure, so the admin shows work in progress."""
    # The personas' units first: 县政府办 has a draft, 县发改委 (fgw_editor) a document returned by
    # the legal office and one waiting for its review (sfj_legal's queue); then departments.
    by_code = {u.code: u for u in units}
    others = [u for u in units if u.kind == UnitKind.DEPARTMENT and u.code != "fgw"] or units
    picks = [by_code.get("xzfb"), by_code.get("fgw"), by_code.get("fgw")]
    for i, step in enumerate(IN_PROCEDURE):
        unit = (picks[i] if i < len(picks) else None) or others[(i * 3 + 1) % len(others)]
        staff = _staff(unit, admin)
        started = today - dt.timedelta(days=30 - i * 4)
        plan = _new_doc(rng, unit, started)
        document = services.create_document(
            unit=unit,
            by=staff,
            today=started,
            now=_at(started),
            title=plan.title,
            topic=TOPICS.get(unit.code, "综合政务"),
            body=_body(plan),
        )
        if step == "draft":
            continue
        document = services.submit_for_legal_review(document, by=staff, now=_at(started, 15))
        if step == "legal_review":
            continue  # waiting for the legal office: no review yet
        reviewed_on = started + dt.timedelta(days=5)
        if step == "returned":
            services.record_legal_review(
                document,
                by=legal,
                conclusion=LegalReview.Conclusion.RETURNED,
                opinion="第五条设定的行政处罚超出上位法规定的种类和幅度，请修改后重新报送审核。",
                today=reviewed_on,
                now=_at(reviewed_on),
            )
            continue
        document = services.record_legal_review(
            document,
            by=legal,
            conclusion=LegalReview.Conclusion.PASSED,
            opinion="经审查，内容符合法律法规规定，同意提交集体审议。",
            today=reviewed_on,
            now=_at(reviewed_on),
        )
        if step == "reviewed":
            continue
        deliberated_on = reviewed_on + dt.timedelta(days=3)
        document = services.record_deliberation(
            document,
            by=staff,
            meeting=f"{deliberated_on.year}年第{deliberated_on.month}次常务会议",
            deliberated_on=deliberated_on,
            now=_at(deliberated_on),
        )
        signed_on = deliberated_on + dt.timedelta(days=2)
        services.sign_document(
            document, by=staff, signed_by="签发人", signed_on=signed_on, now=_at(signed_on)
        )
    return len(IN_PROCEDURE)


def _campaign(rng: random.Random, *, admin: User, legal: User, today: dt.date):
    """The open cleanup: about half of the units decided, part of it co-signed."""
    opened_on = today - dt.timedelta(days=21)
    campaign = campaigns.open_campaign(
        by=admin,
        title=CAMPAIGN_TITLE.format(year=today.year),
        basis=CAMPAIGN_BASIS,
        due_on=opened_on + dt.timedelta(days=60),
        today=opened_on,
        now=_at(opened_on),
    )
    entries = list(
        CampaignDocument.unscoped.filter(campaign=campaign)
        .select_related("unit", "document")
        .order_by("unit__sort_order", "unit_id", "document_id")
    )
    by_unit: dict[int, list[CampaignDocument]] = defaultdict(list)
    for entry in entries:
        by_unit[entry.unit_id].append(entry)
    unit_ids = list(by_unit)
    deciding = unit_ids[::2]
    cosigning = set(deciding[: max(1, (2 * len(deciding)) // 3)])
    cosigned = 0
    for n, unit_id in enumerate(deciding):
        decided_on = opened_on + dt.timedelta(days=3 + n % 10)
        staff = _staff(by_unit[unit_id][0].unit, admin)
        for entry in by_unit[unit_id]:
            decision, _, reason = rng.choices(DECISIONS, weights=[w for _, w, _ in DECISIONS])[0]
            entry = campaigns.decide(
                entry,
                by=staff,
                decision=decision,
                reason=reason,
                today=decided_on,
                now=_at(decided_on),
            )
            if unit_id in cosigning:
                cosigned_on = decided_on + dt.timedelta(days=3)
                campaigns.cosign(entry, by=legal, today=cosigned_on, now=_at(cosigned_on))
                cosigned += 1
    return campaign, len(deciding), cosigned
