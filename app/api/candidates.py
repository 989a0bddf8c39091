"""/api/v1 candidate routes for HR: a job's candidates, one candidate, status, resume download, delete."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, status
from fastapi.responses import FileResponse
from pydantic import BaseModel
from sqlmodel import Session

from app import links
from app.api.deps import CandidatesReader, Deciding, Deleting, Exporting, Id, JobsReader, ReadSession
from app.db import run_in_session
from app.downloads import attachment
from app.models import Candidate
from app.schemas import ParsedResume
from app.services import candidates

router = APIRouter(tags=['candidates'])


class ResumeFlagOut(BaseModel):
    kind: str  # hidden_text | hidden_skills | metadata | ai_instructions | active_content | truncated
    message: str
    count: int = 0
    excerpts: list[str] = []
    reason: str | None = None  # for hidden_text: white | invisible | tiny | outside | hidden


class CandidateSummaryOut(BaseModel):
    id: int
    job_id: int
    name: str
    email: str
    status: str
    status_note: str | None
    must_have_match: float | None
    skills: list[str]
    flag_count: int
    interview_status: str | None
    created_at: datetime
    updated_at: datetime | None


class InterviewOut(BaseModel):
    status: str
    url: str
    final_score: float | None
    recommendation: str | None


class CandidateOut(CandidateSummaryOut):
    resume_filename: str | None
    resume_mime: str | None
    resume_size: int | None
    resume_parsed: ParsedResume
    resume_flags: list[ResumeFlagOut]
    resume_text: str
    consent_at: datetime | None
    consent_notice_version: str | None
    interview: InterviewOut | None


def _summary(candidate: Candidate, interview_status: str | None) -> dict[str, Any]:
    parsed = ParsedResume.model_validate(candidate.resume_parsed or {})
    return {
        **candidate.model_dump(include={'id', 'job_id', 'name', 'email', 'status', 'status_note', 'must_have_match',
                                        'created_at', 'updated_at'}),
        'skills': parsed.skills, 'flag_count': len(candidate.resume_flags), 'interview_status': interview_status,
    }


def _detail(request: Request, session: Session, organization_id: int, candidate_id: int) -> CandidateOut:
    detail = candidates.candidate_detail(session, organization_id, candidate_id)
    candidate, interview = detail.candidate, detail.interview
    return CandidateOut(
        **_summary(candidate, interview.status if interview else None),
        **candidate.model_dump(include={'resume_filename', 'resume_mime', 'resume_size', 'resume_text',
                                        'consent_at', 'consent_notice_version'}),
        resume_parsed=ParsedResume.model_validate(candidate.resume_parsed or {}),
        resume_flags=[ResumeFlagOut.model_validate(flag) for flag in candidate.resume_flags],
        interview=InterviewOut(status=interview.status,
                               url=links.interview_link(str(request.base_url), interview.token),
                               final_score=interview.final_score, recommendation=interview.recommendation)
        if interview else None,
    )


@router.get('/jobs/{job_id}/candidates', response_model=list[CandidateSummaryOut])
def list_candidates(job_id: Id, user: JobsReader, session: ReadSession) -> list[CandidateSummaryOut]:
    """A job's candidates, newest first, with the share of must-have skills their resume shows."""
    return [CandidateSummaryOut(**_summary(row.candidate, row.interview_status))
            for row in candidates.list_candidates(session, user.organization_id, job_id)]


@router.get('/candidates/{candidate_id}', response_model=CandidateOut)
def get_candidate(request: Request, candidate_id: Id, user: CandidatesReader, session: ReadSession) -> CandidateOut:
    """One candidate with the parsed resume, its flags and the resume text (untrusted: display escaped)."""
    return _detail(request, session, user.organization_id, candidate_id)


@router.patch('/candidates/{candidate_id}', response_model=CandidateOut)
async def update_candidate(request: Request, candidate_id: Id, body: candidates.CandidateUpdate,
                           user: Deciding) -> CandidateOut:
    """Change the status (pending, shortlisted, rejected, hired) and/or its note."""
    def update(session: Session) -> CandidateOut:
        candidates.update_candidate(session, user, candidate_id, body)
        return _detail(request, session, user.organization_id, candidate_id)
    return await run_in_session(update)


@router.delete('/candidates/{candidate_id}', status_code=status.HTTP_204_NO_CONTENT)
async def delete_candidate(candidate_id: Id, user: Deleting) -> None:
    """Delete the candidate with their interview, answers, recordings and resume."""
    await run_in_session(candidates.delete_candidate, user, candidate_id)


@router.get('/candidates/{candidate_id}/resume', response_class=FileResponse,
            responses={200: {'content': {'application/pdf': {}, 'text/plain': {}}}})
async def download_resume(candidate_id: Id, user: Exporting) -> FileResponse:
    """The original resume file as uploaded (the download is recorded in the audit trail)."""
    file = await run_in_session(candidates.resume_file, user, candidate_id)
    return attachment(file.path, file.filename, file.mime)
