"""HR's private notes on an interview: time-stamped, with the question on screen, shown on the report."""

from __future__ import annotations

from sqlmodel import Session, col, select

from app.errors import Invalid
from app.models import InterviewNote, User
from app.services import audit
from app.services.interview import rows
from app.services.review_access import candidate_interview

MAX_NOTE_CHARS = 2000


def add_note(session: Session, user: User, candidate_id: int, text: str) -> InterviewNote:
    text = (text or '').strip()
    if not text:
        raise Invalid('Write something first.')
    if len(text) > MAX_NOTE_CHARS:
        raise Invalid(f'A note is at most {MAX_NOTE_CHARS:,} characters.')
    _, interview = candidate_interview(session, user.organization_id, candidate_id)
    assert interview.id is not None
    served = rows.served_count(session, interview.id)
    note = InterviewNote(organization_id=user.organization_id, interview_id=interview.id, author_id=user.id,
                         author_label=user.name or user.email, text=text,
                         question_index=served - 1 if served else None)
    session.add(note)
    session.flush()
    audit.record(session, organization_id=user.organization_id, actor=user, action='interview.note',
                 subject_type='candidate', subject_id=candidate_id, detail={'note_id': note.id})
    session.commit()
    return note


def notes_of(session: Session, organization_id: int, interview_id: int) -> list[InterviewNote]:
    return list(session.exec(select(InterviewNote).where(
        InterviewNote.organization_id == organization_id, InterviewNote.interview_id == interview_id,
    ).order_by(col(InterviewNote.created_at), col(InterviewNote.id))).all())
