"""/api/v1/jobs/{id}/…: the candidate dashboard, score distribution, comparison and CSV export."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.api.deps import Exporting, Id, JobsReader, ReadSession
from app.db import run_in_session
from app.downloads import csv_download
from app.services import compare, dashboard, exports
from app.services.compare import MAX_COMPARE, MIN_COMPARE, CompareColumn
from app.services.dashboard import DashboardPage, DashboardQuery, Distribution
from app.validation import DbId

router = APIRouter(prefix='/jobs/{job_id}', tags=['review'])


# The service's frozen dataclasses are the response shapes: FastAPI serializes them as they are.


@router.get('/dashboard', response_model=DashboardPage)
def job_dashboard(job_id: Id, query: Annotated[DashboardQuery, Query()], user: JobsReader,
                  session: ReadSession) -> DashboardPage:
    """One page of the job's candidates. sort: name | email | applied | status | interview | score |
    recommendation | correctness | depth | clarity | relevance | match; repeat `status` and
    `recommendation` (Strong, Medium, Weak, Reject, none) to filter; `search` matches name or email."""
    return dashboard.job_dashboard(session, user.organization_id, job_id, query)


@router.get('/score-distribution', response_model=Distribution)
def score_distribution(job_id: Id, user: JobsReader, session: ReadSession) -> Distribution:
    """Candidates per 10-point band of the effective score (0–9 … 90–100) and per recommendation."""
    return dashboard.score_distribution(session, user.organization_id, job_id)


@router.get('/compare', response_model=list[CompareColumn])
def compare_candidates(job_id: Id, user: JobsReader, session: ReadSession,
                       ids: Annotated[list[DbId], Query(
                           description='2 to 4 candidate ids of this job',
                           # Documented, and enforced by the service with a sentence for people (422).
                           json_schema_extra={'minItems': MIN_COMPARE, 'maxItems': MAX_COMPARE})],
                       ) -> list[CompareColumn]:
    return compare.compare_candidates(session, user.organization_id, job_id, ids)


@router.get('/candidates.csv', response_class=Response,
            responses={200: {'content': {'text/csv': {}}, 'description': 'The CSV file'}})
async def export_csv(job_id: Id, query: Annotated[DashboardQuery, Query()], user: Exporting) -> Response:
    """Every candidate matching the dashboard filters (pagination ignored), with effective and AI
    scores and decisions. The export is recorded in the audit trail."""
    filename, body = await run_in_session(exports.job_csv, user, job_id, query)
    return csv_download(filename, body)
