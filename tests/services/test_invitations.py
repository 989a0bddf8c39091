"""Invitations: one and many (CSV), the lifecycle, the deadline gate on the link, extend / resend /
revoke with their audit trail, and the reminder schedule."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from app.consent import notice_version
from app.db import session_scope
from app.db_types import utcnow
from app.errors import Conflict, Invalid
from app.models import AuditEvent, Candidate, Interview, InterviewStatus, Job, OutboxMessage, User
from app.services.interview import rows as interview_rows
from app.services.invitations import accept, actions, invite, reminders
from app.services.invitations.csv_rows import parse_csv
from app.services.invitations.lifecycle import EXPIRED_MESSAGE, REVOKED_MESSAGE, Stage
from tests.support.factories import make_admin, make_job

pytestmark = pytest.mark.usefixtures('database')
HOURS = [48.0, 4.0]


def setup_job() -> tuple[User, Job]:
    admin = make_admin(org='Acme')
    return admin, make_job(admin, invite_deadline_days=5)


def invite_one(admin: User, job: Job, email: str = 'ann@example.com',
               deadline: datetime | None = None) -> invite.Invited:
    with session_scope() as session:
        return invite.invite_one(session, admin, job.id or 0, 'Ann Lee', email, deadline=deadline,
                                 request_base_url='http://jobs.test')


def stage_of(admin: User, job: Job, candidate_id: int) -> Stage:
    with session_scope(read_only=True) as session:
        listed = actions.list_invitations(session, admin.organization_id, job.id or 0, 'http://jobs.test')
    return {row.candidate_id: row.stage for row in listed}[candidate_id]


def outbox_kinds(candidate_id: int) -> list[str]:
    with session_scope(read_only=True) as session:
        return [m.kind for m in session.exec(select(OutboxMessage).where(OutboxMessage.candidate_id == candidate_id)
                                             .order_by(OutboxMessage.id)).all()]


def set_times(candidate_id: int, *, invited_hours_ago: float, deadline_in_hours: float) -> None:
    with session_scope() as session:
        candidate = session.get(Candidate, candidate_id)
        assert candidate is not None
        candidate.invited_at = utcnow() - timedelta(hours=invited_hours_ago)
        candidate.deadline_at = utcnow() + timedelta(hours=deadline_in_hours)
        session.add(candidate)


def queue_reminders(at_offset_hours: float = 0.0) -> int:
    with session_scope() as session:
        return reminders.queue_due(session, HOURS, utcnow() + timedelta(hours=at_offset_hours))


def test_inviting_one_creates_candidate_interview_email_and_audit() -> None:
    admin, job = setup_job()
    invited = invite_one(admin, job)
    assert abs((invited.deadline_at - utcnow()).total_seconds() - 5 * 86400) < 60  # the job's default
    with session_scope(read_only=True) as session:
        candidate = session.get(Candidate, invited.candidate_id)
        message = session.get(OutboxMessage, invited.outbox_id)
        events = session.exec(select(AuditEvent.action)).all()
    assert candidate is not None and candidate.invited_at is not None and candidate.consent_at is None
    assert message is not None and message.kind == 'invitation' and message.link == \
        f'http://jobs.test/interview/{invited.token}'
    assert 'candidate.invited' in events
    assert stage_of(admin, job, invited.candidate_id) == Stage.invited
    with pytest.raises(Conflict, match='already has an application or invitation'):
        invite_one(admin, job, email='ANN@example.com')


def test_bad_deadlines_and_emails_are_refused_with_a_message() -> None:
    admin, job = setup_job()
    with pytest.raises(Invalid, match='in the future'):
        invite_one(admin, job, deadline=utcnow() - timedelta(hours=1))
    with pytest.raises(Invalid, match='at most 90 days'):
        invite_one(admin, job, deadline=utcnow() + timedelta(days=91))
    with pytest.raises(Invalid, match='valid email'):
        invite_one(admin, job, email='not-an-email')


def test_bulk_csv_invites_valid_rows_and_reports_the_rest() -> None:
    admin, job = setup_job()
    rows = parse_csv(b'\xef\xbb\xbfEmail,Name\nann@example.com,Ann\nbad-address,Bob\n\nANN@example.com,Ann again\n'
                     b'cara@example.com,Cara\n', max_rows=10)
    assert (rows[0].line, rows[0].name, rows[0].email) == (2, 'Ann', 'ann@example.com')
    with session_scope() as session:
        result = invite.invite_many(session, admin, job.id or 0, rows, request_base_url='http://jobs.test')
    assert [i.email for i in result.invited] == ['ann@example.com', 'cara@example.com']
    assert [(s['line'], s['email']) for s in result.skipped] == [(3, 'bad-address'), (5, 'ann@example.com')]
    with session_scope(read_only=True) as session:
        assert len(session.exec(select(OutboxMessage)).all()) == 2
    with pytest.raises(Invalid, match='at most 2'):
        parse_csv('a,a@x.io\nb,b@x.io\nc,c@x.io\n', max_rows=2)


def test_two_hundred_from_a_csv_each_get_their_own_link() -> None:
    admin, job = setup_job()
    text = 'name,email\n' + ''.join(f'Person {n},p{n}@example.com\n' for n in range(200))
    with session_scope() as session:
        result = invite.invite_many(session, admin, job.id or 0, parse_csv(text, 1000), request_base_url='http://x')
    assert len(result.invited) == 200 and len({i.token for i in result.invited}) == 200
    with session_scope(read_only=True) as session:
        messages = session.exec(select(OutboxMessage)).all()
    assert len(messages) == 200 and all(m.ics and m.link and m.link.split('/')[-1] in m.body_text for m in messages)


def test_an_invited_candidate_consents_before_the_room_and_an_expired_link_is_closed() -> None:
    admin, job = setup_job()
    invited = invite_one(admin, job)
    with session_scope(read_only=True) as session:
        ctx = interview_rows.context_by_token(session, invited.token)
    assert ctx.needs_consent and ctx.closed_message is None
    with pytest.raises(interview_rows.InterviewStateError, match='agree'):
        interview_rows.check_can_start(ctx)
    with session_scope() as session:
        accept.accept(session, invited.token, notice_version())
    assert stage_of(admin, job, invited.candidate_id) == Stage.applied
    set_times(invited.candidate_id, invited_hours_ago=100, deadline_in_hours=-1)
    with session_scope(read_only=True) as session:
        ctx = interview_rows.context_by_token(session, invited.token)
    assert ctx.closed_message == EXPIRED_MESSAGE
    with pytest.raises(interview_rows.InterviewStateError, match='deadline for this interview has passed'):
        interview_rows.check_can_start(ctx)
    assert stage_of(admin, job, invited.candidate_id) == Stage.expired
    # HR extends: the link opens again.
    with session_scope() as session:
        actions.extend(session, admin, invited.candidate_id, utcnow() + timedelta(days=2))
    with session_scope(read_only=True) as session:
        assert interview_rows.context_by_token(session, invited.token).closed_message is None


def test_revoke_closes_the_link_and_resend_queues_a_new_email_all_audited() -> None:
    admin, job = setup_job()
    invited = invite_one(admin, job)
    with session_scope() as session:
        actions.resend(session, admin, invited.candidate_id, 'http://jobs.test')
    assert outbox_kinds(invited.candidate_id) == ['invitation', 'resend']
    with session_scope() as session:
        actions.revoke(session, admin, invited.candidate_id)
    with session_scope(read_only=True) as session:
        assert interview_rows.context_by_token(session, invited.token).closed_message == REVOKED_MESSAGE
        actions_seen = session.exec(select(AuditEvent.action).where(AuditEvent.subject_id == invited.candidate_id)
                                    ).all()
    assert {'candidate.invited', 'candidate.invite_resent', 'candidate.invite_revoked'} <= set(actions_seen)
    with pytest.raises(Conflict), session_scope() as session:
        actions.resend(session, admin, invited.candidate_id, None)
    with pytest.raises(Conflict, match='withdrawn'), session_scope() as session:
        accept.accept(session, invited.token, notice_version())


def test_reminder_schedule_48_and_4_hours_once_each() -> None:
    admin, job = setup_job()
    invited = invite_one(admin, job)
    set_times(invited.candidate_id, invited_hours_ago=1, deadline_in_hours=50)
    assert queue_reminders() == 0  # 50 h left: nothing due yet
    assert queue_reminders(at_offset_hours=2.5) == 1  # 47.5 h left: the 48-hour reminder
    assert queue_reminders(at_offset_hours=3) == 0  # not twice
    assert queue_reminders(at_offset_hours=46.5) == 1  # 3.5 h left: the 4-hour reminder
    assert queue_reminders(at_offset_hours=49) == 0
    assert outbox_kinds(invited.candidate_id) == ['invitation', 'reminder', 'reminder']


def test_a_late_invitation_gets_only_the_reminders_still_ahead() -> None:
    admin, job = setup_job()
    invited = invite_one(admin, job)
    set_times(invited.candidate_id, invited_hours_ago=0, deadline_in_hours=10)  # invited 10 h before
    assert queue_reminders() == 0  # no 48-hour reminder right after the invitation
    assert queue_reminders(at_offset_hours=6.5) == 1
    assert outbox_kinds(invited.candidate_id) == ['invitation', 'reminder']


def test_no_reminder_after_start_completion_or_revocation() -> None:
    admin, job = setup_job()
    started, done, revoked = (invite_one(admin, job, email=f'{n}@example.com') for n in ('s', 'd', 'r'))
    for invited in (started, done, revoked):
        set_times(invited.candidate_id, invited_hours_ago=1, deadline_in_hours=50)
    with session_scope() as session:
        for invited, status in ((started, InterviewStatus.in_progress), (done, InterviewStatus.completed)):
            interview = session.exec(select(Interview).where(Interview.candidate_id == invited.candidate_id)).one()
            interview.status = status
            session.add(interview)
    with session_scope() as session:
        actions.revoke(session, admin, revoked.candidate_id)
    assert queue_reminders(at_offset_hours=47) == 0
    assert all(outbox_kinds(i.candidate_id) == ['invitation'] for i in (started, done, revoked))


def test_invited_candidates_notice_names_the_accommodation_contact_like_the_apply_page() -> None:
    from app.services.applications import apply_target

    admin = make_admin()
    job = make_job(admin, language='hi', accommodation_contact='access@acme.example', typed_answers='allowed')
    with session_scope() as session:
        invited = invite.invite_one(session, admin, job.id or 0, 'Ivy Invitee', 'ivy@example.com')
    with session_scope(read_only=True) as session:
        notice, _, language = accept.notice_for(session, invited.token)
        public = apply_target(session, job.job_code).notice
    text = ' '.join(section.text for section in notice.sections)
    assert language == 'hi' and 'access@acme.example' in text
    # The same notice the public apply page shows: contact and the job's offers (typed answers) alike.
    assert notice == public
