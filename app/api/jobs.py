"""/api/v1/jobs: job postings of the caller's organization."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query, Request, status
from pydantic import BaseModel

from app import links
from app.api.deps import CurrentUser, ReadSession
from app.db import run_in_session
from app.models import Job
from app.services import jobs

router = APIRouter(prefix='/jobs', tags=['jobs'])


class JobOut(BaseModel):
    id: int
    title: str
    description: str
    must_have_skills: list[str]
    nice_to_have_skills: list[str]
    job_code: str
    share_url: str
    is_active: bool
    question_count: int
    answer_time_limit_seconds: int
    language: str
    follow_ups_enabled: bool
    typed_answers: str  # accommodations every candidate gets: off | fallback | allowed
    time_multiplier: float  # 0 = untimed
    rerecord_limit: int
    accommodation_contact: str
    created_at: datetime
    updated_at: datetime | None
    candidates: int | None = None
    completed_interviews: int | None = None


def job_out(request: Request, job: Job, candidates: int | None = None, completed: int | None = None) -> JobOut:
    assert job.id is not None
    return JobOut(
        **job.model_dump(include=set(JobOut.model_fields) - {'share_url', 'candidates', 'completed_interviews'}),
        share_url=links.apply_link(str(request.base_url), job.job_code), candidates=candidates,
        completed_interviews=completed,
    )


@router.get('', response_model=list[JobOut])
def list_jobs(request: Request, user: CurrentUser, session: ReadSession,
              q: str = Query('', max_length=200, description='Search title or job code')) -> list[JobOut]:
    return [job_out(request, item.job, item.candidates, item.completed_interviews)
            for item in jobs.list_jobs(session, user.organization_id, q)]


@router.post('', status_code=status.HTTP_201_CREATED, response_model=JobOut)
async def create_job(request: Request, body: jobs.JobCreate, user: CurrentUser) -> JobOut:
    return job_out(request, await run_in_session(jobs.create_job, user, body))


@router.get('/{job_id}', response_model=JobOut)
def get_job(request: Request, job_id: int, user: CurrentUser, session: ReadSession) -> JobOut:
    return job_out(request, jobs.get_job(session, user.organization_id, job_id))


@router.patch('/{job_id}', response_model=JobOut)
async def update_job(request: Request, job_id: int, body: jobs.JobUpdate, user: CurrentUser) -> JobOut:
    return job_out(request, await run_in_session(jobs.update_job, user, job_id, body))


@router.delete('/{job_id}', status_code=status.HTTP_204_NO_CONTENT)
async def delete_job(job_id: int, user: CurrentUser) -> None:
    """Delete the job and every candidate, interview and recording under it."""
    await run_in_session(jobs.delete_job, user, job_id)
