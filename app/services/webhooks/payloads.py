"""What each event tells the receiver, and the emit calls the services make (in their own transaction).

No resume text, transcript or recording ever goes out; an ATS that wants the report follows report_url
with an API key or token.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from app import links
from app.models import Candidate, Interview
from app.services.webhooks.events import emit


def candidate_data(candidate: Candidate) -> dict[str, Any]:
    return {'candidate_id': candidate.id, 'job_id': candidate.job_id, 'name': candidate.name,
            'email': candidate.email, 'status': candidate.status,
            'invited': candidate.invited_at is not None}


def report_url(candidate_id: int | None) -> str:
    return links.public_link(None, f'{links.API_PREFIX}/candidates/{candidate_id}/report')


def candidate_applied(session: Session, candidate: Candidate) -> None:
    emit(session, candidate.organization_id, 'candidate.applied', candidate_data(candidate))


def interview_started(session: Session, interview: Interview) -> None:
    candidate = session.get(Candidate, interview.candidate_id)
    if candidate is not None:
        emit(session, interview.organization_id, 'interview.started',
             {**candidate_data(candidate), 'interview_id': interview.id,
              'started_at': interview.started_at.isoformat() if interview.started_at else None})


def interview_completed(session: Session, interview: Interview) -> None:
    candidate = session.get(Candidate, interview.candidate_id)
    if candidate is not None:
        emit(session, interview.organization_id, 'interview.completed',
             {**candidate_data(candidate), 'interview_id': interview.id, 'score': interview.final_score,
              'recommendation': interview.recommendation, 'effective_score': interview.effective_score,
              'effective_recommendation': interview.effective_recommendation,
              'report_url': report_url(candidate.id)})


def candidate_decided(session: Session, candidate: Candidate, previous: str, decided_by: str) -> None:
    emit(session, candidate.organization_id, 'candidate.decided',
         {**candidate_data(candidate), 'previous_status': previous, 'note': candidate.status_note,
          'decided_by': decided_by})


def candidates_deleted(session: Session, where: Any) -> None:
    """Before the rows go: one candidate.deleted per candidate matching `where`."""
    for candidate_id, organization_id, job_id in session.exec(
            select(Candidate.id, Candidate.organization_id, Candidate.job_id).where(*where)).all():
        emit(session, organization_id, 'candidate.deleted', {'candidate_id': candidate_id, 'job_id': job_id})
