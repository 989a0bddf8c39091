"""Reviewer assignments: which reviewers see a job (admins only; reviewers see nothing else)."""

from __future__ import annotations

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from app.api.deps import Id, ReadSession, TeamAdmin
from app.db import run_in_session
from app.services import job_reviewers
from app.validation import MAX_ID

router = APIRouter(prefix='/jobs/{job_id}/reviewers', tags=['team'])


class ReviewerOut(BaseModel):
    user_id: int
    name: str
    email: str


class AssignIn(BaseModel):
    user_id: int = Field(ge=1, le=MAX_ID)


@router.get('', response_model=list[ReviewerOut])
def list_reviewers(job_id: Id, user: TeamAdmin, session: ReadSession) -> list[ReviewerOut]:
    job_reviewers.get_job(session, user.organization_id, job_id)  # 404 for a missing job, not an empty list
    return [ReviewerOut(user_id=a.user_id, name=a.name, email=a.email)
            for a in job_reviewers.reviewers_of(session, user.organization_id, job_id)]


@router.post('', status_code=status.HTTP_204_NO_CONTENT)
async def assign_reviewer(job_id: Id, body: AssignIn, user: TeamAdmin) -> None:
    await run_in_session(job_reviewers.assign, user, job_id, body.user_id)


@router.delete('/{user_id}', status_code=status.HTTP_204_NO_CONTENT)
async def unassign_reviewer(job_id: Id, user_id: Id, user: TeamAdmin) -> None:
    await run_in_session(job_reviewers.unassign, user, job_id, user_id)
