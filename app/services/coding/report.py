"""Coding submissions as the report shows them: the code, each hidden test's result and run time."""

from __future__ import annotations

from sqlmodel import Session, select

from app.models import CodeSubmission
from app.services.report_models import CodeOut, CodeTestOut


def code_by_question(session: Session, interview_id: int) -> dict[int | None, CodeOut]:
    rows = session.exec(select(CodeSubmission).where(CodeSubmission.interview_id == interview_id)).all()
    return {row.question_id: code_out(row) for row in rows}


def code_out(row: CodeSubmission) -> CodeOut:
    return CodeOut(code=row.code, tests_passed=row.tests_passed, tests_total=row.tests_total,
                   tests=[CodeTestOut.model_validate(result) for result in row.results], verdict=row.verdict,
                   message=row.message, run_ms=row.run_ms, examples_run=row.examples_run,
                   submitted_at=row.created_at)
