"""Comparing 2–4 candidates of one job."""

from __future__ import annotations

import pytest

from app.db import session_scope
from app.errors import Invalid, NotFound
from app.services import compare
from tests.support.factories import make_admin, make_job
from tests.support.review_setup import PARTIAL, STRONG, WEAK, interview_with_answers
from tests.support.runtime import scripted_runtime

pytestmark = pytest.mark.usefixtures('database')


async def test_compare_two_to_four_candidates_of_one_job() -> None:
    admin = make_admin()
    job, other = make_job(admin, question_count=3), make_job(admin, question_count=3, title='Other')
    async with scripted_runtime() as rig:
        a = await interview_with_answers(rig, job, ['Hi.', STRONG, STRONG], name='Ann', video=False)
        b = await interview_with_answers(rig, job, ['Hi.', WEAK, PARTIAL], name='Ben', video=False)
        c = await interview_with_answers(rig, other, ['Hi.', WEAK, PARTIAL], name='Cid', video=False)
    with session_scope(read_only=True) as session:
        columns = compare.compare_candidates(session, admin.organization_id, job.id, [b.candidate_id, a.candidate_id])
        assert [col.name for col in columns] == ['Ben', 'Ann']
        assert columns[1].score == 100.0 and columns[1].skill_scores == {'PostgreSQL': 100.0, 'Python': 100.0}
        assert (columns[0].score or 100) < 100.0 and columns[0].answered == 3
        with pytest.raises(Invalid, match='2 to 4'):
            compare.compare_candidates(session, admin.organization_id, job.id, [a.candidate_id, a.candidate_id])
        with pytest.raises(NotFound):  # a candidate of another job
            compare.compare_candidates(session, admin.organization_id, job.id, [a.candidate_id, c.candidate_id])
        with pytest.raises(NotFound):
            compare.compare_candidates(session, make_admin().organization_id, job.id,
                                       [a.candidate_id, b.candidate_id])
