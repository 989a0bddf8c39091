"""Public (no sign-in) endpoints a candidate's browser uses before applying."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from app.api.deps import PUBLIC, ReadSession
from app.services import jobs

router = APIRouter(prefix='/public', tags=['public'], dependencies=PUBLIC)


class PublicJobOut(BaseModel):
    job_code: str
    title: str
    description: str
    must_have_skills: list[str]
    nice_to_have_skills: list[str]
    question_count: int
    answer_time_limit_seconds: int
    language: str


@router.get('/jobs/{job_code}', response_model=PublicJobOut)
def open_job(job_code: str, session: ReadSession) -> PublicJobOut:
    """An open job by its 6-character code (404 for unknown or closed codes)."""
    job = jobs.find_open_job(session, job_code)
    return PublicJobOut.model_validate(job, from_attributes=True)
