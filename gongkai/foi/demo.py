"""Demo: about 250 依申请公开 applications a year from 2024 to ``today``, driven through the services.

Builds on the units and personas (order 10). Every case goes through the real services, so the
ledger is lawful and statistics add up: registration by channel (Art. 31), some 补正 (corrected,
or lapsed → 其他处理 1), third-party consultations, extensions, fee notices (paid, or lapsed →
其他处理 2); each closed case has a reply letter drafted by the unit's 经办人, approved by its
单位负责人 (or the county office) and delivered; a few cases are overdue, the last weeks' are
still open (some with a letter awaiting approval); a few 行政复议 / 行政诉讼 are linked.

Deterministic (fixed seed, dates from ``today``). Idempotent: nothing is generated when cases
exist.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from gongkai.audit import services as audit
from gongkai.core.demo import demo_generator
from gongkai.foi import contributions, replies, services
from gongkai.foi.domain import letters as rules
from gongkai.foi.domain.contributions import default_due
from gongkai.foi.domain.events import Channel
from gongkai.foi.domain.letters import LetterState
from gongkai.foi.domain.outcomes import Outcome
from gongkai.foi.domain.stats import ApplicantType, ReviewKind, ReviewResult
from gongkai.foi.models import FoiRequest
from gongkai.foi.replies_models import DeliveryRecord, ReplyLetter
from gongkai.units.models import Membership, Unit, User
from gongkai.units.roles import Role
from gongkai.workdays.calendar import get_calendar

FIRST_YEAR = 2024
PER_YEAR = 250
# About one case in twelve needs another unit's information (协办).
CONTRIBUTION_SHARE = 0.08
CONTRIBUTION_QUESTIONS = (
    "请提供该项目的立项批复文件及文号，并说明是否已主动公开。",
    "请核实申请所涉信息是否由贵单位制作或保存，如是，请提供电子版。",
    "申请所涉资金由贵单位拨付，请提供资金拨付明细及相关文件。",
    "请就所涉信息公开后是否可能危及国家安全、公共安全、经济安全或社会稳定提出意见。",
    "请提供所涉规划的审批意见及公示情况。",
)
CONTRIBUTION_ANSWERS = (
    "经核实，相关文件由我单位保存，电子版已随本意见提供。",
    "经查，我单位未制作或保存申请所涉信息，建议按“本机关不掌握相关政府信息”处理。",
    "所涉文件已于政府信息公开网站主动公开，可告知申请人获取方式。",
    "经研究，所涉信息公开不会危及国家安全、公共安全、经济安全和社会稳定，同意公开。",
    "相关资金拨付明细已整理，见附件说明；个人信息部分已作区分处理。",
)
SEED = 20240101
FULL_DAYS = 90  # cases answered in the last 90 days go through every letter service

CHANNELS = (
    (Channel.ONLINE, 45),
    (Channel.IN_PERSON, 25),
    (Channel.REGISTERED_MAIL, 15),
    (Channel.ORDINARY_MAIL, 5),
    (Channel.EMAIL, 7),
    (Channel.FAX, 3),
)
APPLICANTS = (
    (ApplicantType.NATURAL_PERSON, 85),
    (ApplicantType.BUSINESS, 7),
    (ApplicantType.RESEARCH, 1),
    (ApplicantType.PUBLIC_WELFARE, 1),
    (ApplicantType.LEGAL_SERVICE, 4),
    (ApplicantType.OTHER, 2),
)
# Outcomes of cases answered on the merits (lapses come from the ledger path).
OUTCOMES = (
    (Outcome.DISCLOSED, 32),
    (Outcome.PARTIAL, 7),
    (Outcome.WITHHELD_THIRD_PARTY, 4),
    (Outcome.WITHHELD_PROCESS_INFO, 3),
    (Outcome.WITHHELD_INTERNAL_AFFAIRS, 1),
    (Outcome.WITHHELD_ENFORCEMENT_FILE, 1),
    (Outcome.WITHHELD_STATE_SECRET, 0.3),
    (Outcome.UNAVAILABLE_NOT_HELD, 28),
    (Outcome.UNAVAILABLE_NEEDS_CREATION, 4),
    (Outcome.NOT_HANDLED_PETITION, 5),
    (Outcome.NOT_HANDLED_REPEAT, 3),
    (Outcome.NOT_HANDLED_PUBLICATION, 1),
    (Outcome.NOT_HANDLED_EXCESSIVE, 0.5),
    (Outcome.NOT_HANDLED_CONFIRMATION, 0.5),
    (Outcome.OTHER_OTHER, 2),
)
# Receiving units (code, weight): the county office gets most, then land, housing, welfare.
UNITS = (
    ("xzfb", 22), ("zrzyj", 16), ("zjj", 12), ("chengguan", 8), ("mzj", 6), ("rsj", 6),
    ("fgw", 4), ("jyj", 4), ("nyncj", 4), ("wjw", 3), ("scjgj", 3), ("czj", 3), ("jtj", 2),
    ("hekou", 2), ("gaj", 2), ("slj", 2), ("sthjj", 2),
)  # fmt: skip
SUBJECTS = (
    "{year}年本单位部门预算和决算",
    "{place}房屋征收补偿安置方案",
    "{place}集体土地征收批复文件",
    "{place}老旧小区改造项目招标文件和中标通知书",
    "{year}年度低保对象名单及审核程序",
    "本人房屋拆迁评估报告",
    "{place}道路拓宽工程的立项批复",
    "{year}年农机购置补贴发放名单",
    "{place}垃圾中转站环境影响评价文件",
    "某企业行政处罚决定书",
    "{year}年公开招聘事业单位工作人员考试成绩及录用名单",
    "{place}高标准农田建设项目资金使用情况",
    "{year}年度政府信息公开工作年度报告所涉数据",
    "{place}学校划片招生范围的文件依据",
    "本人社会保险缴费记录的核定依据",
)
PLACES = ("城关镇", "河口镇", "周集镇", "新店镇", "马店镇", "城西湖乡", "临水镇", "龙潭镇")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰志红春"
COMPANIES = ("霍邱县某建材有限公司", "安徽某律师事务所", "某房地产开发有限公司", "某研究院")


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour - 8, 0, tzinfo=dt.UTC)


def _pick(rng: random.Random, table):
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights)[0]


@dataclass
class _Staff:
    handler: User
    leader: User


def _staff(units: dict[str, Unit], admin: User) -> dict[int, _Staff]:
    """The 经办人 drafts, the 单位负责人 approves (the county office when a unit has none)."""
    staff: dict[int, _Staff] = {}
    for unit in units.values():
        members = Membership.unscoped.filter(unit=unit, ended_on__isnull=True).select_related(
            "user"
        )
        by_role = {m.role: m.user for m in members}
        handler = by_role.get(Role.EDITOR) or by_role.get(Role.REVIEWER) or admin
        leader = by_role.get(Role.UNIT_LEADER)
        if leader is None or leader == handler:
            leader = admin if handler != admin else None
        if leader is not None:
            staff[unit.pk] = _Staff(handler, leader)
    return staff


class _Builder:
    def __init__(self, rng: random.Random, today: dt.date, staff, admin: User):
        self.rng, self.today, self.staff, self.admin = rng, today, staff, admin
        self.calendar = get_calendar()
        self.full_since = today - dt.timedelta(days=FULL_DAYS)
        self.templates = {o: replies.template_for(o) for o in Outcome}
        self.counts = {
            "closed": 0,
            "open": 0,
            "overdue": 0,
            "reviews": 0,
            "awaiting": 0,
            "contributions": 0,
        }
        self.units: list[Unit] = []

    def wd(self, day: dt.date, n: int) -> dt.date:
        return self.calendar.add_workdays(day, n) if n > 0 else day

    def register(self, unit: Unit, arrived: dt.date) -> FoiRequest:
        rng = self.rng
        channel = _pick(rng, CHANNELS)
        applicant_type = _pick(rng, APPLICANTS)
        confirmed = None
        if channel in (Channel.REGISTERED_MAIL, Channel.ORDINARY_MAIL, Channel.FAX, Channel.EMAIL):
            confirmed = min(self.wd(arrived, rng.choice((0, 0, 1))), self.today)
        if applicant_type is ApplicantType.NATURAL_PERSON:
            name = (
                rng.choice(SURNAMES)
                + rng.choice(GIVEN)
                + (rng.choice(GIVEN) * (rng.random() < 0.6))
            )
        else:
            name = rng.choice(COMPANIES)
        subject = rng.choice(SUBJECTS).format(year=arrived.year - 1, place=rng.choice(PLACES))
        return services.register_request(
            unit=unit,
            by=self.staff[unit.pk].handler,
            channel=channel,
            arrived_on=arrived,
            confirmed_on=confirmed,
            applicant_type=applicant_type,
            applicant_name=name,
            id_number=f"34152219{rng.randint(60, 99)}0{rng.randint(1, 9)}1{rng.randint(0, 2)}"
            f"{rng.randint(1000, 9999)}"
            if applicant_type is ApplicantType.NATURAL_PERSON
            else "",
            phone=f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}",
            address=f"安徽省六安市霍邱县{rng.choice(PLACES)}{rng.randint(1, 99)}号",
            description=subject,
            wanted_form=rng.choice(("paper", "electronic")),
            delivery=rng.choice(("post", "post", "pickup", "email", "online")),
            today=confirmed or arrived,
            now=_at(confirmed or arrived),
        )

    def reply(self, request: FoiRequest, outcome: Outcome, on: dt.date, *, close=True) -> None:
        staff = self.staff[request.unit_id]
        if close and on < self.full_since:
            self._historic_letter(request, outcome, on, staff)
            replies.close_with_reply(request, by=staff.handler, now=_at(on, 17))
            self.counts["closed"] += 1
            return
        draft_day = min(max(on - dt.timedelta(days=2), request.received_on), self.today)
        letter = replies.draft_letter(
            request, outcome=outcome, by=staff.handler, now=_at(draft_day)
        )
        replies.submit_letter(letter, by=staff.handler, now=_at(draft_day, 15))
        if not close:
            self.counts["awaiting"] += 1
            return
        replies.approve_letter(letter, by=staff.leader, today=on, now=_at(on, 9))
        method = self.rng.choice(("post", "post", "email", "pickup", "online"))
        replies.record_delivery(
            letter,
            method=method,
            delivered_on=on,
            tracking_number=f"11{self.rng.randint(10**10, 10**11 - 1)}" if method == "post" else "",
            email="applicant@example.com" if method == "email" else "",
            by=staff.handler,
            now=_at(on, 16),
        )
        replies.close_with_reply(request, by=staff.handler, now=_at(on, 17))
        self.counts["closed"] += 1

    def _historic_letter(self, request, outcome: Outcome, on: dt.date, staff: _Staff) -> None:
        """An approved, delivered letter written in one go (older cases; like an import, one
        audit entry), so the demo stays fast. Recent cases go through every letter service."""
        reply_type = rules.reply_type_choices(outcome)[0]
        template = self.templates[outcome]
        values = replies.letter_values(request, outcome, reply_type)
        sequence = replies._next_number(request.unit, on.year)
        letter = ReplyLetter.objects.create(
            request=request,
            outcome=outcome,
            reply_type=reply_type,
            title=rules.render(template.title, values),
            body=rules.render(template.body, values),
            state=LetterState.APPROVED,
            number=rules.format_letter_number(
                replies.letter_prefix(request.unit), on.year, sequence
            ),
            sequence=sequence,
            dated_on=on,
            drafted_by=staff.handler,
            drafted_at=_at(on - dt.timedelta(days=1)),
            submitted_at=_at(on - dt.timedelta(days=1), 15),
            approved_by=staff.leader,
            approved_at=_at(on, 9),
        )
        method = self.rng.choice(("post", "post", "email", "pickup", "online"))
        DeliveryRecord.objects.create(
            request=request,
            letter=letter,
            method=method,
            delivered_on=on,
            tracking_number=f"11{self.rng.randint(10**10, 10**11 - 1)}" if method == "post" else "",
            email="applicant@example.com" if method == "email" else "",
            by=staff.handler,
            at=_at(on, 16),
        )
        audit.record(
            action="foi.letter.approve",
            by=staff.leader,
            unit=request.unit,
            obj=request,
            after={"state": "approved", "number": letter.number, "delivered_on": on.isoformat()},
            reason="演示数据：历史答复书",
            at=_at(on, 9),
        )

    def case(self, unit: Unit, arrived: dt.date) -> None:
        rng, today = self.rng, self.today
        request = self.register(unit, arrived)
        received = request.received_on
        if received is None:
            return
        handler = self.staff[unit.pk].handler
        day = received
        roll = rng.random()
        outcome = _pick(rng, OUTCOMES)
        if roll < 0.09:  # 补正 within 7 working days, once (Art. 30)
            notice = self.wd(received, rng.randint(1, 4))
            until = self.wd(notice, 10)
            if notice > today:
                return self._open(request)
            services.send_correction_notice(
                request, on=notice, until=until, by=handler, now=_at(notice)
            )
            if rng.random() < 0.25:  # never corrected
                lapse = self.wd(until, 1)
                if lapse > today:
                    return self._open(request)
                return self.reply(request, Outcome.OTHER_NO_CORRECTION, lapse)
            corrected = self.wd(notice, rng.randint(2, 8))
            if corrected > today:
                return self._open(request)
            services.receive_correction(request, on=corrected, by=handler, now=_at(corrected))
            day = corrected
            if rng.random() < 0.15:
                outcome = Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION
        elif roll < 0.14:  # third-party or other-agency consultation (Arts. 32, 34)
            sent = self.wd(received, rng.randint(2, 6))
            answered = self.wd(sent, rng.randint(4, 14))
            if answered > today:
                return self._open(request)
            third = rng.random() < 0.7
            services.send_consultation(
                request, on=sent, third_party=third, by=handler, now=_at(sent)
            )
            services.receive_consultation_answer(
                request, on=answered, by=handler, now=_at(answered)
            )
            day = answered
            if third and rng.random() < 0.4:
                outcome = Outcome.WITHHELD_THIRD_PARTY
        elif roll < 0.16:  # fee notice (国办函〔2020〕109号)
            served = self.wd(received, rng.randint(3, 8))
            if rng.random() < 0.5:
                paid = self.wd(served, rng.randint(2, 10))
                if paid > today:
                    return self._open(request)
                services.send_fee_notice(request, on=served, by=handler, now=_at(served))
                services.record_fee_paid(request, on=paid, by=handler, now=_at(paid))
                day = paid
            else:
                lapse = self.wd(served, 21)
                if lapse > today:
                    return self._open(request)
                services.send_fee_notice(request, on=served, by=handler, now=_at(served))
                return self.reply(request, Outcome.OTHER_FEE_UNPAID, lapse)
        clock = services.clock_of(request, today=day)
        due = clock.due if clock is not None else None
        assert due is not None  # noqa: S101
        extended = rng.random() < 0.05
        if extended:
            approve_on = self.wd(day, 3)
            if approve_on <= min(due, today):
                services.approve_extension(
                    request, on=approve_on, by=self.staff[unit.pk].leader, now=_at(approve_on)
                )
                due = self.wd(due, 20)
                day = approve_on
        reply_on = self.wd(day, rng.randint(4, 16))
        if rng.random() < 0.02:
            reply_on = self.wd(due, rng.randint(1, 5))  # answered late
        reply_on = max(reply_on, day)
        if rng.random() < CONTRIBUTION_SHARE:
            self.contribution(request, asked=day, due=due, reply_on=reply_on)
        if reply_on > today:
            if reply_on <= self.wd(today, 8) and rng.random() < 0.5:
                self.reply(request, outcome, reply_on, close=False)  # letter awaiting approval
            return self._open(request)
        self.reply(request, outcome, reply_on)
        self._maybe_review(request, outcome, reply_on)

    def contribution(
        self, request: FoiRequest, *, asked: dt.date, due: dt.date, reply_on: dt.date
    ) -> None:
        """协办: another unit is asked for information; it answers before the reply, or the
        request is still pending (open cases) or withdrawn when the case closes."""
        rng = self.rng
        others = [u for u in self.units if u.pk != request.unit_id]
        if not others or asked > self.today:
            return
        unit = rng.choice(others)
        handler = self.staff[request.unit_id].handler
        due_on = default_due(today=asked, case_due=due, internal_due=None, calendar=self.calendar)
        row = contributions.ask_contribution(
            request,
            unit=unit,
            question=rng.choice(CONTRIBUTION_QUESTIONS),
            due_on=due_on,
            by=handler,
            now=_at(asked, 11),
        )
        self.counts["contributions"] += 1
        answered = self.wd(asked, rng.randint(1, 6))
        if answered <= self.today and answered < reply_on:
            contributions.answer_contribution(
                row,
                answer=rng.choice(CONTRIBUTION_ANSWERS),
                by=self.staff[unit.pk].handler,
                now=_at(answered, 15),
            )

    def _open(self, request: FoiRequest) -> None:
        self.counts["open"] += 1

    def _maybe_review(self, request: FoiRequest, outcome: Outcome, replied: dt.date) -> None:
        rng = self.rng
        if outcome in (Outcome.DISCLOSED, Outcome.PARTIAL) or rng.random() > 0.05:
            return
        filed = replied + dt.timedelta(days=rng.randint(10, 55))
        if filed > self.today:
            return
        kind = _pick(
            rng,
            (
                (ReviewKind.REVIEW, 7),
                (ReviewKind.LITIGATION_DIRECT, 2),
                (ReviewKind.LITIGATION_AFTER_REVIEW, 1),
            ),
        )
        body = "霍邱县人民政府" if kind is ReviewKind.REVIEW else "霍邱县人民法院"
        if request.unit.is_county_level:
            body = "六安市人民政府" if kind is ReviewKind.REVIEW else "六安市中级人民法院"
        review = replies.record_review_case(
            request, kind=kind, filed_on=filed, body=body, by=self.admin, now=_at(filed)
        )
        self.counts["reviews"] += 1
        decided = filed + dt.timedelta(days=rng.randint(40, 120))
        if decided <= self.today:
            result = _pick(
                rng,
                ((ReviewResult.UPHELD, 7), (ReviewResult.CORRECTED, 2), (ReviewResult.OTHER, 1)),
            )
            replies.decide_review_case(
                review, result=result, decided_on=decided, by=self.admin, now=_at(decided)
            )


def _arrival_days(rng: random.Random, year: int, count: int, last: dt.date, calendar) -> list:
    first = dt.date(year, 1, 2)
    span = (last - first).days
    days = []
    for _ in range(count):
        day = first + dt.timedelta(days=rng.randint(0, span))
        if not calendar.is_workday(day) and rng.random() > 0.1:  # online arrives any day
            day = calendar.add_workdays(day, 1)
        days.append(min(day, last))
    return sorted(days)


@demo_generator("foi", "依申请公开（申请、答复书、送达、复议诉讼）", order=45)
def generate_foi(*, scale: str, today: dt.date, stdout) -> list[str]:
    if FoiRequest.unscoped.exists():
        return ["依申请公开：已有申请，未重复生成"]
    admin = User.objects.filter(username="county_admin", is_active=True).first()
    if admin is None:
        return ["依申请公开：缺少演示人员 county_admin，未生成"]
    units = {u.code: u for u in Unit.unscoped.filter(code__in=[c for c, _ in UNITS])}
    staff = _staff(units, admin)
    table = tuple((units[c], w) for c, w in UNITS if c in units and units[c].pk in staff)
    if not table:
        return ["依申请公开：缺少演示单位，未生成"]
    rng = random.Random(SEED)  # noqa: S311 (demo data)
    builder = _Builder(rng, today, staff, admin)
    builder.units = [u for u, _ in table]
    calendar = builder.calendar
    last_arrival = today - dt.timedelta(days=1)
    for year in range(FIRST_YEAR, today.year + 1):
        end = min(dt.date(year, 12, 31), last_arrival)
        share = ((end - dt.date(year, 1, 1)).days + 1) / 365
        count = round(PER_YEAR * share)
        for arrived in _arrival_days(rng, year, count, end, calendar):
            builder.case(_pick(rng, table), arrived)
    # A few cases nobody answered in time: received 25–35 working days ago, still open.
    overdue = 0
    for offset in (25, 28, 31, 35):
        arrived, counted = today, 0
        while counted < offset:
            arrived -= dt.timedelta(days=1)
            counted += calendar.is_workday(arrived)
        unit = _pick(rng, table)
        request = builder.register(unit, arrived)
        if request.received_on is not None:
            overdue += 1
    # For the personas: a 城关镇 letter drafted by cg_editor waiting for cg_leader's approval.
    chengguan = units.get("chengguan")
    if chengguan is not None and chengguan.pk in staff:
        arrived = today - dt.timedelta(days=6)
        request = builder.register(chengguan, arrived)
        if request.received_on is not None:
            builder.reply(request, Outcome.DISCLOSED, today, close=False)
            builder.counts["open"] += 1
        # …and a case of theirs on which 县发改委 (fgw_editor, fgw_reviewer) is asked to help.
        fgw = units.get("fgw")
        arrived = calendar.add_workdays(today - dt.timedelta(days=10), 1)
        request = builder.register(chengguan, min(arrived, today))
        clock = services.clock_of(request, today=today)
        if fgw is not None and fgw.pk in staff and clock is not None and clock.due is not None:
            contributions.ask_contribution(
                request,
                unit=fgw,
                question=CONTRIBUTION_QUESTIONS[0],
                due_on=default_due(
                    today=today, case_due=clock.due, internal_due=None, calendar=calendar
                ),
                by=staff[chengguan.pk].handler,
                now=_at(today, 9),
            )
            builder.counts["contributions"] += 1
        builder.counts["open"] += 1
    counts = builder.counts
    return [
        f"依申请公开：{FoiRequest.unscoped.count()} 件申请（{FIRST_YEAR}—{today.year}年），"
        f"已办结 {counts['closed']} 件，办理中 {counts['open'] + overdue} 件"
        f"（其中超期 {overdue} 件、答复书待签发 {counts['awaiting']} 件），"
        f"行政复议、行政诉讼 {counts['reviews']} 件，请求协办 {counts['contributions']} 次",
        f"  统计：python manage.py foi_stats --year {today.year - 1}",
    ]
