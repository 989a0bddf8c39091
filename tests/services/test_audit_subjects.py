"""The audit trail names its subjects the way a person reads them, also after they were deleted."""

from __future__ import annotations

import pytest

from app.db import session_scope
from app.services import audit, candidates
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
    assert names[('candidate', gone)] == 'Sam Roe (deleted)'  # the name an earlier event recorded
    stranger = make_admin()
    with session_scope(read_only=True) as session:  # another organization's subjects are never named
        assert audit.subject_names(session, stranger.organization_id, events)[('job', job.id)].endswith('(deleted)')
