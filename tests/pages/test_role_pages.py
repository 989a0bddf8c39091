"""Role × route for the whole app (pages, the UI's file routes and the API mounted on it): every route has a
declared policy, and every page answers each role as declared — the content when allowed, a 403 page (never
the content) when the role may not, the sign-in redirect for anonymous visitors."""

from __future__ import annotations

import httpx
from nicegui import app
from nicegui.testing import User

from app.db import session_scope
from app.models import Role
from app.permissions import ROLE_PERMISSIONS, Permission
from app.services import accounts, job_reviewers
from components.session import PAGE_POLICIES
from tests.pages.conftest import log_out, sign_in, table_rows
from tests.support.factories import PASSWORD, make_admin, make_job
from tests.support.review_setup import STRONG, answers_of, interview_with_answers
from tests.support.route_policies import all_routes, fill, is_framework_route, names_a_job, policy_of
from tests.support.runtime import scripted_runtime

FILE_ROUTES = ('/recordings/', '/candidates/{candidate_id}/resume', '/candidates/{candidate_id}/export.json',
               '/candidates/{candidate_id}/print', '/jobs/{job_id}/export.csv', '/analytics/export.csv',
               '/fairness/report.')


def _is_file_route(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in FILE_ROUTES)


async def _seed() -> tuple[dict[str, str], dict[str, int | str], dict[str, int | str]]:
    admin = make_admin(org='Acme')
    with session_scope() as session:
        recruiter = accounts.add_teammate(session, admin, {'name': 'Rita Recruiter', 'email': 'rita@acme.io',
                                                           'password': PASSWORD, 'role': 'recruiter'})
    with session_scope() as session:
        reviewer = accounts.add_teammate(session, admin, {'name': 'Rex Reviewer', 'email': 'rex@acme.io',
                                                          'password': PASSWORD, 'role': 'reviewer'})
    seeds: list[dict[str, int | str]] = []
    async with scripted_runtime() as rig:
        for title in ('Assigned', 'Other'):
            job = make_job(admin, title=title, question_count=3)
            interview = await interview_with_answers(rig, job, ['Hello.', STRONG, STRONG], name=f'{title} Applicant')
            answer = answers_of(interview.id or 0)[1]
            seeds.append({'job_id': job.id or 0, 'candidate_id': interview.candidate_id, 'answer_id': answer.id or 0,
                          'job_code': job.job_code, 'token': interview.token})
    with session_scope() as session:
        job_reviewers.assign(session, admin, int(seeds[0]['job_id']), reviewer.id or 0)
    emails = {Role.admin.value: admin.email, Role.recruiter.value: recruiter.email,
              Role.reviewer.value: reviewer.email}
    return emails, seeds[0], seeds[1]


async def _get(http: httpx.AsyncClient, url: str) -> httpx.Response:
    """GET, again when NiceGUI gave up building the page within its response timeout (a busy machine makes
    the heaviest pages miss it now and then; that says nothing about who may see them)."""
    for _ in range(3):
        response = await http.get(url, follow_redirects=False)
        if response.status_code != 500 or 'response_timeout' not in response.text:
            break
    return response


def test_every_route_of_the_app_declares_a_policy(user: User) -> None:
    missing = []
    routes = all_routes(app.routes)
    for route in routes:
        if is_framework_route(route) or policy_of(route) is not None or route.path in PAGE_POLICIES:
            continue
        missing.append(f'{route.method} {route.path}')
    assert len(routes) > 100
    assert not missing, f'Routes without a declared policy: {missing}'
    assert {'/jobs', '/team', '/candidates/{candidate_id}', '/login'} <= set(PAGE_POLICIES)


async def test_each_role_gets_each_page_as_declared(user: User) -> None:
    emails, assigned, other = await _seed()
    wrong: list[str] = []
    http = user.http_client

    for path, permission in sorted(PAGE_POLICIES.items()):  # anonymous first
        response = await http.get(fill(path, assigned), follow_redirects=False)
        if permission == Permission.public:
            ok = response.status_code not in (401, 403)
        elif _is_file_route(path):
            ok = response.status_code == 401
        else:
            ok = response.status_code == 303 and response.headers['location'].startswith('/login')
        if not ok:
            wrong.append(f'anonymous {path}: {response.status_code}')

    for role in (Role.admin.value, Role.recruiter.value, Role.reviewer.value):
        await sign_in(user, emails[role])
        for path, permission in sorted(PAGE_POLICIES.items()):
            if path in ('/logout',) or permission == Permission.public:
                continue  # public pages are checked above; /logout would end this session
            cases = [('assigned', assigned)] + ([('unassigned', other)] if role == 'reviewer' else [])
            for label, ids in cases:
                response = await _get(http, fill(path, ids))
                refused = permission not in ROLE_PERMISSIONS[role] or (label == 'unassigned' and names_a_job(path))
                if refused:
                    ok = response.status_code == 403 and 'Applicant' not in response.text
                else:  # the content (compare without ids answers 422: its own check, after the role's)
                    ok = response.status_code not in (303, 401, 403) and response.status_code < 500
                if not ok:
                    wrong.append(f'{role}/{label} {path} ({permission}): {response.status_code} {response.text[-300:]}')
        await log_out(user)
    assert not wrong, '\n'.join(wrong)


async def test_reviewer_sees_only_assigned_jobs_and_no_forbidden_actions(user: User) -> None:
    emails, assigned, other = await _seed()
    await sign_in(user, emails['reviewer'])
    await user.open('/jobs')
    await user.should_see(marker='jobs-table', retries=30)
    assert [row['title'] for row in table_rows(user, 'jobs-table')] == ['Assigned']
    await user.should_not_see(marker='new-job')
    await user.should_see(marker='nav-jobs')
    for hidden in ('integrations', 'settings', 'audit', 'outbox', 'fairness', 'system'):
        await user.should_not_see(marker=f'nav-{hidden}')
    await user.open(f'/candidates/{assigned["candidate_id"]}')
    await user.should_see(marker='candidate-name', retries=30)
    for marker in ('delete-candidate', 'export-json', 'print-report', 'save-status', 'correct-transcript',
                   'download-resume'):
        await user.should_not_see(marker=marker)
    await user.should_see(marker='override-correctness')  # overrides are a reviewer's work
    refused = await user.http_client.get(f'/candidates/{other["candidate_id"]}', follow_redirects=False)
    assert refused.status_code == 403 and 'not assigned to this job' in refused.text
    await log_out(user)

    await sign_in(user, emails['recruiter'])
    await user.open(f'/candidates/{assigned["candidate_id"]}')
    await user.should_see(marker='save-status', retries=30)
    await user.should_see(marker='delete-candidate')
    await user.should_see(marker='nav-audit')
    for hidden in ('integrations', 'settings', 'fairness', 'system'):
        await user.should_not_see(marker=f'nav-{hidden}')
