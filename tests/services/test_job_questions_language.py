"""HR's question editor lists the bank of the job's interview language: what the interview will ask."""

from __future__ import annotations

import pytest

from app.db import session_scope
from app.services.job_questions import job_questions, save_job_questions
from tests.support.factories import make_admin, make_job

pytestmark = pytest.mark.usefixtures('database')


def test_a_spanish_job_lists_and_pins_the_spanish_questions() -> None:
    admin = make_admin()
    job = make_job(admin, language='es', must_have_skills=['PostgreSQL'], nice_to_have_skills=[])
    with session_scope() as session:
        views = job_questions(session, job.organization_id, job.id or 0)
    texts = [view.text for view in views]
    assert texts == ['¿Cómo investiga una consulta lenta en PostgreSQL?']
    with session_scope() as session:
        saved = save_job_questions(session, admin, job.id or 0, {'questions': [
            {'bank_id': views[0].bank_id, 'pinned': True, 'text': views[0].text,
             'rubric': [p.point for p in views[0].rubric]}]})
    assert saved[0].pinned and not saved[0].edited and saved[0].rubric[0].synonyms  # the bank's synonyms kept
