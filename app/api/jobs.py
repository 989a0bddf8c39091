"""/api/v1/jobs: job postings of the caller's organization."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query, Request, status
from pydantic import BaseModel

from app import links
from app.api.deps import Id, JobsReader, JobsWriter, ReadSession
from app.db import run_in_session, run_read
from app.models import Job
from app.schemas import RubricPoint
from app.services import job_questions, jobs

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
    coding_enabled: bool
    coding_question_count: int
    invite_deadline_days: int
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
def list_jobs(request: Request, user: JobsReader, session: ReadSession,
              q: str = Query('', max_length=200, description='Search title or job code')) -> list[JobOut]:
    return [job_out(request, item.job, item.candidates, item.completed_interviews)
            for item in jobs.list_visible_jobs(session, user, q)]


@router.post('', status_code=status.HTTP_201_CREATED, response_model=JobOut)
async def create_job(request: Request, body: jobs.JobCreate, user: JobsWriter) -> JobOut:
    return job_out(request, await run_in_session(jobs.create_job, user, body))


@router.get('/{job_id}', response_model=JobOut)
def get_job(request: Request, job_id: Id, user: JobsReader, session: ReadSession) -> JobOut:
    return job_out(request, jobs.get_job(session, user.organization_id, job_id))


@router.patch('/{job_id}', response_model=JobOut)
async def update_job(request: Request, job_id: Id, body: jobs.JobUpdate, user: JobsWriter) -> JobOut:
    return job_out(request, await run_in_session(jobs.update_job, user, job_id, body))


@router.delete('/{job_id}', status_code=status.HTTP_204_NO_CONTENT)
async def delete_job(job_id: Id, user: JobsWriter) -> None:
    """Delete the job and every candidate, interview and recording under it."""
    await run_in_session(jobs.delete_job, user, job_id)


class JobQuestionOut(BaseModel):
    key: str
    bank_id: str | None
    skill: str | None
    difficulty: str
    text: str
    rubric: list[RubricPoint]
    pinned: bool
    excluded: bool
    edited: bool
    custom: bool


class JobQuestionsOut(BaseModel):
    """The job's question pool with HR's decisions; PUT takes the same list back (extra fields ignored)."""

    job_id: int
    question_count: int
    questions: list[JobQuestionOut]


def _questions_out(job: Job, views: list[job_questions.JobQuestionView]) -> JobQuestionsOut:
    assert job.id is not None
    return JobQuestionsOut(job_id=job.id, question_count=job.question_count, questions=[
        JobQuestionOut(key=v.key, bank_id=v.bank_id, skill=v.skill, difficulty=v.difficulty, text=v.text,
                       rubric=v.rubric, pinned=v.pinned, excluded=v.excluded, edited=v.edited, custom=v.custom)
        for v in views])


@router.get('/{job_id}/questions', response_model=JobQuestionsOut)
def get_job_questions(job_id: Id, user: JobsReader, session: ReadSession) -> JobQuestionsOut:
    """Every question the interviewer may ask for this job, per skill and difficulty, with HR's edits,
    pins and exclusions, and HR's own questions."""
    views = job_questions.job_questions(session, user.organization_id, job_id)
    return _questions_out(jobs.get_job(session, user.organization_id, job_id), views)


@router.put('/{job_id}/questions', response_model=JobQuestionsOut)
async def put_job_questions(job_id: Id, body: job_questions.QuestionsUpdate, user: JobsWriter) -> JobQuestionsOut:
    """Save HR's decisions: edited text or rubric, pinned (asked in every interview), excluded (never asked),
    and HR's own questions (no bank_id). Send the whole list; a question left out loses its decision."""
    views = await run_in_session(job_questions.save_job_questions, user, job_id, body)
    job = await run_read(jobs.get_job, user.organization_id, job_id)
    return _questions_out(job, views)
