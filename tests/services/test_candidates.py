"""HR's side of candidates: org scoping, status changes, downloads, deletion with every file, match upkeep."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from app import media
from app.db import session_scope
from app.errors import Invalid, NotFound
from app.models import Answer, AuditEvent, Candidate, Interview, Question
from app.services import audit, candidates, jobs
from tests.support.factories import apply, make_admin, make_job

pytestmark = pytest.mark.usefixtures('database')


def test_list_and_get_are_scoped_to_the_organization() -> None:
    admin, stranger = make_admin(), make_admin()
    job = make_job(admin)
    first = apply(job, email='a@example.com', name='Ann')
    second = apply(job, email='b@example.com', name='Ben')
    with session_scope(read_only=True) as session:
        rows = candidates.list_candidates(session, admin.organization_id, job.id)
        assert [row.candidate.name for row in rows] == ['Ben', 'Ann']  # newest first
        assert {row.interview_status for row in rows} == {'scheduled'}
        detail = candidates.candidate_detail(session, admin.organization_id, first.candidate_id)
        assert detail.job.id == job.id and detail.interview.token == first.token
        for call in (
            lambda: candidates.list_candidates(session, stranger.organization_id, job.id),
            lambda: candidates.get_candidate(session, stranger.organization_id, second.candidate_id),
            lambda: candidates.candidate_detail(session, admin.organization_id, 999_999),
        ):
            with pytest.raises(NotFound):
                call()


def test_status_change_with_note_is_audited() -> None:
    admin = make_admin()
    result = apply(make_job(admin))
    with session_scope() as session:
        candidate = candidates.update_candidate(session, admin, result.candidate_id,
                                                {'status': 'shortlisted', 'status_note': ' Strong API design '})
    assert (candidate.status, candidate.status_note) == ('shortlisted', 'Strong API design')
    with session_scope() as session:
        candidate = candidates.update_candidate(session, admin, result.candidate_id, {'status': 'rejected'})
    assert (candidate.status, candidate.status_note) == ('rejected', None)  # a new status drops the old note
    with session_scope() as session:
        candidates.update_candidate(session, admin, result.candidate_id, {'status': 'rejected'})  # no change
        events = audit.list_events(session, admin.organization_id, subject_type='candidate')
    assert [(e.action, e.detail['from'], e.detail['to']) for e in events] == [
        ('candidate.status', 'shortlisted', 'rejected'), ('candidate.status', 'pending', 'shortlisted')]
    assert events[1].detail['note'] == 'Strong API design' and events[0].actor_user_id == admin.id


@pytest.mark.parametrize('data', [{'status': 'promoted'}, {}, {'status_note': 'x' * 2001}])
def test_bad_status_changes_are_refused(data: dict) -> None:
    admin = make_admin()
    result = apply(make_job(admin))
    with session_scope() as session, pytest.raises(Invalid):
        candidates.update_candidate(session, admin, result.candidate_id, data)


def test_other_organizations_cannot_change_download_or_delete() -> None:
    admin, stranger = make_admin(), make_admin()
    result = apply(make_job(admin))
    for action in (
        lambda s: candidates.update_candidate(s, stranger, result.candidate_id, {'status': 'hired'}),
        lambda s: candidates.resume_file(s, stranger, result.candidate_id),
        lambda s: candidates.delete_candidate(s, stranger, result.candidate_id),
    ):
        with session_scope() as session, pytest.raises(NotFound):
            action(session)
    with session_scope(read_only=True) as session:
        assert session.get(Candidate, result.candidate_id).status == 'pending'


def test_resume_download_gives_the_original_file_and_is_audited() -> None:
    admin = make_admin()
    result = apply(make_job(admin), data=b'Jane Doe\nPython and PostgreSQL developer for many years.\n',
                   filename='C:\\Users\\jane\\résumé.txt')
    with session_scope() as session:
        file = candidates.resume_file(session, admin, result.candidate_id)
        events = audit.list_events(session, admin.organization_id, subject_type='candidate',
                                   subject_id=result.candidate_id)
    assert file.path.read_bytes().startswith(b'Jane Doe') and file.filename == 'résumé.txt'
    assert file.mime == 'text/plain'
    assert [e.action for e in events] == ['candidate.resume_download']


def test_delete_removes_interview_questions_answers_and_every_file() -> None:
    admin = make_admin()
    job = make_job(admin)
    keep = apply(job, email='keep@example.com')
    gone = apply(job, email='gone@example.com')
    files = {kind: media.new_name(kind, ext) for kind, ext in
             (('questions', 'wav'), ('answers', 'webm'), ('videos', 'webm'))}
    for name in files.values():
        media.write(name, b'media')
    with session_scope() as session:
        interview = session.exec(select(Interview).where(Interview.candidate_id == gone.candidate_id)).one()
        interview.video_segments = [{'file': files['videos'], 'mime': 'video/webm', 'chunks': 1, 'bytes': 5}]
        question = Question(interview_id=interview.id, index=0, text='Q?', audio_file=files['questions'])
        session.add(question)
        session.flush()
        session.add(Answer(question_id=question.id, interview_id=interview.id, audio_file=files['answers']))
        resume = session.get(Candidate, gone.candidate_id).resume_file
    with session_scope() as session:
        assert candidates.delete_candidate(session, admin, gone.candidate_id) == job.id
    assert not any(media.exists(name) for name in [*files.values(), resume])
    with session_scope(read_only=True) as session:
        assert [c.id for c in session.exec(select(Candidate)).all()] == [keep.candidate_id]
        for table in (Question, Answer):
            assert session.exec(select(func.count()).select_from(table)).one() == 0
        assert session.exec(select(func.count()).select_from(Interview)).one() == 1
        event = session.exec(select(AuditEvent).where(AuditEvent.action == 'candidate.delete')).one()
        assert event.subject_id == gone.candidate_id and event.detail == {'job_id': job.id}
        kept = session.get(Candidate, keep.candidate_id)
    assert media.exists(kept.resume_file)


def test_match_is_recomputed_when_must_haves_change() -> None:
    admin = make_admin()
    job = make_job(admin, must_have_skills=['Python', 'Kubernetes'])
    result = apply(job)

    def match() -> float | None:
        with session_scope(read_only=True) as session:
            return session.get(Candidate, result.candidate_id).must_have_match

    assert match() == 50.0
    with session_scope() as session:
        jobs.update_job(session, admin, job.id, {'must_have_skills': ['Python', 'postgres', 'Docker', 'Go']})
    assert match() == 75.0
    with session_scope() as session:
        jobs.update_job(session, admin, job.id, {'must_have_skills': []})
    assert match() is None


def test_audit_page_gives_one_page_and_the_total_of_the_filter() -> None:
    admin, stranger = make_admin(), make_admin()
    for name in ('Ann', 'Ben', 'Cid'):
        result = apply(make_job(admin), email=f'{name.lower()}@example.com', name=name)
        with session_scope() as session:
            candidates.update_candidate(session, admin, result.candidate_id, {'status': 'shortlisted'})
    with session_scope(read_only=True) as session:
        events, total = audit.page(session, admin.organization_id, limit=2, offset=1, action='candidate.')
        assert total == 3 and [e.action for e in events] == ['candidate.status', 'candidate.status']
        everything, all_total = audit.page(session, admin.organization_id, limit=100)
        assert all_total == len(everything) == 7  # the signup, three job.create and three candidate.status
        events, total = audit.page(session, stranger.organization_id, limit=100)
        assert total == 1 and [e.action for e in events] == ['account.signup']  # only its own
