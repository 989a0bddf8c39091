"""/api/v1 hiring analytics (HR) and the bias audit (admins), as JSON and as files."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from app.api.deps import Exporting, FairnessAdmin, JobsReader, ReadSession
from app.db import run_in_session
from app.downloads import content_disposition
from app.services import analytics_export, bias_audit, bias_export, hiring_analytics
from app.services.bias_audit import BiasReport
from app.services.hiring_analytics import HiringAnalytics
from app.services.report_html import CONTENT_SECURITY_POLICY
from app.services.report_scope import ReportScope

router = APIRouter(tags=['analytics & fairness'])
Scope = Annotated[ReportScope, Query()]
_NO_STORE = {'Cache-Control': 'private, no-store'}


def csv_response(filename: str, body: str) -> Response:
    return Response(body.encode('utf-8-sig'), media_type='text/csv; charset=utf-8',
                    headers={'Content-Disposition': content_disposition(filename), **_NO_STORE})


def print_response(page: str) -> HTMLResponse:
    return HTMLResponse(page, headers={'Content-Security-Policy': CONTENT_SECURITY_POLICY,
                                       'X-Content-Type-Options': 'nosniff', **_NO_STORE})


@router.get('/analytics', response_model=HiringAnalytics)
def analytics(scope: Scope, user: JobsReader, session: ReadSession) -> HiringAnalytics:
    """Funnel, completion, drop-off by question, durations and score distribution per job.
    job_id: one job (omit for all); date_from / date_to: application dates (UTC, inclusive)."""
    return hiring_analytics.visible_analytics(session, user, scope)


@router.get('/analytics.csv', response_class=Response,
            responses={200: {'content': {'text/csv': {}}, 'description': 'The CSV file'}})
async def analytics_csv(scope: Scope, user: Exporting) -> Response:
    """The numbers as CSV (recorded in the audit trail)."""
    return csv_response(*await run_in_session(analytics_export.analytics_csv, user, scope))


@router.get('/fairness/bias-report', response_model=BiasReport)
def bias_report(scope: Scope, user: FairnessAdmin, session: ReadSession) -> BiasReport:
    """Admins only. Impact ratios by sex, race/ethnicity and both, from the AI's and the effective results."""
    return bias_audit.bias_report(session, user, scope)


@router.get('/fairness/bias-report.csv', response_class=Response,
            responses={200: {'content': {'text/csv': {}}, 'description': 'The CSV file'}})
async def bias_report_csv(scope: Scope, user: FairnessAdmin) -> Response:
    """Admins only; recorded in the audit trail."""
    return csv_response(*await run_in_session(bias_export.audit_csv, user, scope))


@router.get('/fairness/bias-report.html', response_class=HTMLResponse)
async def bias_report_html(scope: Scope, user: FairnessAdmin) -> HTMLResponse:
    """The printable report (browser → Print → PDF); admins only, recorded in the audit trail."""
    return print_response(await run_in_session(bias_export.audit_html, user, scope))
