"""The live page's read model, read in one go, and a cheap fingerprint to push only what changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from app.models import Answer, CodeSubmission, Interview, InterviewNote, Job, Question
from app.services.interview.plan import load_plan
from app.services.live.notes import notes_of
from app.services.review_access import candidate_interview

RECENT_SIGNALS = 10


@dataclass(frozen=True)
class LiveItem:
    number: int
    text: str
    type: str
    asked_by: str | None
    status: str | None  # None: on screen, not answered yet; else the answer's processing status
    transcript: str | None
    scores: dict[str, float | None]
    comment: str | None
    tests: str | None  # coding: '4 of 5 tests passed'


@dataclass(frozen=True)
class LiveNote:
    at: datetime
    author: str
    text: str
    question_number: int | None


@dataclass(frozen=True)
class LiveSnapshot:
    candidate_id: int
    interview_id: int
    candidate_name: str
    job_title: str
    status: str  # scheduled | in_progress | finished (answering done) | completed | abandoned
    started_at: datetime | None
    total: int
    answered: int
    current: LiveItem | None  # the question on the candidate's screen
    items: list[LiveItem]  # every question shown so far, oldest first
    focus_lost: int
    signals: list[dict[str, Any]]  # the latest integrity events
    videos: list[dict[str, Any]]  # [{'index', 'chunks', 'bytes', 'mime'}]
    queued: list[dict[str, Any]]  # HR questions waiting: [{'number', 'text', 'asked_by', 'scored'}]
    notes: list[LiveNote] = field(default_factory=list)


def live_snapshot(session: Session, organization_id: int, candidate_id: int) -> LiveSnapshot:
    candidate, interview = candidate_interview(session, organization_id, candidate_id)
    assert interview.id is not None and candidate.id is not None
    job = session.get(Job, candidate.job_id)
    rows = session.exec(select(Question, Answer).outerjoin(Answer, col(Answer.question_id) == col(Question.id))
                        .where(Question.interview_id == interview.id, col(Question.served_at).is_not(None))
                        .order_by(col(Question.index))).all()
    code = {row.question_id: row for row in session.exec(
        select(CodeSubmission).where(CodeSubmission.interview_id == interview.id)).all()}
    items = [_item(question, answer, code.get(question.id or 0)) for question, answer in rows]
    current = next((item for item in items if item.status is None), None)
    served = len(items)
    queued = [{'number': n + 1, 'text': entry.text or '', 'asked_by': entry.asked_by or '',
               'scored': bool(entry.rubric)}
              for n, entry in enumerate(load_plan(interview.plan)) if entry.is_live and n >= served]
    integrity = dict(interview.integrity or {})
    status = interview.status
    if status == 'in_progress' and interview.ended_at is not None:
        status = 'finished'
    return LiveSnapshot(
        candidate_id=candidate.id, interview_id=interview.id, candidate_name=candidate.name,
        job_title=job.title if job else '', status=status, started_at=interview.started_at,
        total=interview.question_total, answered=sum(1 for item in items if item.status is not None),
        current=current, items=items, focus_lost=int(integrity.get('focus_lost_count', 0)),
        signals=list(integrity.get('events', []))[-RECENT_SIGNALS:],
        videos=[{'index': n, 'chunks': int(s.get('chunks', 0)), 'bytes': int(s.get('bytes', 0)),
                 'mime': str(s.get('mime') or 'video/webm')} for n, s in enumerate(interview.video_segments)],
        queued=queued,
        notes=[LiveNote(n.created_at, n.author_label, n.text,
                        n.question_index + 1 if n.question_index is not None else None)
               for n in notes_of(session, organization_id, interview.id)],
    )


def live_marker(session: Session, organization_id: int, candidate_id: int) -> tuple[object, ...]:
    """Changes whenever anything the live page shows changes; a few indexed reads, no row bodies."""
    _, interview = candidate_interview(session, organization_id, candidate_id)
    answers = session.exec(select(Answer.id, Answer.status, Answer.processed_at)
                           .where(Answer.interview_id == interview.id).order_by(col(Answer.id))).all()
    served = session.exec(select(func.count()).select_from(Question).where(
        Question.interview_id == interview.id, col(Question.served_at).is_not(None))).one()
    notes = session.exec(select(func.count()).select_from(InterviewNote)
                         .where(InterviewNote.interview_id == interview.id)).one()
    code = session.exec(select(func.count()).select_from(CodeSubmission)
                        .where(CodeSubmission.interview_id == interview.id)).one()
    videos = tuple(int(s.get('chunks', 0)) for s in interview.video_segments)
    return (interview.status, interview.ended_at, interview.question_total, len(interview.plan), served,
            tuple(answers), int((interview.integrity or {}).get('focus_lost_count', 0)),
            len((interview.integrity or {}).get('events', [])), videos, notes, code)


def _item(question: Question, answer: Answer | None, code: CodeSubmission | None) -> LiveItem:
    scores = {d: getattr(answer, d) if answer else None for d in ('correctness', 'depth', 'clarity', 'relevance')}
    return LiveItem(
        number=question.index + 1, text=question.text, type=question.type, asked_by=question.asked_by_label,
        status=answer.status if answer else None,
        transcript=(answer.transcript_corrected or answer.transcript) if answer else None,
        scores=scores, comment=answer.comment if answer else None,
        tests=f'{code.tests_passed} of {code.tests_total} tests passed' if code else None,
    )


def is_live(interview: Interview) -> bool:
    return interview.status == 'in_progress' and interview.ended_at is None
