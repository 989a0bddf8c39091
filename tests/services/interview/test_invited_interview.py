"""An invited candidate (no resume) takes the whole interview: the stage moves invited → applied →
started → completed, the ATS gets interview.started and interview.completed (with the score), and no
reminder follows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from app.consent import notice_version
from app.db import session_scope
from app.db_types import utcnow
from app.models import WebhookDelivery
from app.services.invitations import accept, actions, invite, reminders
from app.services.invitations.lifecycle import Stage
from app.services.webhooks import endpoints
from tests.support.engine_setup import Rig, spoken
from tests.support.factories import make_admin, make_job
from tests.support.review_setup import STRONG

pytestmark = pytest.mark.usefixtures('database')


async def test_invited_candidate_completes_and_the_ats_hears_it(rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.config import reset_settings

    monkeypatch.setenv('WEBHOOK_ALLOW_PRIVATE', 'true')
    reset_settings()
    admin = make_admin()
    job = make_job(admin, question_count=3)
    with session_scope() as session:
        endpoints.create(session, admin, {'url': 'http://127.0.0.1:9/hook'})
        invited = invite.invite_one(session, admin, job.id or 0, 'Ivy Invitee', 'ivy@example.com')

    def stage() -> Stage:
        with session_scope(read_only=True) as session:
            rows = actions.list_invitations(session, admin.organization_id, job.id or 0, 'http://x')
        return rows[0].stage

    assert stage() == Stage.invited
    with session_scope() as session:
        accept.accept(session, invited.token, notice_version())
    assert stage() == Stage.applied
    state = await rig.engine.start(invited.token)
    assert stage() == Stage.started
    while state.question is not None:
        await rig.engine.submit_answer(invited.token, state.question.index, spoken(STRONG))
        state = await rig.engine.room(invited.token)
    await rig.wait_idle()
    assert stage() == Stage.completed
    with session_scope(read_only=True) as session:
        events = [(d.event, d.payload['data']) for d in session.exec(select(WebhookDelivery)).all()]
        assert reminders.queue_due(session, [48.0, 4.0], utcnow() + timedelta(days=6, hours=23)) == 0
    assert [e for e, _ in events] == ['candidate.applied', 'interview.started', 'interview.completed']
    completed = events[2][1]
    assert completed['score'] == 100.0 and completed['recommendation'] == 'Strong'
    assert completed['report_url'].endswith(f'/api/v1/candidates/{invited.candidate_id}/report')
