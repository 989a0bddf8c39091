"""/api/v1/jobs/{id}/…: the candidate dashboard, score distribution, comparison and CSV export."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel

from app.api.deps import CurrentUser, DbSession, ReadSession
from app.downloads import content_disposition
from app.services import compare, dashboard, exports
from app.services.dashboard import DashboardQuery

router = APIRouter(prefix='/jobs/{job_id}', tags=['review'])


class DashboardRowOut(BaseModel):
    candidate_id: int
    name: str
    email: str
    applied_at: datetime
    status: str
    status_note: str | None
    must_have_match: float | None
    flag_count: int
    interview_status: str | None
    score: float | None  # effective: HR overrides applied
    recommendation: str | None
    correctness: float | None
    depth: float | None
    clarity: float | None
    relevance: float | None
    ai_score: float | None
    ai_recommendation: str | None
    override_count: int
    needs_review: bool
    scoring_provider: str | None


class DashboardOut(BaseModel):
    total: int
    page: int
    page_size: int
    rows: list[DashboardRowOut]


class DistributionOut(BaseModel):
    buckets: list[int]
    by_recommendation: dict[str, int]
    candidates: int
    scored: int
    average: float | None


class CompareOut(BaseModel):
    candidate_id: int
    name: str
    email: str
    status: str
    interview_status: str | None
    score: float | None
    recommendation: str | None
    ai_score: float | None
    ai_recommendation: str | None
    averages: dict[str, float | None]
    must_have_match: float | None
    skills: list[str]
    experience_years: float | None
    flag_count: int
    focus_lost: int
    skill_scores: dict[str, float]
    answered: int
    questions: int


@router.get('/dashboard', response_model=DashboardOut)
def job_dashboard(job_id: int, query: Annotated[DashboardQuery, Query()], user: CurrentUser,
                  session: ReadSession) -> DashboardOut:
    """One page of the job's candidates. sort: name | email | applied | status | interview | score |
    recommendation | correctness | depth | clarity | relevance | match; repeat `status` and
    `recommendation` (Strong, Medium, Weak, Reject, none) to filter; `search` matches name or email."""
    page = dashboard.job_dashboard(session, user.organization_id, job_id, query)
    return DashboardOut(total=page.total, page=page.page, page_size=page.page_size,
                        rows=[DashboardRowOut(**asdict(row)) for row in page.rows])


@router.get('/score-distribution', response_model=DistributionOut)
def score_distribution(job_id: int, user: CurrentUser, session: ReadSession) -> DistributionOut:
    """Candidates per 10-point band of the effective score (0–9 … 90–100) and per recommendation."""
    return DistributionOut(**asdict(dashboard.score_distribution(session, user.organization_id, job_id)))


@router.get('/compare', response_model=list[CompareOut])
def compare_candidates(job_id: int, user: CurrentUser, session: ReadSession,
                       ids: Annotated[list[int], Query(description='2 to 4 candidate ids of this job')]) -> list[
                           CompareOut]:
    return [CompareOut(**asdict(column)) for column in compare.compare_candidates(
        session, user.organization_id, job_id, ids)]


@router.get('/candidates.csv', response_class=Response,
            responses={200: {'content': {'text/csv': {}}, 'description': 'The CSV file'}})
def export_csv(job_id: int, query: Annotated[DashboardQuery, Query()], user: CurrentUser,
               session: DbSession) -> Response:
    """Every candidate matching the dashboard filters (pagination ignored), with effective and AI
    scores and decisions. The export is recorded in the audit trail."""
    filename, body = exports.job_csv(session, user, job_id, query)
    return Response(body.encode('utf-8-sig'), media_type='text/csv; charset=utf-8', headers={
        'Content-Disposition': content_disposition(filename), 'Cache-Control': 'private, no-store'})
