"""Email delivery through the outbox against a real SMTP server (aiosmtpd): what arrives, retries after
4xx / a server that is down / a slow server, permanent 5xx refusals, restarts, and no double send."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import icalendar
import pytest
from sqlmodel import select

from app.config import Settings, get_settings
from app.db import session_scope
from app.db_types import utcnow
from app.models import OutboxMessage, OutboxStatus, User
from app.services.email import outbox
from app.services.email.sender import OutboxSender
from app.services.invitations import invite
from tests.support.factories import make_admin, make_job
from tests.support.smtp_server import Inbox, free_port, html_body, ics_attachment, smtp_server, text_body

pytestmark = pytest.mark.usefixtures('database')


@pytest.fixture
def server() -> Iterator[tuple[Inbox, int]]:
    with smtp_server() as running:
        yield running


def mail_settings(port: int, **extra: object) -> Settings:
    values: dict[str, object] = {'smtp_host': '127.0.0.1', 'smtp_port': port, 'smtp_tls': 'none',
                                 'smtp_from': 'Acme Hiring <hiring@acme.example>', 'smtp_timeout_seconds': 5.0,
                                 'email_retry_base_seconds': 0.01, 'email_retry_max_seconds': 0.02}
    values.update(extra)
    return get_settings().model_copy(update=values)


def invite_someone(name: str = 'Ann <Admin> & Co', email: str = 'ann@example.com') -> invite.Invited:
    admin = make_admin(org='Acme & Sons')
    job = make_job(admin, title='Backend <Engineer>')
    with session_scope() as session:
        return invite.invite_one(session, admin, job.id or 0, name, email, request_base_url='http://jobs.test/')


def rows() -> list[OutboxMessage]:
    with session_scope(read_only=True) as session:
        return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())


def make_due_now() -> None:
    with session_scope() as session:
        for row in session.exec(select(OutboxMessage)).all():
            row.next_attempt_at = utcnow() - timedelta(seconds=1)
            session.add(row)


async def test_invitation_arrives_with_link_deadline_escaped_html_and_calendar(server: tuple[Inbox, int]) -> None:
    inbox, port = server
    invited = invite_someone()
    assert await OutboxSender(mail_settings(port)).run_once() == 1
    [message] = inbox.received
    assert message['To'].addresses[0].addr_spec == 'ann@example.com'
    assert message['From'] == 'Acme Hiring <hiring@acme.example>'
    assert message['Subject'] == 'Your interview for Backend <Engineer> at Acme & Sons'
    link = f'http://jobs.test/interview/{invited.token}'
    assert link in text_body(message) and 'Hello Ann <Admin> & Co,' in text_body(message)
    html = html_body(message)
    assert f'href="{link}"' in html and 'Ann &lt;Admin&gt; &amp; Co' in html and '<Admin>' not in html
    assert 'Backend &lt;Engineer&gt;' in html and 'Accommodation' in html
    ics = ics_attachment(message)
    assert ics is not None
    event = icalendar.Calendar.from_ical(ics).walk('VEVENT')[0]
    assert abs((event.decoded('dtend') - invited.deadline_at).total_seconds()) < 1
    [row] = rows()
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.sent, 1, None) and row.sent_at is not None


async def test_a_4xx_reply_is_retried_and_the_message_arrives_once(server: tuple[Inbox, int]) -> None:
    inbox, port = server
    invite_someone()
    inbox.refuse_next = ['451 4.3.0 Try again later']
    sender = OutboxSender(mail_settings(port))
    assert await sender.run_once() == 0
    [row] = rows()
    assert row.status == OutboxStatus.pending and row.attempts == 1 and '451' in (row.last_error or '')
    assert row.next_attempt_at is not None and row.next_attempt_at > utcnow() - timedelta(seconds=1)
    await asyncio.sleep(0.05)  # the backoff (base 0.01 s) has passed
    assert await sender.run_once() == 1
    assert len(inbox.received) == 1
    [row] = rows()
    assert row.status == OutboxStatus.sent and row.attempts == 2


async def test_a_5xx_refusal_fails_at_once_with_the_reason_visible(server: tuple[Inbox, int]) -> None:
    inbox, port = server
    invite_someone()
    inbox.refuse_next = ['550 5.1.1 Mailbox unavailable']
    assert await OutboxSender(mail_settings(port)).run_once() == 0
    [row] = rows()
    assert row.status == OutboxStatus.failed and 'Mailbox unavailable' in (row.last_error or '')
    assert inbox.received == []


async def test_server_down_then_up_delivers_after_retry() -> None:
    port = free_port()  # nothing listens here yet
    invite_someone()
    sender = OutboxSender(mail_settings(port))
    assert await sender.run_once() == 0
    [row] = rows()
    assert row.status == OutboxStatus.pending and 'Could not connect' in (row.last_error or '')
    from aiosmtpd.controller import Controller
    inbox = Inbox()
    controller = Controller(inbox, hostname='127.0.0.1', port=port)
    controller.start()
    try:
        make_due_now()
        assert await sender.run_once() == 1
    finally:
        controller.stop()
    assert len(inbox.received) == 1


async def test_a_slow_server_times_out_and_the_message_stays_queued(server: tuple[Inbox, int]) -> None:
    inbox, port = server
    invite_someone()
    inbox.stall_seconds = 1.5
    assert await OutboxSender(mail_settings(port, smtp_timeout_seconds=0.5)).run_once() == 0
    [row] = rows()
    assert row.status == OutboxStatus.pending and 'did not answer within 0.5 s' in (row.last_error or '')


async def test_attempts_are_capped(server: tuple[Inbox, int]) -> None:
    inbox, port = server
    invite_someone()
    inbox.refuse_next = ['421 busy'] * 5
    sender = OutboxSender(mail_settings(port, email_max_attempts=2))
    await sender.run_once()
    make_due_now()
    await sender.run_once()
    [row] = rows()
    assert row.status == OutboxStatus.failed and row.attempts == 2 and inbox.received == []


async def test_restart_sends_what_was_not_sent_and_never_resends_a_claimed_row(server: tuple[Inbox, int]) -> None:
    inbox, port = server
    invite_someone(email='first@example.com')
    invite_someone(email='second@example.com')
    first, second = rows()
    # The previous run claimed the first message and died mid-send (maybe it arrived, maybe not).
    with session_scope() as session:
        assert outbox.claim(session, first.id or 0) is not None
    restarted = OutboxSender(mail_settings(port))
    await restarted.start()  # no background task is left running: run_once below drives it
    await restarted.stop()
    assert await restarted.run_once() == 1
    assert [str(m['To']) for m in inbox.received] == [str(inbox.received[0]['To'])]
    assert 'second@example.com' in str(inbox.received[0]['To'])
    after = {row.id: row for row in rows()}
    assert after[second.id].status == OutboxStatus.sent
    assert after[first.id].status == OutboxStatus.failed and 'may or may not have arrived' in (
        after[first.id].last_error or '')
    assert await restarted.run_once() == 0 and len(inbox.received) == 1


async def test_two_senders_at_once_deliver_each_message_once(server: tuple[Inbox, int]) -> None:
    inbox, port = server
    for n in range(4):
        invite_someone(email=f'c{n}@example.com')
    one, two = OutboxSender(mail_settings(port)), OutboxSender(mail_settings(port))
    sent = await asyncio.gather(one.run_once(), two.run_once())
    assert sum(sent) == 4 and len(inbox.received) == 4
    assert sorted(str(m['To']) for m in inbox.received) == sorted({str(m['To']) for m in inbox.received})


async def test_without_smtp_messages_wait_in_the_outbox_with_their_link() -> None:
    invited = invite_someone()
    sender = OutboxSender(get_settings().model_copy(update={'smtp_host': ''}))
    await sender.start()
    assert await sender.run_once() == 0
    await sender.stop()
    [row] = rows()
    assert row.status == OutboxStatus.pending and row.link == f'http://jobs.test/interview/{invited.token}'


async def test_the_running_app_delivers_invitation_reminder_and_resend(server: tuple[Inbox, int]) -> None:
    from app.delivery_runtime import DeliveryRuntime
    from app.models import Candidate
    from app.services.email.wake import notify_outbox
    from app.services.invitations import actions

    inbox, port = server
    invited = invite_someone(email='dee@example.com')
    with session_scope() as session:  # the deadline is 47 hours away: the 48-hour reminder is due
        candidate = session.get(Candidate, invited.candidate_id)
        assert candidate is not None
        candidate.invited_at = utcnow() - timedelta(hours=2)
        candidate.deadline_at = utcnow() + timedelta(hours=47)
        session.add(candidate)
    mail = DeliveryRuntime(mail_settings(port, invitation_reminder_hours='48,4'), reminder_interval=3600)
    await mail.start()
    try:
        await wait_for_inbox(inbox, 2)  # the invitation, then the reminder queued by the first pass
        with session_scope() as session:
            admin = session.exec(select(User)).one()
            actions.resend(session, admin, invited.candidate_id, 'http://jobs.test/')
        notify_outbox()  # what the page and the API do after a commit that queued email
        await wait_for_inbox(inbox, 3)
    finally:
        await mail.stop()
    subjects = [str(m['Subject']) for m in inbox.received]
    assert subjects[0].startswith('Your interview for') and subjects[1].startswith('Reminder: your interview')
    assert subjects[2] == subjects[0]
    assert all(invited.token in text_body(m) for m in inbox.received)


async def wait_for_inbox(inbox: Inbox, count: int) -> None:
    for _ in range(200):  # 10 s
        if len(inbox.received) >= count:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f'{len(inbox.received)} of {count} messages arrived')
