"""Candidate emails in the job's interview language, read from the outbox."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.db import session_scope
from app.i18n import for_language
from app.models import OutboxMessage
from app.services.email import templates
from app.services.invitations import invite
from tests.support.factories import make_admin, make_job

pytestmark = pytest.mark.usefixtures('database')


def invited_email(language: str) -> OutboxMessage:
    admin = make_admin(org='Acme')
    job = make_job(admin, language=language, title='Backend-Entwickler', invite_deadline_days=5)
    with session_scope() as session:
        invited = invite.invite_one(session, admin, job.id or 0, 'Jonas Becker', 'jonas@example.com',
                                    request_base_url='http://jobs.test')
    with session_scope(read_only=True) as session:
        message = session.exec(select(OutboxMessage).where(OutboxMessage.id == invited.outbox_id)).one()
        session.expunge(message)
        return message


def test_invitation_for_a_german_job_is_german() -> None:
    message = invited_email('de')
    assert message.subject == 'Ihr Interview für Backend-Entwickler bei Acme'
    assert message.body_text.startswith('Guten Tag Jonas Becker,\n\nAcme lädt Sie zu einem kurzen aufgezeichneten')
    link_line = 'Ihr persönlicher Interview-Link (bitte nicht weitergeben):\nhttp://jobs.test/interview/'
    assert link_line in message.body_text
    assert 'Frist: ' in message.body_text and ' UTC' in message.body_text
    assert any(day in message.body_text for day in ('Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag',
                                                    'Samstag', 'Sonntag'))  # the deadline's weekday in German
    assert '>Interview starten</a>' in message.body_html and '<strong>Backend-Entwickler</strong>' in message.body_html
    for english in ('Hello', 'invites you', 'Deadline', 'Start your interview'):
        assert english not in message.body_text + message.body_html, english
    assert message.ics is not None and 'Frist für das Interview' in message.ics


def test_an_english_job_keeps_the_english_email() -> None:
    message = invited_email('en')
    assert message.subject == 'Your interview for Backend-Entwickler at Acme'
    assert message.body_text.startswith('Hello Jonas Becker,')


def test_every_candidate_template_renders_in_every_catalog_language() -> None:
    values = {'org': 'Acme', 'name': 'Ana', 'job': 'Dev', 'link': 'http://x.test/i/t', 'deadline': 'D',
              'contact': 'hr@acme.test', 'minutes': '15'}
    for language in ('es', 'de', 'fr', 'hi'):
        for kind in ('invitation', 'reminder', 'link_again', 'application_link'):
            english = templates.render(kind, values)
            rendered = templates.render(kind, values, for_language(language))
            assert rendered.subject != english.subject and rendered.text != english.text, (language, kind)
            assert 'http://x.test/i/t' in rendered.text and 'href="http://x.test/i/t"' in rendered.html
            assert '$' not in rendered.text + rendered.html  # every field filled
