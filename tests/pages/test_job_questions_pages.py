"""The job page's question section (view, pin, exclude, edit, add your own) and its "try an answer" box."""

from __future__ import annotations

from nicegui.testing import User

from app.db import session_scope
from app.services import job_questions
from tests.pages.conftest import sign_in
from tests.support.factories import make_admin, make_job


async def test_hr_pins_excludes_edits_and_adds_questions_on_the_job_page(user: User) -> None:
    admin = make_admin()
    job = make_job(admin, question_count=6)
    assert job.id is not None
    await sign_in(user, admin.email)
    await user.open(f'/jobs/{job.id}')
    await user.should_see('Interview questions', retries=30)
    await user.should_see('0 pinned · 0 excluded', retries=30)

    user.find(marker='pin-python-hard-1').click()
    await user.should_see('Pinned: asked in every interview for this job.', retries=30)
    user.find(marker='exclude-python-easy-1').click()
    await user.should_see('1 pinned · 1 excluded', retries=30)

    user.find(marker='edit-postgresql-medium-1').click()
    await user.should_see(marker='question-dialog', retries=30)
    user.find(marker='question-text').clear().type('How do you find out why one PostgreSQL query is slow?')
    user.find(marker='question-save').click()
    await user.should_see('Question saved.', retries=30)

    user.find(marker='add-question').click()
    await user.should_see(marker='question-dialog', retries=30)
    user.find(marker='question-text').type('Walk me through how you would reconcile a ledger that is off by one cent.')
    user.find(marker='question-rubric').type('Finds the first diverging entry')
    user.find(marker='question-save').click()
    await user.should_see('at least 3 key points', retries=30)  # refused in the dialog, nothing saved
    user.find(marker='question-rubric').clear().type(
        'Finds the first diverging entry\nChecks rounding rules\nAdds a test that reproduces it')
    user.find(marker='question-save').click()
    await user.should_see('2 pinned · 1 excluded', retries=50)  # HR's own question is pinned by default

    with session_scope() as session:
        views = {v.key: v for v in job_questions.job_questions(session, admin.organization_id, job.id)}
    assert views['python-hard-1'].pinned and views['python-easy-1'].excluded
    edited = views['postgresql-medium-1']
    assert edited.edited and not edited.pinned  # an edit keeps the pin state
    own = [v for v in views.values() if v.custom]
    assert len(own) == 1 and len(own[0].rubric) == 3 and own[0].pinned  # your own question is pinned by default


async def test_try_an_answer_shows_the_four_scores_evidence_and_comment(user: User) -> None:
    admin = make_admin()
    job = make_job(admin)
    await sign_in(user, admin.email)
    await user.open(f'/jobs/{job.id}')
    await user.should_see('Try an answer', retries=30)
    user.find(marker='try-score').click()
    await user.should_see('Please fix the highlighted fields.', retries=30)
    user.find(marker='try-question').type('What is an index in PostgreSQL, and what does it cost to add one?')
    user.find(marker='try-rubric').type('An index avoids a full table scan\nWrites get slower because the index '
                                        'must be updated too\nAn index uses extra disk space')
    user.find(marker='try-text').type('An index lets the database avoid scanning the whole table. Each insert '
                                      'has to update the index as well, so writes are slower, and it takes disk space.')
    user.find(marker='try-score').click()
    await user.should_see(marker='try-result', retries=100)
    await user.should_see('Correctness', retries=30)
    await user.should_see('Evidence', retries=30)
    await user.should_see('scored by offline', retries=30)
