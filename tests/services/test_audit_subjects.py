"""The audit trail names its subjects the way a person reads them, also after they were deleted."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from app import client_address
from app.db import run_in_session, session_scope
from app.models import AuditEvent
from app.services import audit, candidates, jobs
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.review_setup import load_interview

pytestmark = pytest.mark.usefixtures('database')


def test_subjects_are_named_and_deleted_ones_say_so() -> None:
    admin = make_admin()
    job = make_job(admin, title='Backend Engineer')
    kept = load_interview(make_interview(job, name='Jane Doe').id).candidate_id
    gone = load_interview(make_interview(job, name='Sam Roe').id).candidate_id
    with session_scope() as session:
        candidates.update_candidate(session, admin, kept, {'status': 'shortlisted'})
        candidates.set_accommodations(session, admin, gone, {'time_multiplier': 2.0})
        candidates.delete_candidate(session, admin, gone)
    with session_scope(read_only=True) as session:
        events, total, names = audit.page_with_names(session, admin.organization_id, limit=50)
    assert total == len(events) >= 4
    assert names[('candidate', kept)] == 'Jane Doe (Backend Engineer)'
    assert names[('job', job.id)] == 'Backend Engineer'
    # Erasure: the deleted candidate's rows keep their number and job, not their name.
    assert names[('candidate', gone)] == f'candidate #{gone} (Backend Engineer) — deleted'
    stranger = make_admin()
    with session_scope(read_only=True) as session:  # never looked up in another organization
        assert audit.subject_names(session, stranger.organization_id, events)[('job', job.id)].endswith('— deleted')


def test_rows_name_their_subject_when_written_and_deletion_keeps_them_readable_without_the_person() -> None:
    admin = make_admin()
    job = make_job(admin, title='Data Engineer')
    kept = load_interview(make_interview(job, name='Jane Doe').id).candidate_id
    gone = load_interview(make_interview(job, name='Sam Roe').id).candidate_id
    with session_scope() as session:
        candidates.update_candidate(session, admin, kept, {'status': 'shortlisted'})
        candidates.update_candidate(session, admin, gone, {'status': 'rejected'})
        candidates.delete_candidate(session, admin, gone)
    with session_scope() as session:
        jobs.delete_job(session, admin, job.id)  # takes Jane Doe with it
    with session_scope(read_only=True) as session:
        rows = session.exec(select(AuditEvent).where(AuditEvent.organization_id == admin.organization_id)).all()
    labels = {(e.action, e.subject_id): e.subject_label for e in rows}
    assert labels[('candidate.status', kept)] == f'candidate #{kept} (Data Engineer)'
    assert labels[('candidate.status', gone)] == labels[('candidate.delete', gone)] == \
        f'candidate #{gone} (Data Engineer)'
    assert labels[('job.delete', job.id)] == labels[('job.create', job.id)] == 'Data Engineer'
    assert not any('Jane' in (e.subject_label or '') or 'Sam' in (e.subject_label or '') for e in rows)
    assert labels[('account.signup', admin.id)] == admin.email  # a user is named by their email


def test_a_live_candidate_is_named_with_their_number() -> None:
    admin = make_admin()
    candidate_id = load_interview(make_interview(make_job(admin), name='Jane Doe').id).candidate_id
    with session_scope() as session:
        candidates.update_candidate(session, admin, candidate_id, {'status': 'shortlisted'})
    with session_scope(read_only=True) as session:
        event = audit.list_events(session, admin.organization_id, subject_type='candidate')[0]
    assert event.subject_label == f'Jane Doe (candidate #{candidate_id})'


async def test_the_acting_address_crosses_into_the_db_thread_and_system_events_have_none() -> None:
    admin = make_admin()
    job = make_job(admin)
    candidate_id = load_interview(make_interview(job, name='Jane Doe').id).candidate_id
    with client_address.using('203.0.113.7'):  # what the API middleware sets for a request
        await run_in_session(candidates.update_candidate, admin, candidate_id, {'status': 'shortlisted'})
    client_address.set_reader(lambda: '198.51.100.4')  # what the UI reader answers inside an event handler
    try:
        await run_in_session(candidates.update_candidate, admin, candidate_id, {'status': 'rejected'})
        with client_address.using('203.0.113.7'), session_scope() as session:
            audit.record(session, organization_id=admin.organization_id, action='recordings.expire')  # no actor
    finally:
        client_address.set_reader(None)
    with session_scope(read_only=True) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.organization_id == admin.organization_id)
                              .order_by(col(AuditEvent.id))).all()
    assert [(e.action, e.ip) for e in events if e.action not in ('account.signup', 'job.create')] == [
        ('candidate.status', '203.0.113.7'), ('candidate.status', '198.51.100.4'), ('recordings.expire', None)]
