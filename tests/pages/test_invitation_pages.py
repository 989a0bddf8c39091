"""HR invites from the job page (one, and a CSV), sees each invitation's stage and email, and the Outbox
page shows queued messages with their link when email is off; the invited candidate's link asks for
consent first, and an expired link shows a clear page."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from nicegui.testing import User
from sqlmodel import select

from app.db import session_scope
from app.db_types import utcnow
from app.models import Candidate, OutboxMessage
from app.services.invitations import invite
from tests.pages.conftest import sign_in, table_rows
from tests.support.factories import make_admin, make_job


async def test_invite_one_then_many_from_csv(user: User) -> None:
    admin = make_admin(org='Acme')
    job = make_job(admin, title='Data Engineer')
    await sign_in(user, admin.email)
    await user.open(f'/jobs/{job.id}')
    await user.should_see('Nobody invited yet')
    await user.should_see(marker='email-off')  # no SMTP in tests: the page says so
    user.find(marker='invite').click()
    await user.should_see('Invite candidates · Data Engineer', retries=30)
    user.find(marker='invite-name').type('Ann Lee')
    user.find(marker='invite-email').type('ann@example.com').trigger('blur')
    await user.should_see('Hello Ann Lee,', retries=30)  # the preview
    await user.should_see('Subject: Your interview for Data Engineer at Acme')
    user.find(marker='send-one').click()
    await user.should_see(marker='invitations-table', retries=50)
    assert [(r['email'], r['stage'], r['email_status']) for r in table_rows(user, 'invitations-table')] == [
        ('ann@example.com', 'invited', 'waiting in outbox')]

    await user.open(f'/jobs/{job.id}/invite')
    user.find('From a CSV').click()
    user.find(marker='csv-text').type('name,email\nBo Chen,bo@example.com\nAnn again,ann@example.com\nX,bad\n')
    user.find(marker='send-many').click()
    await user.should_see('Invited 1. Skipped 2', retries=50)
    with session_scope(read_only=True) as session:
        assert sorted(m.to_email for m in session.exec(select(OutboxMessage)).all()) == [
            'ann@example.com', 'bo@example.com']


async def test_outbox_page_lists_messages_with_their_link(user: User) -> None:
    admin = make_admin()
    job = make_job(admin)
    with session_scope() as session:
        invite.invite_one(session, admin, job.id or 0, 'Cy Doe', 'cy@example.com', request_base_url='http://h')
    await sign_in(user, admin.email)
    await user.open('/outbox')
    await user.should_see(marker='email-off')
    [row] = table_rows(user, 'outbox-table')
    assert row['to'] == 'Cy Doe <cy@example.com>' and row['status'] == 'pending' and row['kind'] == 'Invitation'
    assert row['link'].startswith('http://h/interview/')


async def test_invited_link_asks_for_consent_and_an_expired_one_is_closed(user: User) -> None:
    admin = make_admin()
    job = make_job(admin)
    with session_scope() as session:
        invited = invite.invite_one(session, admin, job.id or 0, 'Di Roe', 'di@example.com')
    await user.open(f'/interview/{invited.token}')
    await user.should_see(marker='consent-step')
    user.find(marker='consent-checkbox').click()
    user.find(marker='agree').click()
    for _ in range(50):
        with session_scope(read_only=True) as session:
            candidate = session.get(Candidate, invited.candidate_id)
        if candidate is not None and candidate.consent_at is not None:
            break
        await asyncio.sleep(0.1)
    assert candidate is not None and candidate.consent_at is not None
    with session_scope() as session:
        row = session.get(Candidate, invited.candidate_id)
        assert row is not None
        row.deadline_at = utcnow() - timedelta(minutes=1)
        session.add(row)
    await user.open(f'/interview/{invited.token}')
    await user.should_see(marker='link-closed')
    await user.should_see('The deadline for this interview has passed')


async def test_integrations_page_adds_a_webhook_and_shows_a_new_api_key_once(user: User) -> None:
    admin = make_admin()
    await sign_in(user, admin.email)
    await user.open('/integrations')
    await user.should_see('No webhook endpoints yet.')
    user.find(marker='webhook-url').type('http://127.0.0.1:9/hook')
    user.find(marker='add-webhook').click()
    await user.should_see('WEBHOOK_ALLOW_PRIVATE', retries=30)  # refused: a loopback address
    user.find(marker='key-name').type('Greenhouse')
    user.find(marker='create-key').click()
    await user.should_see('Copy this key now: it is not shown again.', retries=30)
    [shown] = user.find(marker='new-key-value').elements
    assert str(shown.value).startswith('pnl_')
    await user.open('/integrations')
    await user.should_see('Greenhouse')
    await user.should_not_see('Copy this key now')


async def test_a_teammate_joins_from_the_emailed_link(user: User) -> None:
    admin = make_admin(org='Acme')
    await sign_in(user, admin.email)
    await user.open('/team')
    user.find(marker='invite-member-name').type('Rae Roe')
    user.find(marker='invite-member-email').type('rae@example.com')
    user.find(marker='send-team-invite').click()
    await user.should_see('Invitation queued for rae@example.com', retries=30)
    with session_scope(read_only=True) as session:
        [message] = session.exec(select(OutboxMessage).where(OutboxMessage.kind == 'team_invite')).all()
    assert message.link is not None
    await user.open('/logout')
    await user.open('/join/' + message.link.rsplit('/', 1)[1])
    await user.should_see('Join Acme')
    await user.should_see('You were invited as a recruiter with rae@example.com.')
    user.find(marker='join-password').type('another good password')
    user.find(marker='join').click()
    await user.should_see(marker='user-menu', retries=30)
    await user.open('/join/' + message.link.rsplit('/', 1)[1])
    await user.should_see('already used')
