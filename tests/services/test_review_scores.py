"""HR overrides keep the AI's values; a corrected transcript is re-scored and the result recomputed."""

from __future__ import annotations

import pytest
from sqlmodel import select

from app.db import session_scope
from app.errors import Conflict, Invalid, NotFound
from app.models import AnswerStatus, AuditEvent, ScoreOverride
from app.services import corrections, overrides, reports
from app.services.report_models import narrative_note
from tests.support.factories import make_admin, make_job
from tests.support.review_setup import (
    PARTIAL,
    STRONG,
    WEAK,
    answers_of,
    interview_with_answers,
    load_interview,
)
from tests.support.runtime import scripted_runtime

pytestmark = pytest.mark.usefixtures('database')


def _actions(candidate_id: int) -> list[str]:
    with session_scope(read_only=True) as session:
        return [e.action for e in session.exec(select(AuditEvent).where(
            AuditEvent.subject_type == 'candidate', AuditEvent.subject_id == candidate_id)
            .order_by(AuditEvent.id)).all()]


async def test_score_override_keeps_the_ai_value_and_moves_the_effective_score() -> None:
    admin = make_admin()
    job = make_job(admin, question_count=3)
    async with scripted_runtime() as rig:
        interview = await interview_with_answers(rig, job, ['Hello, I am Cara.', PARTIAL, PARTIAL])
    assert interview.final_score is not None and interview.effective_score == interview.final_score
    ai_score, ai_recommendation = interview.final_score, interview.recommendation
    answer = answers_of(interview.id)[1]
    ai_depth = answer.depth
    with session_scope() as session:
        overrides.set_override(session, admin, interview.candidate_id, {
            'field': 'depth', 'answer_id': answer.id, 'score': 5, 'reason': 'Explained index trade-offs in detail.'})
    after = load_interview(interview.id)
    assert (after.final_score, after.recommendation) == (ai_score, ai_recommendation)  # the AI's result stays
    assert after.effective_score is not None and after.effective_score > ai_score
    assert after.effective_depth is not None and after.avg_depth is not None and after.effective_depth > after.avg_depth
    assert answers_of(interview.id)[1].depth == ai_depth
    with session_scope(read_only=True) as session:
        report = reports.candidate_report(session, admin.organization_id, interview.candidate_id)
    depth = report.items[1].answer.scores['depth']
    assert depth.ai == ai_depth and depth.effective == 5.0 and depth.override.reason.startswith('Explained')
    assert depth.override.actor == admin.email and report.interview.ai.final_score == ai_score
    # the narrative was written about the AI's score: the report says so beside it
    assert narrative_note(report.interview) == (
        f"Written about the AI's result ({ai_score:g}, {ai_recommendation}); after reviewers' overrides the result "
        f'is {after.effective_score:g}, {after.effective_recommendation}.')

    with session_scope() as session:
        overrides.set_override(session, admin, interview.candidate_id, {
            'field': 'recommendation', 'recommendation': 'Strong', 'reason': 'Panel agreed after the call.'})
    assert load_interview(interview.id).effective_recommendation == 'Strong'
    with session_scope() as session:
        for override in session.exec(select(ScoreOverride)).all():
            overrides.clear_override(session, admin, interview.candidate_id, override.id)
    cleared = load_interview(interview.id)
    assert (cleared.effective_score, cleared.effective_recommendation) == (ai_score, ai_recommendation)
    assert cleared.override_count == 0
    assert _actions(interview.candidate_id) == ['candidate.override', 'candidate.override',
                                                'candidate.override_clear', 'candidate.override_clear']


async def test_override_input_and_scope_are_checked() -> None:
    admin, stranger = make_admin(), make_admin()
    job = make_job(admin, question_count=3)
    async with scripted_runtime() as rig:
        interview = await interview_with_answers(rig, job, ['Hi.', STRONG, WEAK])
    answer_id = answers_of(interview.id)[1].id
    base = {'field': 'depth', 'answer_id': answer_id, 'score': 4, 'reason': 'ok'}
    with session_scope() as session:
        for bad, message in ((base | {'reason': '  '}, 'reason'), (base | {'score': 6}, 'score'),
                             (base | {'answer_id': None}, 'answer_id'), ({'field': 'recommendation',
                              'recommendation': 'Superb', 'reason': 'x'}, 'recommendation')):
            with pytest.raises(Invalid, match=message):
                overrides.set_override(session, admin, interview.candidate_id, bad)
        with pytest.raises(NotFound):
            overrides.set_override(session, stranger, interview.candidate_id, base)
        with pytest.raises(NotFound, match='Answer not found'):
            overrides.set_override(session, admin, interview.candidate_id, base | {'answer_id': 999_999})
    assert _actions(interview.candidate_id) == []


async def test_corrected_transcript_is_rescored_and_the_result_recomputed_keeping_overrides() -> None:
    admin = make_admin()
    job = make_job(admin, question_count=3)
    async with scripted_runtime() as rig:
        interview = await interview_with_answers(rig, job, ['Hello there.', STRONG, WEAK])
        before = load_interview(interview.id)
        strong, weak = answers_of(interview.id)[1:]
        with session_scope() as session:
            overrides.set_override(session, admin, interview.candidate_id, {
                'field': 'clarity', 'answer_id': strong.id, 'score': 1, 'reason': 'Hard to follow in the recording.'})
            overrides.set_override(session, admin, interview.candidate_id, {
                'field': 'recommendation', 'recommendation': 'Medium', 'reason': 'Hiring manager call.'})
            corrections.correct_transcript(session, admin, weak.id, STRONG)  # the STT misheard the answer
            corrections.request_rescore(session, admin, weak.id)
        with session_scope() as session, pytest.raises(Conflict, match='processed already'):
            corrections.request_rescore(session, admin, weak.id)
        rig.pipeline.answer_queue.enqueue(weak.id)
        await rig.wait_idle()
    after = load_interview(interview.id)
    rescored = answers_of(interview.id)[2]
    assert rescored.status == AnswerStatus.scored and rescored.transcript == WEAK  # the AI transcript is kept
    assert rescored.transcript_corrected == STRONG and rescored.correctness == 5.0
    assert before.final_score is not None and before.scored_at is not None and after.scored_at is not None
    assert after.final_score == 100.0 > before.final_score and after.recommendation == 'Strong'
    assert after.report == 'Cara Candidate scored 100.0 (Strong).' != before.report  # the report is rewritten
    assert after.scored_at > before.scored_at and after.status == 'completed'
    # HR's overrides survive the re-score: clarity 1 on one answer, the recommendation.
    assert after.effective_score is not None and after.effective_score < 100.0
    assert after.effective_recommendation == 'Medium' and after.override_count == 2
    assert _actions(interview.candidate_id)[-3:] == ['candidate.transcript_correct', 'candidate.rescore',
                                                     'interview.rescored']


async def test_failed_answer_retry_is_audited_and_finishes_the_interview() -> None:
    admin = make_admin()
    job = make_job(admin, question_count=3)
    async with scripted_runtime(max_attempts=1) as rig:
        rig.stt.fail = 1
        interview = await interview_with_answers(rig, job, ['Hi.', STRONG, STRONG])
        assert load_interview(interview.id).needs_review
        failed = next(a for a in answers_of(interview.id) if a.status == AnswerStatus.failed)
        with session_scope() as session:
            corrections.retry_answer(session, admin, failed.id)
        with session_scope() as session, pytest.raises(Conflict, match='Only a failed answer'):
            corrections.retry_answer(session, admin, failed.id)
        rig.pipeline.answer_queue.enqueue(failed.id)
        await rig.wait_idle()
    done = load_interview(interview.id)
    assert done.status == 'completed' and not done.needs_review and done.effective_score == done.final_score
    assert _actions(interview.candidate_id) == ['candidate.retry']


async def test_transcript_correction_rules() -> None:
    admin, stranger = make_admin(), make_admin()
    job = make_job(admin, question_count=3)
    async with scripted_runtime() as rig:
        interview = await interview_with_answers(rig, job, ['Hi.', STRONG, WEAK])
    answer = answers_of(interview.id)[2]
    with session_scope() as session:
        with pytest.raises(NotFound):
            corrections.correct_transcript(session, stranger, answer.id, 'x')
        with pytest.raises(Invalid, match='at most'):
            corrections.correct_transcript(session, admin, answer.id, 'x' * 20_001)
        corrections.correct_transcript(session, admin, answer.id, f'  {WEAK}  ')  # same as the AI's: no correction
        assert answers_of(interview.id)[2].transcript_corrected is None
        corrections.correct_transcript(session, admin, answer.id, 'I would use an index.')
        corrections.correct_transcript(session, admin, answer.id, '')  # back to the AI transcript
    assert answers_of(interview.id)[2].transcript_corrected is None
    with session_scope(read_only=True) as session:
        details = [e.detail for e in session.exec(select(AuditEvent).where(
            AuditEvent.action == 'candidate.transcript_correct')).all()]
    assert [d['removed'] for d in details] == [False, True]
    assert all('I would' not in str(d) for d in details)  # the words stay out of the audit trail
