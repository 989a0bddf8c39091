"""Job postings through the service layer: validation, codes, scoping, listing, deletion."""

from __future__ import annotations

import re

import pytest
from sqlmodel import func, select

from app import media
from app.db import session_scope
from app.errors import Invalid, NotFound
from app.models import Candidate, Interview, Job
from app.services import jobs
from tests.support.factories import make_admin, make_job

pytestmark = pytest.mark.usefixtures('database')


def _job_count() -> int:
    with session_scope(read_only=True) as session:
        return session.exec(select(func.count()).select_from(Job)).one()


def test_create_job_with_defaults_code_and_canonical_skills() -> None:
    admin = make_admin()
    job = make_job(admin, must_have_skills=['postgres', 'k8s', 'Python', 'python '],
                   nice_to_have_skills=['Docker', 'PostgreSQL'])
    assert re.fullmatch(r'[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}', job.job_code)
    assert job.must_have_skills == ['PostgreSQL', 'Kubernetes', 'Python']
    assert job.nice_to_have_skills == ['Docker']  # a must-have is not also nice-to-have
    assert (job.question_count, job.answer_time_limit_seconds, job.language, job.is_active) == (10, 180, 'en', True)


def test_job_codes_are_unique_and_unambiguous() -> None:
    codes = {jobs.new_job_code() for _ in range(2000)}
    assert len(codes) > 1990
    assert not set(''.join(codes)) & set('0O1IL')


@pytest.mark.parametrize(('data', 'field', 'fragment'), [
    ({'title': ''}, 'title', 'at least 1'),
    ({'title': '   '}, 'title', 'at least 1'),
    ({'description': 'x' * 50_001}, 'description', 'at most 50000'),
    ({'must_have_skills': ['Python', '', 'Go']}, 'must_have_skills', 'cannot be empty'),
    ({'must_have_skills': [f'skill {i}' for i in range(500)]}, 'must_have_skills', 'at most 30'),
    ({'nice_to_have_skills': ['x' * 61]}, 'nice_to_have_skills', 'at most 60'),
    ({'question_count': 2}, 'question_count', 'greater than or equal to 3'),
    ({'question_count': 16}, 'question_count', 'less than or equal to 15'),
    ({'language': 'xx'}, 'language', 'unsupported language'),
])
def test_bad_job_input_is_refused_without_writing(data: dict, field: str, fragment: str) -> None:
    admin = make_admin()
    payload = {'title': 'Engineer', **data}
    with session_scope() as session, pytest.raises(Invalid) as caught:
        jobs.create_job(session, admin, payload)
    assert field in caught.value.fields and fragment in caught.value.fields[field]
    assert _job_count() == 0


def test_missing_title_is_refused() -> None:
    admin = make_admin()
    with session_scope() as session, pytest.raises(Invalid) as caught:
        jobs.create_job(session, admin, {'description': 'no title'})
    assert 'title' in caught.value.fields


def test_update_edits_fields_and_keeps_the_code() -> None:
    admin = make_admin()
    job = make_job(admin)
    with session_scope() as session:
        updated = jobs.update_job(session, admin, job.id, {'title': 'Staff Engineer', 'question_count': 5,
                                                           'follow_ups_enabled': True})
    assert (updated.title, updated.question_count, updated.follow_ups_enabled) == ('Staff Engineer', 5, True)
    assert updated.job_code == job.job_code and updated.updated_at is not None
    with session_scope() as session, pytest.raises(Invalid):
        jobs.update_job(session, admin, job.id, {'title': None})
    with session_scope() as session, pytest.raises(Invalid):
        jobs.update_job(session, admin, job.id, {'title': ''})
    with session_scope() as session:
        assert jobs.get_job(session, admin.organization_id, job.id).title == 'Staff Engineer'


def test_another_organizations_job_behaves_like_a_missing_one() -> None:
    owner, stranger = make_admin(), make_admin()
    job = make_job(owner)
    for action in (
        lambda s: jobs.get_job(s, stranger.organization_id, job.id),
        lambda s: jobs.update_job(s, stranger, job.id, {'title': 'Hijacked'}),
        lambda s: jobs.set_active(s, stranger, job.id, False),
        lambda s: jobs.delete_job(s, stranger, job.id),
    ):
        with session_scope() as session, pytest.raises(NotFound) as caught:
            action(session)
        assert caught.value.message == 'Job not found.'
    with session_scope() as session, pytest.raises(NotFound) as missing:
        jobs.get_job(session, stranger.organization_id, 999_999)
    assert missing.value.message == 'Job not found.'
    with session_scope() as session:
        assert jobs.get_job(session, owner.organization_id, job.id).title == 'Backend Engineer'
        assert jobs.list_jobs(session, stranger.organization_id) == []


def test_list_search_and_counts() -> None:
    admin = make_admin()
    backend = make_job(admin, title='Backend Engineer')
    make_job(admin, title='Data Scientist', is_active=False)
    with session_scope() as session:
        session.add(Candidate(organization_id=admin.organization_id, job_id=backend.id, name='C', email='c@x.io'))
        session.commit()
    with session_scope() as session:
        items = jobs.list_jobs(session, admin.organization_id)
        assert [i.job.title for i in items] == ['Backend Engineer', 'Data Scientist']  # active first
        assert items[0].candidates == 1 and items[1].candidates == 0
        assert [i.job.title for i in jobs.list_jobs(session, admin.organization_id, 'scien')] == ['Data Scientist']
        assert [i.job.title for i in jobs.list_jobs(session, admin.organization_id, backend.job_code.lower())] \
            == ['Backend Engineer']
        assert jobs.list_jobs(session, admin.organization_id, '100%_') == []


def test_search_takes_like_wildcards_and_escape_characters_literally() -> None:
    admin = make_admin()
    make_job(admin, title='C/C++ Dev, 100%_remote \\ EU')
    make_job(admin, title='Backend Engineer')
    with session_scope() as session:
        for term in ('100%_', 'c/c++', '\\ eu', '%', '_'):
            assert [i.job.title for i in jobs.list_jobs(session, admin.organization_id, term)] \
                == ['C/C++ Dev, 100%_remote \\ EU'], term
        assert jobs.list_jobs(session, admin.organization_id, '100_%') == []


def test_public_lookup_by_code() -> None:
    admin = make_admin()
    job = make_job(admin)
    with session_scope() as session:
        assert jobs.find_open_job(session, f' {job.job_code.lower()} ').id == job.id
        for code in ('ZZZZZZ', 'abc', '', '0OIL11', job.job_code + 'X'):
            with pytest.raises(NotFound, match='No open job'):
                jobs.find_open_job(session, code)
        jobs.set_active(session, admin, job.id, False)
    with session_scope() as session, pytest.raises(NotFound):
        jobs.find_open_job(session, job.job_code)


def test_delete_removes_job_candidates_and_files() -> None:
    admin = make_admin()
    job = make_job(admin)
    resume = media.new_name('resumes', 'pdf')
    media.write(resume, b'%PDF-1.4 test')
    with session_scope() as session:
        candidate = Candidate(organization_id=admin.organization_id, job_id=job.id, name='C', email='c@x.io',
                              resume_file=resume)
        session.add(candidate)
        session.flush()
        session.add(Interview(organization_id=admin.organization_id, candidate_id=candidate.id, token='t' * 40))
        session.commit()
    with session_scope() as session:
        jobs.delete_job(session, admin, job.id)
    assert _job_count() == 0 and not media.exists(resume)
    with session_scope() as session:
        assert session.exec(select(func.count()).select_from(Candidate)).one() == 0


def test_suggest_skills_from_description() -> None:
    text = 'We use Python, Django and postgres on k8s. Experience with React is a plus.'
    assert jobs.suggest_skills(text) == ['Python', 'Django', 'PostgreSQL', 'Kubernetes', 'React']
    assert jobs.suggest_skills(text, exclude=['python', 'React']) == ['Django', 'PostgreSQL', 'Kubernetes']
    # a skill chosen under another name (here as nice-to-haves) is not suggested again
    assert jobs.suggest_skills(text, exclude=['postgres', 'k8s', ' ']) == ['Python', 'Django', 'React']
