"""Creating and managing jobs in the UI."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from app.db import session_scope
from app.sandbox import SandboxStatus
from app.services import jobs
from tests.pages.conftest import sign_in, table_rows
from tests.support.factories import make_admin, make_job


async def test_create_job_shows_code_and_share_link(user: User) -> None:
    admin = make_admin(email='ann@acme.io')
    await sign_in(user, admin.email)
    await user.open('/jobs/new')
    user.find(marker='title').type('Platform Engineer')
    user.find(marker='description').type('You will run Kubernetes and write Go and Python.')
    user.find(marker='description').trigger('blur')
    await user.should_see('Found in the description:', retries=30)
    user.find(ui.chip, content='Kubernetes').click()  # accept a suggested must-have skill
    user.find(marker='save').click()
    await user.should_see(marker='share-card', retries=30)
    with session_scope() as session:
        job = jobs.list_jobs(session, admin.organization_id)[0].job
    assert job.title == 'Platform Engineer' and job.must_have_skills == ['Kubernetes']
    await user.should_see(job.job_code, retries=30)
    await user.should_see(f'/apply/{job.job_code}', retries=30)
    copy = user.find(marker='copy-link')
    copy.trigger('click', {'ok': True})  # what the browser reports after a real copy
    await user.should_see('Share link copied.', retries=30)
    copy.trigger('click', {'ok': False})  # plain http: the browser refused, the text is left selected
    await user.should_see('The link is selected: press Ctrl+C', retries=30)


async def test_empty_title_is_refused_in_the_form(user: User) -> None:
    admin = make_admin()
    await sign_in(user, admin.email)
    await user.open('/jobs/new')
    user.find(marker='save').click()
    await user.should_see('Please fix the highlighted fields.', retries=30)
    with session_scope() as session:
        assert jobs.list_jobs(session, admin.organization_id) == []


async def test_jobs_list_search_deactivate_and_delete(user: User) -> None:
    admin = make_admin()
    backend = make_job(admin, title='Backend Engineer')
    make_job(admin, title='Data Scientist')
    await sign_in(user, admin.email)
    await user.open('/jobs')
    await user.should_see('2 jobs · 2 active', retries=30)
    assert [row['title'] for row in table_rows(user, 'jobs-table')] == ['Data Scientist', 'Backend Engineer']
    user.find(marker='job-search').type('scien')
    await user.should_see('1 job · 1 active', retries=30)
    assert [row['title'] for row in table_rows(user, 'jobs-table')] == ['Data Scientist']
    user.find(marker='job-search').clear().type('  nurse ')
    await user.should_see('No jobs match “nurse”.', retries=30)

    await user.open(f'/jobs/{backend.id}')
    user.find(marker='toggle-active').click()
    await user.should_see('Inactive', retries=30)
    with session_scope() as session:
        assert jobs.get_job(session, admin.organization_id, backend.id).is_active is False

    user.find(marker='delete-job').click()
    user.find(marker='confirm-delete').click()
    await user.should_see('Job deleted.', retries=30)
    with session_scope() as session:
        assert [i.job.title for i in jobs.list_jobs(session, admin.organization_id)] == ['Data Scientist']


async def test_edit_job(user: User) -> None:
    admin = make_admin()
    job = make_job(admin, title='Old title')
    await sign_in(user, admin.email)
    await user.open(f'/jobs/{job.id}/edit')
    user.find(marker='title').clear().type('New title')
    user.find(marker='save').click()
    await user.should_see(marker='share-card', retries=30)
    await user.should_see('New title', retries=30)
    with session_scope(read_only=True) as session:  # stored, not only shown
        stored = jobs.get_job(session, admin.organization_id, job.id)
    assert stored.title == 'New title' and stored.updated_at is not None


async def test_another_organizations_job_page_is_not_found(user: User) -> None:
    owner, stranger = make_admin(), make_admin()
    job = make_job(owner, title='Secret role')
    await sign_in(user, stranger.email)
    for path in (f'/jobs/{job.id}', '/jobs/424242', f'/jobs/{job.id}/edit'):
        response = await user.http_client.get(path)
        assert response.status_code == 404, path
        assert 'Job not found.' in response.text
        assert 'Secret role' not in response.text


async def test_coding_exercises_switch_and_count_and_the_sandbox_off_notice(user: User,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    admin = make_admin()
    await sign_in(user, admin.email)
    await user.open('/jobs/new')
    user.find(marker='title').type('Backend Engineer')
    user.find(marker='description').type('Python services and SQL.')
    user.find(marker='coding').elements.pop().set_value(True)
    user.find(marker='coding-count').elements.pop().set_value(2)
    user.find(marker='save').click()
    await user.should_see(marker='share-card', retries=30)
    with session_scope() as session:
        job = jobs.list_jobs(session, admin.organization_id)[0].job
    assert (job.coding_enabled, job.coding_question_count) == (True, 2)
    # Without a working bubblewrap the form says the feature is off on this server.
    monkeypatch.setattr('pages.job_form.sandbox_status', lambda: SandboxStatus(False, 'bwrap is not installed'))
    await user.open('/jobs/new')
    await user.should_see('Coding exercises are off on this server: bwrap is not installed', retries=30)
