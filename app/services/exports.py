"""Exports, each recorded in the audit trail: a job's candidates as CSV, a candidate's data as JSON
(data-subject access), and the printable report."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from app.db_types import utcnow
from app.models import Candidate, Interview, User
from app.services import audit, dashboard
from app.services.candidates import get_candidate
from app.services.dashboard import DashboardQuery
from app.services.jobs import get_job
from app.services.report_html import render_report
from app.services.reports import candidate_report

CSV_HEADER = (
    'candidate_id', 'name', 'email', 'applied_at', 'status', 'status_note', 'decided_at', 'decided_by',
    'interview_status', 'final_score', 'recommendation', 'correctness', 'depth', 'clarity', 'relevance',
    'ai_final_score', 'ai_recommendation', 'overrides', 'must_have_match', 'resume_flags', 'needs_review',
    'scoring',
)
_CSV_COLUMNS: tuple[Any, ...] = (
    Candidate.id, Candidate.name, Candidate.email, Candidate.created_at, Candidate.status, Candidate.status_note,
    Candidate.decided_at, Candidate.decided_by, Interview.status, Interview.effective_score,
    Interview.effective_recommendation, Interview.effective_correctness, Interview.effective_depth,
    Interview.effective_clarity, Interview.effective_relevance, Interview.final_score, Interview.recommendation,
    Interview.override_count, Candidate.must_have_match, Candidate.resume_flags, Interview.needs_review,
    Interview.scoring_provider,
)
_FLAGS = CSV_HEADER.index('resume_flags')  # a JSON list in the row, a count in the file
# A spreadsheet runs a cell starting with one of these as a formula; candidate names are untrusted.
_FORMULA_START = ('=', '+', '-', '@', '\t', '\r')


def job_csv(session: Session, user: User, job_id: int, query: DashboardQuery | dict[str, Any] | None = None,
            ) -> tuple[str, str]:
    """(file name, CSV text) of a job's candidates with effective scores and decisions.

    Filters and sort order are the dashboard's; pagination is ignored (every matching candidate).
    """
    q = dashboard.parse_query(query or {})
    job = get_job(session, user.organization_id, job_id)
    statement = (select(*_CSV_COLUMNS).outerjoin(Interview, col(Interview.candidate_id) == col(Candidate.id))
                 .where(*dashboard.filters(user.organization_id, job_id, q)).order_by(*dashboard.ordering(q)))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    count = 0
    for values in session.exec(statement):
        writer.writerow([_cell(v, flags=i == _FLAGS) for i, v in enumerate(values)])
        count += 1
    audit.record(session, organization_id=user.organization_id, actor=user, action='job.export_csv',
                 subject_type='job', subject_id=job_id,
                 detail={'rows': count, 'filters': q.model_dump(mode='json', exclude={'page', 'page_size'})})
    session.commit()
    return f'{job.job_code}-candidates-{utcnow():%Y%m%d}.csv', buffer.getvalue()


def candidate_data(session: Session, user: User, candidate_id: int) -> tuple[str, bytes]:
    """(file name, JSON) of everything stored about a candidate: the answer to a data-access request."""
    candidate = get_candidate(session, user.organization_id, candidate_id)
    report = candidate_report(session, user.organization_id, candidate_id)
    events = audit.list_events(session, user.organization_id, subject_type='candidate', subject_id=candidate_id,
                               limit=1000)
    data = {
        'exported_at': utcnow().isoformat(), 'exported_by': user.email,
        'candidate': report.candidate.model_dump(mode='json'),
        'resume': {'filename': candidate.resume_filename, 'mime': candidate.resume_mime,
                   'size': candidate.resume_size, 'text': report.resume_text,
                   'parsed': report.resume.model_dump(mode='json'), 'flags': report.resume_flags},
        'interview': report.interview.model_dump(mode='json') if report.interview else None,
        'questions': [item.model_dump(mode='json') for item in report.items],
        'audit_trail': [{'at': e.created_at.isoformat(), 'actor': e.actor_label, 'action': e.action,
                         'detail': e.detail} for e in events],
    }
    audit.record(session, organization_id=user.organization_id, actor=user, action='candidate.data_export',
                 subject_type='candidate', subject_id=candidate_id)
    session.commit()
    return f'candidate-{candidate_id}-data.json', json.dumps(data, indent=2, ensure_ascii=False).encode()


def printable_report(session: Session, user: User, candidate_id: int) -> str:
    """The report as one self-contained, print-styled HTML page (every value escaped)."""
    report = candidate_report(session, user.organization_id, candidate_id)
    audit.record(session, organization_id=user.organization_id, actor=user, action='candidate.report_print',
                 subject_type='candidate', subject_id=candidate_id)
    session.commit()
    return render_report(report, printed_by=user.email, printed_at=utcnow())


def _cell(value: Any, *, flags: bool = False) -> Any:
    if flags:
        return len(value or [])
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'yes' if value else 'no'
    if isinstance(value, datetime):
        return value.strftime('%Y-%m-%d %H:%M:%S')
    return formula_safe(value)


def formula_safe(value: Any) -> Any:
    """A string a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
