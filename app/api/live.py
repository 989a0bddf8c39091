"""/api/v1/candidates/{id}/live: HR's live view as JSON, questions asked live and private notes
(bearer token, organization-scoped). Reading the live view is audited like opening the page."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel, Field
from sqlmodel import Session

from app.api.deps import CandidatesReader, Deciding, Id, Reviewing
from app.db import run_in_session, run_read
from app.runtime import get_runtime
from app.services.live import notes, presence
from app.services.live.ask import MAX_QUESTION_CHARS
from app.services.live.notes import MAX_NOTE_CHARS
from app.services.live.snapshot import live_snapshot
from app.services.review_access import candidate_interview

router = APIRouter(prefix='/candidates/{candidate_id}/live', tags=['live'])


class LiveQuestionIn(BaseModel):
    text: str = Field(max_length=MAX_QUESTION_CHARS)
    key_points: list[str] = Field(default_factory=list, description='Empty: the answer is shown unscored')


class LiveQuestionOut(BaseModel):
    index: int
    number: int


class NoteIn(BaseModel):
    text: str = Field(max_length=MAX_NOTE_CHARS)


@router.get('')
async def live_view(candidate_id: Id, user: CandidatesReader) -> dict[str, Any]:
    def read_and_audit(session: Session) -> dict[str, Any]:
        snapshot = live_snapshot(session, user.organization_id, candidate_id)
        presence.record_live_view(session, user, candidate_id, snapshot.interview_id)
        return asdict(snapshot)
    return await run_in_session(read_and_audit)


@router.post('/questions', response_model=LiveQuestionOut, status_code=status.HTTP_201_CREATED)
async def ask(candidate_id: Id, body: LiveQuestionIn, user: Deciding) -> LiveQuestionOut:
    """Asked next: the first question slot the candidate has not seen."""
    _, interview = await run_read(candidate_interview, user.organization_id, candidate_id)
    assert interview.id is not None
    slot = await get_runtime().pipeline.live.ask(user, candidate_id, interview.id, body.text,
                                                 '\n'.join(body.key_points))
    return LiveQuestionOut(index=slot, number=slot + 1)


@router.post('/notes', status_code=status.HTTP_201_CREATED)
async def add_note(candidate_id: Id, body: NoteIn, user: Reviewing) -> dict[str, Any]:
    note = await run_in_session(notes.add_note, user, candidate_id, body.text)
    return {'id': note.id, 'at': note.created_at, 'text': note.text,
            'question_number': note.question_index + 1 if note.question_index is not None else None}
