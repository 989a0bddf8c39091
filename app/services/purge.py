"""Deleting candidates with everything recorded about them: interview, questions, answers, overrides,
self-identification, files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete as sql_delete
from sqlalchemy import update as sql_update
from sqlmodel import Session, col, select

from app import media
from app.config import get_settings
from app.models import (
    Answer,
    AuditEvent,
    Candidate,
    Interview,
    Job,
    OutboxMessage,
    Question,
    ScoreOverride,
    SelfIdentification,
)
from app.providers.tts.cache import forget_spoken
from app.services.audit import erased_candidate_label
from app.services.webhooks import payloads as webhook_payloads


@dataclass(frozen=True)
class Purged:
    """What a deletion leaves to remove from disk once its transaction has committed."""

    media_names: list[str]
    question_texts: list[str]

    def remove_files(self) -> None:
        for name in self.media_names:
            media.delete(name)
        # Spoken questions can name the candidate's own projects: forget the cached audio too.
        forget_spoken(get_settings().tts_cache_dir, self.question_texts)


def delete_candidate_rows(session: Session, *where: Any) -> Purged:
    """Delete the candidates matching `where` and all rows under them.

    The caller calls remove_files() only after its commit, so a rollback never leaves rows pointing
    at files that are gone.
    """
    candidate_ids = select(Candidate.id).where(*where)
    interview_ids = select(Interview.id).where(col(Interview.candidate_id).in_(candidate_ids))
    question_ids = select(Question.id).where(col(Question.interview_id).in_(interview_ids))
    texts = list(session.exec(select(Question.text).where(col(Question.interview_id).in_(interview_ids))).all())
    files: list[str | None] = []
    files += session.exec(select(Answer.audio_file).where(col(Answer.interview_id).in_(interview_ids))).all()
    files += session.exec(select(Question.audio_file).where(col(Question.interview_id).in_(interview_ids))).all()
    for segments in session.exec(select(Interview.video_segments).where(col(Interview.id).in_(interview_ids))).all():
        files += [segment.get('file') for segment in segments]
    files += session.exec(select(Candidate.resume_file).where(*where)).all()
    webhook_payloads.candidates_deleted(session, where)
    # Unsent (and sent) emails carry the candidate's name, address and link: they go with the candidate.
    session.exec(sql_delete(OutboxMessage).where(col(OutboxMessage.candidate_id).in_(candidate_ids)))
    session.exec(sql_delete(ScoreOverride).where(col(ScoreOverride.interview_id).in_(interview_ids)))
    session.exec(sql_delete(Answer).where(col(Answer.question_id).in_(question_ids)))
    session.exec(sql_delete(Answer).where(col(Answer.interview_id).in_(interview_ids)))
    session.exec(sql_delete(Question).where(col(Question.interview_id).in_(interview_ids)))
    session.exec(sql_delete(Interview).where(col(Interview.id).in_(interview_ids)))
    session.exec(sql_delete(SelfIdentification).where(col(SelfIdentification.candidate_id).in_(candidate_ids)))
    _unname_in_audit(session, where)
    session.exec(sql_delete(Candidate).where(*where))
    return Purged([name for name in files if name], texts)


def _unname_in_audit(session: Session, where: tuple[Any, ...]) -> None:
    # Audit rows name their subject when written ("Jane Doe (candidate #1)"); the trail keeps the rows
    # but not the person: their label becomes the candidate's number and the job's title.
    named = session.exec(select(Candidate.id, Candidate.organization_id, Job.title)
                         .join(Job, col(Job.id) == col(Candidate.job_id)).where(*where)).all()
    for candidate_id, organization_id, title in named:
        session.exec(sql_update(AuditEvent).where(
            col(AuditEvent.organization_id) == organization_id, col(AuditEvent.subject_type) == 'candidate',
            col(AuditEvent.subject_id) == candidate_id,
        ).values(subject_label=erased_candidate_label(candidate_id or 0, title)))
