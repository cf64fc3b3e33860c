"""Demo: a county's 12345 tickets (issue #6 "Demo"), written in bulk.

Scale ``small``: about 2,000 tickets over the last 3 months; ``county-year``: 110,000 over a
year. Mix: 咨询 ~45 %, 投诉 ~25 %, 求助 ~15 %, 建议/举报/表扬 the rest; subjects and their
units from gongkai/hotline/demo_texts.py (a few big departments and townships take most);
texts from templates per subject, so the routing suggestion can learn who handles what.

Each ticket's life is simulated as a list of domain events (受理, 派单, 签收, 退单 and 重新派单,
延期, 答复, 审核, 回访, 重办, 催办…) with realistic delays; events later than *now* are cut,
so recent tickets stay open in every state. The stored deadlines and on-time flags come from
the domain clock (:func:`~gongkai.hotline.domain.clocks.compute_clock`) over those events, which
is what the services store event by event; tickets, events and returned assignments are then
written with ``bulk_create`` (the services are not called 110,000 times). No audit entries are
written for this generated history.

Deterministic (fixed seed, relative to ``today``). Idempotent: when tickets exist, nothing is
generated.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from gongkai.core.demo import demo_generator
from gongkai.foi import crypto
from gongkai.hotline import demo_texts as texts
from gongkai.hotline import routing_model
from gongkai.hotline.domain.clocks import SHANGHAI, Clock, ClockPolicy, compute_clock, deadline
from gongkai.hotline.domain.routing import normalize_phone
from gongkai.hotline.domain.states import Category as Kind
from gongkai.hotline.domain.states import Event, EventKind, Satisfaction, State
from gongkai.hotline.models import (
    Category,
    KnowledgeEntry,
    Ticket,
    TicketEvent,
    TicketSequence,
    policy_from_snapshot,
)
from gongkai.hotline.models_rates import ReturnedAssignment
from gongkai.hotline.services import PHONE_PURPOSE
from gongkai.units import demo_data
from gongkai.units.models import Unit, User
from gongkai.units.scoping import system_scope
from gongkai.workdays.calendar import get_calendar
from gongkai.workdays.domain.engine import WorkCalendar

K = EventKind
SCALES = {"small": (2_000, 92), "county-year": (110_000, 365)}
KIND_WEIGHTS = {
    Kind.CONSULT: 45,
    Kind.COMPLAINT: 25,
    Kind.HELP: 15,
    Kind.SUGGESTION: 6,
    Kind.REPORT: 5,
    Kind.PRAISE: 4,
}
CENTRE_CODE = "sjzyj"
BATCH = 4_000
HOT_SPOT = ("城关镇锦绣花园", "water", "城关镇锦绣花园小区突然停水，没有提前通知，居民生活受影响。")

# Probabilities of the simulated life (demo values).
P_DIRECT = 0.2  # 咨询 answered at once from the knowledge base
P_WRONG_UNIT = 0.04  # dispatched to a unit that returns it
P_SIGN_LATE = 0.06
P_EXTENSION = 0.03
P_REPLY_LATE = 0.09
P_SEND_BACK = 0.05
P_REDO = 0.5  # of 不满意
SATISFACTION_WEIGHTS = ((Satisfaction.SATISFIED, 74), (Satisfaction.BASICALLY_SATISFIED, 17))
SATISFACTION_WEIGHTS += ((Satisfaction.DISSATISFIED, 9),)


@dataclass
class Plan:
    """One generated ticket before it is written."""

    kind: Kind
    urgent: bool
    accepted_at: dt.datetime
    subject: texts.Subject | None
    unit: str  # the right handling unit's code
    content: str
    address: str
    events: list[Event] = field(default_factory=list)
    # (event index of the 退单, clock just after it) per return
    returns: list[tuple[int, Clock]] = field(default_factory=list)


def _hours(rng: random.Random, low: float, high: float) -> dt.timedelta:
    return dt.timedelta(hours=rng.uniform(low, high))


def _choose(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class Simulator:
    """Builds the event list of a ticket's life up to ``now`` with the domain rules."""

    def __init__(
        self, rng: random.Random, calendar: WorkCalendar, now: dt.datetime, units: dict[str, str]
    ) -> None:
        self.rng, self.calendar, self.now = rng, calendar, now
        self.units = units  # code → the name used in events
        self.codes = sorted(units)

    def clock(self, plan: Plan, policy: ClockPolicy) -> Clock:
        return compute_clock(plan.events, self.calendar, now=self.now, policy=policy)

    def _add(self, plan: Plan, event: Event) -> bool:
        """Append ``event`` unless it lies after now (the ticket then stays open)."""
        if event.at > self.now:
            return False
        plan.events.append(event)
        return True

    def run(self, plan: Plan, policy: ClockPolicy) -> None:
        rng, t = self.rng, plan.accepted_at
        self._add(plan, Event(K.ACCEPT, t, category=plan.kind, urgent=plan.urgent))
        if plan.kind is Kind.CONSULT and rng.random() < P_DIRECT:
            self._add(plan, Event(K.ANSWER_DIRECTLY, t + _hours(rng, 0.03, 0.2)))
            return
        t += _hours(rng, 0.05, 0.3) if plan.urgent else _hours(rng, 0.1, 1.5)
        unit = plan.unit
        if rng.random() < P_WRONG_UNIT:
            wrong = rng.choice([c for c in self.codes if c != plan.unit])
            if not self._add(plan, Event(K.DISPATCH, t, unit=self.units[wrong])):
                return
            t = self._sign(plan, policy, t) if rng.random() < 0.3 else t
            if t is None:
                return
            t += _hours(rng, 0.5, 8)
            if not self._add(plan, Event(K.RETURN, t, reason="经核实不属于本单位职责范围")):
                return
            plan.returns.append((len(plan.events) - 1, self.clock(plan, policy)))
            t += _hours(rng, 0.5, 20)
        if not self._add(plan, Event(K.DISPATCH, t, unit=self.units[unit])):
            return
        dispatched, t = t, self._sign(plan, policy, t)
        if t is not None:
            self._handle(plan, policy, t, dispatched=dispatched, first=True)

    def _sign(self, plan: Plan, policy: ClockPolicy, t: dt.datetime) -> dt.datetime | None:
        rng = self.rng
        sign_limit = policy.urgent_sign_for if plan.urgent else policy.sign_for
        due = deadline(self.calendar, t, sign_limit, policy)
        late = rng.random() < P_SIGN_LATE
        at = due + _hours(rng, 0.5, 30) if late else t + (due - t) * rng.uniform(0.02, 0.6)
        return at if self._add(plan, Event(K.SIGN, at)) else None

    def _handle(
        self,
        plan: Plan,
        policy: ClockPolicy,
        t: dt.datetime,
        *,
        dispatched: dt.datetime,
        first: bool,
    ):
        rng = self.rng
        limit = policy.reply_limit(plan.kind, plan.urgent)
        if first and not plan.returns and not limit.hours:
            # The reply clock of a first dispatch: the clock's rule without replaying it.
            due, may_extend = deadline(self.calendar, dispatched, limit, policy), True
        else:
            clock = self.clock(plan, policy)
            due, may_extend = clock.reply_due, clock.extensions < policy.max_extensions
        assert due is not None  # noqa: S101 - dispatched
        if may_extend and rng.random() < P_EXTENSION and due - t > dt.timedelta(hours=4):
            ask = t + (due - t) * rng.uniform(0.3, 0.8)
            until = self.calendar.add_workdays(due.astimezone(SHANGHAI).date(), 5)
            reason = "涉及多个部门协调，需进一步调查核实"
            if not self._add(plan, Event(K.REQUEST_EXTENSION, ask, reason=reason, until=until)):
                return
            t = ask + _hours(rng, 0.5, 6)
            if rng.random() < 0.85:
                ok = self._add(plan, Event(K.APPROVE_EXTENSION, t))
            else:
                ok = self._add(plan, Event(K.REFUSE_EXTENSION, t, reason="理由不充分"))
            if not ok:
                return
            due = self.clock(plan, policy).reply_due
            assert due is not None  # noqa: S101
        late = rng.random() < P_REPLY_LATE or due <= t
        if late:
            at = max(due, t) + _hours(rng, 1, 96)
            urge_at = due + _hours(rng, 0.2, 0.9)
            if (
                rng.random() < 0.6
                and t < urge_at < at
                and not self._add(plan, Event(K.URGE, urge_at))
            ):
                return
        else:
            at = t + (due - t) * rng.uniform(0.15, 0.95)
        if not self._add(plan, Event(K.REPLY, at)):
            return
        t = at + _hours(rng, 0.5, 8)
        if rng.random() < P_SEND_BACK:
            reason = "答复内容未针对诉求，请补充处理结果"
            if not self._add(plan, Event(K.SEND_BACK_REPLY, t, reason=reason)):
                return
            t += _hours(rng, 2, 30)
            if not self._add(plan, Event(K.REPLY, t)):
                return
            t += _hours(rng, 0.5, 4)
        if not self._add(plan, Event(K.ACCEPT_REPLY, t)):
            return
        t += _hours(rng, 2, 40)
        if plan.kind is Kind.PRAISE:
            sat = Satisfaction.SATISFIED
        else:
            sat = rng.choices(*zip(*SATISFACTION_WEIGHTS, strict=True))[0]
        p_resolved = {Satisfaction.SATISFIED: 0.95, Satisfaction.BASICALLY_SATISFIED: 0.75}
        resolved = rng.random() < p_resolved.get(sat, 0.2)
        if not self._add(plan, Event(K.CALLBACK, t, satisfaction=sat, resolved=resolved)):
            return
        if sat is not Satisfaction.DISSATISFIED:
            return
        t += _hours(rng, 1, 24)
        if first and rng.random() < P_REDO:
            if self._add(plan, Event(K.REDO, t, reason="群众反映问题未实际解决，不满意理由成立")):
                self._handle(plan, policy, t, dispatched=dispatched, first=False)
        else:
            self._add(plan, Event(K.CLOSE, t, reason="诉求超出政策规定，已做好解释"))


def _policy_snapshots() -> dict[tuple[Kind, bool], dict]:
    from gongkai.hotline.reception import current_policy_snapshot

    return {(k, u): current_policy_snapshot(k, u) for k in Kind for u in (False, True)}


def _arrivals(rng: random.Random, n: int, days: int, now: dt.datetime) -> list[dt.datetime]:
    """``n`` acceptance times over the ``days`` before ``now``: fewer at weekends and at night,
    a little more in summer (water, power) so the monthly trend is not flat."""
    first = (now - dt.timedelta(days=days)).date()
    day_weights = []
    for i in range(days):
        d = first + dt.timedelta(days=i + 1)
        w = 0.7 if d.weekday() >= 5 else 1.0
        w *= 1.15 if d.month in (6, 7, 8) else (0.9 if d.month in (1, 2) else 1.0)
        day_weights.append((d, w))
    days_drawn = rng.choices([d for d, _ in day_weights], [w for _, w in day_weights], k=n)
    hours = list(range(24))
    hour_weights = [1, 1, 1, 1, 1, 1, 2, 5, 9, 10, 10, 9, 6, 7, 9, 10, 9, 8, 6, 5, 4, 3, 2, 1]
    out = []
    for d in days_drawn:
        h = rng.choices(hours, hour_weights)[0]
        at = dt.datetime.combine(d, dt.time(h), tzinfo=SHANGHAI) + dt.timedelta(
            seconds=rng.randrange(3600)
        )
        out.append(min(at, now - dt.timedelta(minutes=5)))
    return sorted(out)


def _text(rng: random.Random, subject: texts.Subject, kind: Kind, township: str) -> tuple[str, str]:
    village = rng.choice(texts.VILLAGES)
    estate = rng.choice(texts.ESTATES)
    street = rng.choice(texts.STREETS)
    community = rng.choice(texts.COMMUNITIES)
    shop = rng.choice(texts.SHOPS)
    pool = subject.asks if kind in (Kind.CONSULT, Kind.SUGGESTION) else subject.problems
    template = rng.choice(pool)
    content = template.format(
        township=township,
        village=village,
        estate=estate,
        street=street,
        community=community,
        shop=shop,
    )
    if kind is Kind.SUGGESTION:
        content = "建议：" + content + "希望相关部门研究改进。"
    elif kind is Kind.REPORT:
        content = "举报：" + content
    if "{township}" in template and "{village}" in template:
        address = f"{township}{village}"
    elif "{estate}" in template:
        address = f"城关镇{estate}"
    elif "{street}" in template:
        address = f"城关镇{street}"
    elif "{community}" in template:
        address = f"城关镇{community}"
    elif "{township}" in template:
        address = township
    else:
        address = ""
    return content, address


def plan_tickets(
    *, n: int, days: int, now: dt.datetime, seed: int = 12345, hot_spot: int = 0
) -> list[Plan]:
    """The tickets' subjects, texts and acceptance times (before their lives are simulated)."""
    rng = random.Random(seed)  # noqa: S311 (demo data)
    subjects = list(texts.SUBJECTS)
    weights = [s.weight for s in subjects]
    towns = list(texts.TOWNSHIP_WEIGHTS)
    town_weights = list(texts.TOWNSHIP_WEIGHTS.values())
    plans = []
    for at in _arrivals(rng, n, days, now):
        kind = _choose(rng, KIND_WEIGHTS)
        subject = rng.choices(subjects, weights)[0]
        township = rng.choices(towns, town_weights)[0]
        unit = subject.unit
        if unit == texts.TOWNSHIP:
            unit = demo_data.TOWNSHIP_CODES[township]
        if kind is Kind.PRAISE:
            content, address = rng.choice(texts.PRAISE).format(unit="{unit}"), ""
        else:
            content, address = _text(rng, subject, kind, township)
        urgent = kind in (Kind.HELP, Kind.REPORT) and rng.random() < 0.05
        plans.append(Plan(kind, urgent, at, subject, unit, content, address))
    for i in range(hot_spot):  # this week's 停水 at one estate: a hot spot on the board
        at = now - dt.timedelta(hours=6 + i * 3)
        place, unit, content = HOT_SPOT
        plans.append(Plan(Kind.HELP, False, at, None, unit, content, place))
    return sorted(plans, key=lambda p: p.accepted_at)


def _unit_users() -> dict[tuple[str, str], int]:
    """(unit code, e|r|l) → user id of the demo staff (gongkai/units/demo.py)."""
    out = {}
    for username, pk in User.objects.filter(username__regex=r"_[erl]$").values_list(
        "username", "pk"
    ):
        code, _, suffix = username.rpartition("_")
        out[(code, suffix)] = pk
    return out


_CENTRE_EVENTS = frozenset(
    {
        K.ACCEPT,
        K.ANSWER_DIRECTLY,
        K.DISPATCH,
        K.APPROVE_EXTENSION,
        K.REFUSE_EXTENSION,
        K.ACCEPT_REPLY,
        K.SEND_BACK_REPLY,
        K.CALLBACK,
        K.REDO,
        K.CLOSE,
        K.URGE,
    }
)


def build(
    *,
    n: int,
    days: int,
    now: dt.datetime,
    hot_spot: int = 0,
    seed: int = 12345,
) -> dict[str, int]:
    """Generate and write ``n`` tickets accepted over the ``days`` before ``now`` (only for the
    subjects whose unit exists); returns counts."""
    units = {u.code: u for u in Unit.unscoped.all()}
    centre = units[CENTRE_CODE]
    names = {code: (u.short_name or u.name) for code, u in units.items()}
    codes = {c for s in texts.SUBJECTS for c in [s.unit] if c != texts.TOWNSHIP}
    codes |= {demo_data.TOWNSHIP_CODES[t] for t in texts.TOWNSHIP_WEIGHTS}
    codes &= set(units)
    by_name = {names[c]: units[c] for c in codes}
    calendar = get_calendar()
    seeded = random.Random(2026)  # noqa: S311 (demo data)
    sim = Simulator(seeded, calendar, now, {c: names[c] for c in codes})
    snapshots = _policy_snapshots()
    policies = {key: policy_from_snapshot(s) for key, s in snapshots.items()}
    categories = {c.code: c for c in Category.objects.all()}
    users = _unit_users()
    operator = User.objects.filter(username="operator").values_list("pk", flat=True).first()
    rng = random.Random(7)  # noqa: S311 (demo data)
    plans = plan_tickets(n=n, days=days, now=now, seed=seed, hot_spot=hot_spot)
    plans = [p for p in plans if p.unit in codes]
    adapt = connection.ops.adapt_datetimefield_value
    per_day: Counter = Counter()
    totals: Counter = Counter()
    for start in range(0, len(plans), BATCH):
        chunk = plans[start : start + BATCH]
        tickets, lives = [], []
        for plan in chunk:
            if plan.kind is Kind.PRAISE:
                plan.content = plan.content.format(unit=names[plan.unit])
            policy = policies[(plan.kind, plan.urgent)]
            sim.run(plan, policy)
            clock = sim.clock(plan, policy)
            day = plan.accepted_at.astimezone(SHANGHAI).date()
            per_day[day] += 1
            anonymous = rng.random() < 0.15
            phone = "" if anonymous else f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
            name = "" if anonymous else rng.choice(demo_data.SURNAMES) + rng.choice("先生女士")
            ticket = Ticket(
                number=f"{day:%Y%m%d}-{per_day[day]:04d}",
                centre=centre,
                channel=rng.choices(["phone", "web", "wechat", "app"], [70, 10, 15, 5])[0],
                anonymous=anonymous,
                caller_name=name,
                caller_phone=phone,
                phone_digest=crypto.digest(normalize_phone(phone), purpose=PHONE_PURPOSE)
                if phone
                else "",
                kind=str(plan.kind),
                category=categories.get(plan.subject.category) if plan.subject else None,
                title=plan.content[:30],
                content=plan.content,
                address=plan.address,
                urgent=plan.urgent,
                policy=snapshots[(plan.kind, plan.urgent)],
                accepted_at=plan.accepted_at,
                accepted_by_id=operator,
            )
            _store_clock(ticket, clock, by_name, plan)
            tickets.append(ticket)
            lives.append((plan, clock))
            totals[clock.state] += 1
        Ticket.unscoped.bulk_create(tickets, batch_size=1000)
        events, returned = [], []
        for ticket, (plan, _clock) in zip(tickets, lives, strict=True):
            events += _events(ticket, plan, centre, by_name, users, operator, adapt)
            for index, at_return in plan.returns:
                unit = by_name[at_return.unit]
                returned.append(
                    ReturnedAssignment(
                        ticket=ticket,
                        unit=unit,
                        dispatched_at=at_return.dispatched_at,
                        sign_due=at_return.sign_due,
                        signed_at=at_return.signed_at,
                        sign_on_time=at_return.signed_on_time,
                        returned_at=plan.events[index].at,
                    )
                )
        _insert_events(events)
        ReturnedAssignment.unscoped.bulk_create(returned, batch_size=1000)
        totals["events"] += len(events)
        totals["returned"] += len(returned)
    TicketSequence.objects.bulk_create(
        [TicketSequence(day=d, last_value=v) for d, v in per_day.items()], ignore_conflicts=True
    )
    totals["knowledge"] = _knowledge(units, now)
    totals["tickets"] = len(plans)
    return dict(totals)


def _store_clock(ticket: Ticket, clock: Clock, by_name: dict[str, Unit], plan: Plan) -> None:
    """The ticket fields the services store from the domain clock (services._FROM_CLOCK)."""
    ticket.state = str(clock.state)
    if clock.unit:
        ticket.handling_unit = by_name[clock.unit]
    for name, attr in (
        ("dispatched_at", "dispatched_at"),
        ("sign_due", "sign_due"),
        ("signed_at", "signed_at"),
        ("sign_on_time", "signed_on_time"),
        ("reply_due", "reply_due"),
        ("replied_at", "replied_at"),
        ("reply_on_time", "reply_on_time"),
        ("callback_due", "callback_due"),
        ("callback_at", "callback_at"),
        ("callback_on_time", "callback_on_time"),
        ("closed_at", "closed_at"),
        ("extension_count", "extensions"),
        ("return_count", "returns"),
        ("redo_count", "redos"),
        ("urge_count", "urges"),
        ("supervise_count", "supervisions"),
    ):
        setattr(ticket, name, getattr(clock, attr))
    if clock.satisfaction is not None:
        ticket.satisfaction = str(clock.satisfaction)
        ticket.resolved = clock.resolved
        ticket.callback_note = "已电话回访。"
    if clock.state is State.RETURNED:
        ticket.returned_at = plan.events[plan.returns[-1][0]].at
    if clock.state is State.EXTENSION_PENDING:
        ticket.extension_requested_until = plan.events[-1].until
    if clock.replied_at is not None or clock.state is State.CLOSED:
        unit = clock.unit or "热线中心"
        ticket.reply = f"经{unit}核实处理，已按规定答复来电人：{plan.content[:20]}……"


def _events(ticket, plan: Plan, centre: Unit, by_name, users, operator, adapt) -> list[tuple]:
    """The ticket's log rows (ticket_id, kind, at, by_id, unit_id, note, payload) with the
    payloads the services write."""
    out = []
    unit: Unit | None = None
    for event in plan.events:
        payload: dict = {}
        if event.kind is K.ACCEPT:
            payload = {"kind": str(plan.kind), "urgent": plan.urgent}
        elif event.kind is K.DISPATCH:
            unit = by_name[event.unit]
            payload = {"unit_id": unit.pk, "assists": [], "unit": event.unit}
        elif event.kind is K.REQUEST_EXTENSION and event.until:
            payload = {"until": event.until.isoformat()}
        elif event.kind is K.CALLBACK and event.satisfaction is not None:
            payload = {"satisfaction": str(event.satisfaction), "resolved": event.resolved}
        if event.kind in _CENTRE_EVENTS:
            by, at_unit = operator, centre
        else:
            role = "l" if event.kind is K.REPLY else "e"
            by, at_unit = users.get((unit.code, role)) if unit else None, unit
        row = (ticket.pk, str(event.kind), adapt(event.at), by, at_unit.pk if at_unit else None)
        out.append((*row, event.reason, json.dumps(payload, ensure_ascii=False)))
    return out


def _insert_events(rows: list[tuple]) -> None:
    """INSERT the log rows directly: Django's bulk_create spends most of the demo's time
    preparing 700,000 field values one by one."""
    table = TicketEvent._meta.db_table
    sql = (
        f'INSERT INTO "{table}" ("ticket_id", "kind", "at", "by_id", "unit_id", "note", "payload") '  # noqa: S608 - fixed names
        "VALUES (%s, %s, %s, %s, %s, %s, %s)"
    )
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[i : i + 5000])


def _knowledge(units: dict[str, Unit], now: dt.datetime) -> int:
    rows = []
    for code, entries in texts.KNOWLEDGE.items():
        if code not in units:
            continue
        for question, answer, keywords in entries:
            rows.append(
                KnowledgeEntry(
                    unit=units[code],
                    question=question,
                    answer=answer,
                    keywords=keywords,
                    source="演示数据",
                    created_at=now - dt.timedelta(days=200),
                    updated_at=now - dt.timedelta(days=30),
                )
            )
    KnowledgeEntry.unscoped.bulk_create(rows)
    return len(rows)


def _link_hot_spot(now: dt.datetime, pairs: int = 5) -> int:
    """The operator links the first calls about this week's 停水 (through the service, so the
    links are logged and audited as in real use)."""
    from gongkai.hotline import links

    operator = User.objects.filter(username="operator").first()
    if operator is None:
        return 0
    with system_scope("demo: the operator links the hot spot's calls"):
        calls = list(Ticket.unscoped.filter(content=HOT_SPOT[2]).order_by("accepted_at", "pk"))
        for other in calls[1 : pairs + 1]:
            links.link_tickets(
                calls[0], number=other.number, note="同一小区停水，多人反映", by=operator, now=now
            )
    return max(0, min(pairs, len(calls) - 1))


@demo_generator("hotline", "12345热线工单", order=50)
def generate_hotline(*, scale: str, today: dt.date, stdout) -> list[str]:
    if Ticket.unscoped.exists():
        return ["12345热线：已有工单，未重复生成。"]
    n, days = SCALES[scale]
    now = min(timezone.now(), dt.datetime.combine(today, dt.time(18), tzinfo=SHANGHAI))
    totals = build(n=n, days=days, now=now, hot_spot=25 if scale == "small" else 60)
    open_count = totals["tickets"] - totals.get(State.CLOSED, 0)
    linked = _link_hot_spot(now)
    # The operators' 派单建议 comes from the trained model; the daily job keeps it current.
    with system_scope("demo: the routing suggestion learns from every dispatch"):
        _, learned = routing_model.retrain(today=today)
    return [
        f"12345热线：工单 {totals['tickets']} 件（未办结 {open_count} 件），事件 {totals['events']} 条，"
        f"退单 {totals['returned']} 次，知识库条目 {totals['knowledge']} 条，关联工单 {linked} 对；"
        f"派单建议模型已从 {learned} 件历史派单中学习。"
    ]
