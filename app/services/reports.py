"""Assembling a candidate's report: resume summary, interview result (AI and effective), every
question with its answer, scores, overrides and evidence. Organization-scoped like everything else."""

from __future__ import annotations

from sqlmodel import Session, col, select

from app import media
from app.models import (
    Answer,
    AnswerStatus,
    Candidate,
    Interview,
    Job,
    OverrideField,
    Question,
    ScoreOverride,
)
from app.schemas import ParsedResume
from app.services.accommodations import Accommodations, effective
from app.services.candidates import get_candidate
from app.services.coding.report import code_by_question
from app.services.interview.scoring import DIMENSIONS
from app.services.live.notes import notes_of
from app.services.overrides import effective_dimension, overrides_of
from app.services.report_models import (
    AccommodationsInfo,
    AnswerOut,
    CandidateInfoOut,
    CandidateReport,
    DimensionScore,
    EvidenceOut,
    InterviewReportOut,
    NoteOut,
    OverrideOut,
    QuestionOut,
    ReportItem,
    ResultOut,
    VideoOut,
)

OFFLINE = 'offline'


def candidate_report(session: Session, organization_id: int, candidate_id: int) -> CandidateReport:
    candidate = get_candidate(session, organization_id, candidate_id)
    job = session.get(Job, candidate.job_id)
    assert job is not None
    interview = session.exec(select(Interview).where(Interview.candidate_id == candidate.id)).first()
    items: list[ReportItem] = []
    notes: list[NoteOut] = []
    interview_out = None
    if interview is not None:
        assert interview.id is not None
        overrides = {(o.answer_id, o.field): o for o in overrides_of(session, interview.id)}
        rows = session.exec(select(Question, Answer).outerjoin(Answer, col(Answer.question_id) == col(Question.id))
                            .where(Question.interview_id == interview.id).order_by(col(Question.index))).all()
        # Pre-generated questions the candidate never saw are not part of the interview.
        code = code_by_question(session, interview.id)
        items = [ReportItem(question=_question(q), answer=_answer(a, overrides) if a else None, code=code.get(q.id))
                 for q, a in rows if q.served_at is not None or a is not None]
        interview_out = _interview(interview, overrides, items)
        notes = [NoteOut(at=n.created_at, author=n.author_label, text=n.text,
                         question_number=n.question_index + 1 if n.question_index is not None else None)
                 for n in notes_of(session, organization_id, interview.id)]
    return CandidateReport(candidate=_candidate(candidate, job), resume=ParsedResume.model_validate(
        candidate.resume_parsed or {}), resume_flags=list(candidate.resume_flags), resume_text=candidate.resume_text,
        interview=interview_out,
        items=items, notes=notes)


def processing_marker(session: Session, organization_id: int, candidate_id: int) -> tuple[object, ...]:
    """A cheap fingerprint of what background work changes; the report page polls it to refresh."""
    get_candidate(session, organization_id, candidate_id)
    interview = session.exec(select(Interview).where(Interview.candidate_id == candidate_id)).first()
    if interview is None:
        return ()
    answers = session.exec(select(Answer.id, Answer.status, Answer.processed_at)
                           .where(Answer.interview_id == interview.id).order_by(col(Answer.id))).all()
    return (interview.status, interview.scored_at, interview.needs_review, tuple(answers))


def override_out(override: ScoreOverride | None) -> OverrideOut | None:
    if override is None:
        return None
    assert override.id is not None
    return OverrideOut(id=override.id, field=override.field, answer_id=override.answer_id, score=override.score,
                       recommendation=override.recommendation, reason=override.reason, actor=override.actor_label,
                       at=override.updated_at or override.created_at)


def _question(question: Question) -> QuestionOut:
    return QuestionOut(index=question.index, number=question.index + 1, text=question.text, type=question.type,
                       skill=question.skill, rubric=[str(p.get('point', '')) for p in question.rubric],
                       asked_by=question.asked_by_label)


def _answer(answer: Answer, overrides: dict[tuple[int | None, str], ScoreOverride]) -> AnswerOut:
    assert answer.id is not None
    scores = {}
    for dimension in DIMENSIONS:
        scores[dimension] = DimensionScore(ai=getattr(answer, dimension),
                                           override=override_out(overrides.get((answer.id, dimension))),
                                           effective=effective_dimension(answer, dimension, overrides))
    return AnswerOut(
        id=answer.id, status=answer.status, error=answer.error, review_reason=answer.review_reason,
        attempts=answer.attempts,
        duration_seconds=answer.duration_seconds, has_audio=media.exists(answer.audio_file), typed=answer.typed,
        transcript=answer.transcript, transcript_corrected=answer.transcript_corrected,
        stt_confidence=answer.stt_confidence, scores=scores,
        evidence=[EvidenceOut(point=str(e.get('point', '')), quote=str(e.get('quote', ''))) for e in answer.evidence],
        matched_points=list(answer.matched_points), missing_points=list(answer.missing_points),
        comment=answer.comment, scored_by=answer.scored_by,
        scored_at=answer.processed_at if answer.status == AnswerStatus.scored else None)


def effective_result(interview: Interview) -> ResultOut:
    """The result HR sees: the AI's, with any overrides applied."""
    return ResultOut(final_score=interview.effective_score, recommendation=interview.effective_recommendation,
                     averages={d: getattr(interview, f'effective_{d}') for d in DIMENSIONS})


def _interview(interview: Interview, overrides: dict[tuple[int | None, str], ScoreOverride],
               items: list[ReportItem]) -> InterviewReportOut:
    assert interview.id is not None
    answers = [item.answer for item in items if item.answer is not None]
    videos = [VideoOut(index=n, mime=str(s.get('mime', '')), bytes=int(s.get('bytes', 0)),
                       started_at=s.get('started_at'), available=media.exists(s.get('file')))
              for n, s in enumerate(interview.video_segments)]
    return InterviewReportOut(
        id=interview.id, status=interview.status, started_at=interview.started_at, ended_at=interview.ended_at,
        scored_at=interview.scored_at, scoring_provider=interview.scoring_provider,
        offline_scoring=interview.scoring_provider == OFFLINE or any(a.scored_by == OFFLINE for a in answers),
        needs_review=interview.needs_review,
        ai=ResultOut(final_score=interview.final_score, recommendation=interview.recommendation,
                     averages={d: getattr(interview, f'avg_{d}') for d in DIMENSIONS}),
        effective=effective_result(interview),
        recommendation_override=override_out(overrides.get((None, OverrideField.recommendation))),
        report=interview.report, integrity=dict(interview.integrity), videos=videos,
        recordings_deleted_at=interview.recordings_deleted_at, questions_total=interview.question_total,
        processing=sum(a.status in (AnswerStatus.received, AnswerStatus.transcribed) for a in answers),
        failed=sum(a.status == AnswerStatus.failed for a in answers),
        held=sum(a.status == AnswerStatus.needs_review for a in answers),
        feedback_rating=interview.feedback_rating, feedback_comment=interview.feedback_comment)


def _candidate(candidate: Candidate, job: Job) -> CandidateInfoOut:
    assert candidate.id is not None and job.id is not None
    return CandidateInfoOut(
        id=candidate.id, job_id=job.id, job_title=job.title, job_must_have_skills=list(job.must_have_skills),
        name=candidate.name, email=candidate.email, applied_at=candidate.created_at, status=candidate.status,
        status_note=candidate.status_note, decided_at=candidate.decided_at, decided_by=candidate.decided_by,
        must_have_match=candidate.must_have_match, consent_at=candidate.consent_at,
        consent_notice_version=candidate.consent_notice_version, resume_filename=candidate.resume_filename,
        accommodations=_accommodations(effective(job, candidate)))


def _accommodations(acc: Accommodations) -> AccommodationsInfo:
    return AccommodationsInfo(typed_answers=acc.typed_answers, time_multiplier=acc.time_multiplier,
                              rerecord_limit=acc.rerecord_limit, overridden=list(acc.overridden), labels=acc.labels())
