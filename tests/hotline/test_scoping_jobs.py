"""Who sees a ticket (centre, 主办, 协办, county-wide readers) and the reminders job."""

from __future__ import annotations

import pytest

from gongkai.core.jobs import registered_jobs
from gongkai.core.models import Notice
from gongkai.hotline import jobs, reception, services
from gongkai.hotline.models import KnowledgeEntry, Ticket, TicketEvent
from gongkai.units.scoping import ScopeError, system_scope
from gongkai.units.selectors import scope_for_user
from tests.hotline.conftest import at

pytestmark = pytest.mark.django_db

SEES = {
    "operator": True,  # the 12345 centre
    "township_editor": True,  # 主办 (城关镇)
    "township_leader": True,
    "dept_reviewer": True,  # 协办 (县发改委)
    "county_admin": True,  # county office, county-wide
    "observer": True,  # county leader, read-only county-wide
    "other_reviewer": False,  # 河口镇
    "legal_reviewer": False,
}


@pytest.fixture
def assisted(county, accept):
    ticket = accept()
    services.dispatch(
        ticket, unit=county.chengguan, assists=[county.fgw], by=county.operator, now=at(9, 29, 10)
    )
    return ticket


@pytest.mark.parametrize(("persona", "sees"), SEES.items())
def test_ticket_scope(county, assisted, persona, sees):
    with scope_for_user(getattr(county, persona)):
        assert Ticket.objects.filter(pk=assisted.pk).exists() is sees
        assert Ticket.objects.count() == (1 if sees else 0)  # one row, not one per unit
        assert TicketEvent.objects.filter(ticket=assisted).exists() is sees


def test_returned_then_redispatched_leaves_the_first_unit_blind(county, assisted):
    services.sign(assisted, by=county.township_editor, now=at(9, 30))
    services.return_ticket(
        assisted, reason="非本镇职责", by=county.township_editor, now=at(9, 30, 10)
    )
    services.redispatch(assisted, unit=county.hekou, by=county.operator, now=at(9, 30, 11))
    with scope_for_user(county.township_editor):
        assert not Ticket.objects.exists()
    with scope_for_user(county.other_reviewer):
        assert Ticket.objects.get().pk == assisted.pk


def test_no_scope_raises(assisted):
    with pytest.raises(ScopeError):
        list(Ticket.objects.all())


def test_knowledge_entries_scoped_by_unit(county, now):
    from gongkai.hotline import knowledge

    knowledge.save_knowledge_entry(
        unit=county.chengguan, question="问", answer="答", by=county.township_editor, now=now
    )
    with scope_for_user(county.other_reviewer):
        assert not KnowledgeEntry.objects.exists()
    with scope_for_user(county.township_editor):
        assert KnowledgeEntry.objects.count() == 1
    from gongkai.units.errors import NotAllowed

    with pytest.raises(NotAllowed):
        knowledge.save_knowledge_entry(
            unit=county.chengguan, question="问", answer="答", by=county.other_reviewer, now=now
        )


# ---------------------------------------------------------------- the reminders job


def test_job_is_registered():
    assert "hotline.reminders" in {job.name for job in registered_jobs()}


def test_reminder_before_the_sign_deadline_is_sent_once(county, assisted, system):
    now = at(9, 30, 9)  # sign-for due 09-30 17:30
    report = jobs.remind(today=now.date(), now=now, dry_run=True)
    assert report.messages and not Notice.objects.exists()
    jobs.remind(today=now.date(), now=now, dry_run=False)
    jobs.remind(today=now.date(), now=now, dry_run=False)
    assert Notice.objects.filter(kind="hotline.remind", user=county.township_editor).count() == 1


def test_overdue_is_urged_once_per_deadline(county, assisted, system):
    now = at(10, 8, 9)
    jobs.remind(today=now.date(), now=now, dry_run=False)
    jobs.remind(today=now.date(), now=at(10, 9, 9), dry_run=False)
    ticket = Ticket.unscoped.get(pk=assisted.pk)
    assert ticket.urge_count == 1
    assert TicketEvent.unscoped.filter(ticket=ticket, kind="urge", by__isnull=True).count() == 1
    assert Notice.objects.filter(kind="hotline.urge", user=county.township_editor).exists()


def test_county_office_told_when_supervision_is_due(county, assisted, system):
    services.sign(assisted, by=county.township_editor, now=at(9, 30))
    now = at(10, 27, 9)  # reply due 10-19 → 6 working days late
    jobs.remind(today=now.date(), now=now, dry_run=False)
    assert Notice.objects.filter(kind="hotline.supervise_due", user=county.county_admin).exists()


def test_closed_and_merged_tickets_are_left_alone(county, accept, system):
    first = accept()
    dup = accept(now=at(9, 29, 11))
    reception.merge_ticket(dup, into=first, by=county.operator, now=at(9, 29, 12))
    with system_scope("test"):
        report = jobs.remind(today=at(11, 2).date(), now=at(11, 2), dry_run=False)
    assert report.changed == 0
