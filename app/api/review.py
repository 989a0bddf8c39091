"""/api/v1 review routes: the candidate report, overrides, transcript corrections, re-score and
retry, recordings, the candidate's data export and the printable report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel, Field
from sqlmodel import Session

from app.api.deps import CandidatesReader, Deciding, Exporting, Id, ReadSession, Reviewing
from app.db import run_in_session
from app.downloads import attachment, json_download, printable_page
from app.models import ScoreOverride
from app.runtime import answer_queue
from app.services import corrections, exports, overrides, recordings, reports
from app.services.corrections import TRANSCRIPT_MAX
from app.services.overrides import OverrideInput
from app.services.report_models import CandidateReport, OverrideOut, ResultOut
from app.services.review_access import candidate_interview

router = APIRouter(tags=['review'])

class OverrideResult(BaseModel):
    override: OverrideOut
    effective: ResultOut


class TranscriptIn(BaseModel):
    text: str = Field(max_length=TRANSCRIPT_MAX, description='Empty (or the AI transcript) removes the correction')


class TranscriptOut(BaseModel):
    answer_id: int
    transcript: str | None
    transcript_corrected: str | None


class QueuedOut(BaseModel):
    answer_id: int
    status: str


@router.get('/candidates/{candidate_id}/report', response_model=CandidateReport)
def candidate_report(candidate_id: Id, user: CandidatesReader, session: ReadSession) -> CandidateReport:
    """The interview report: result (AI and effective), per-answer transcripts, scores, overrides and
    evidence, resume summary, integrity signals. Text fields are untrusted: display them escaped."""
    return reports.candidate_report(session, user.organization_id, candidate_id)


@router.post('/candidates/{candidate_id}/overrides', response_model=OverrideResult)
async def set_override(candidate_id: Id, body: OverrideInput, user: Reviewing) -> OverrideResult:
    """Override one dimension of one answer (field + answer_id + score 0–5) or the recommendation
    (field=recommendation + recommendation), with a reason. Setting it again replaces it."""
    def set_and_show(session: Session) -> OverrideResult:
        override = overrides.set_override(session, user, candidate_id, body)
        return _override_result(session, user.organization_id, candidate_id, override)
    return await run_in_session(set_and_show)


@router.delete('/candidates/{candidate_id}/overrides/{override_id}', status_code=status.HTTP_204_NO_CONTENT)
async def clear_override(candidate_id: Id, override_id: Id, user: Reviewing) -> None:
    """Return to the AI's value (the audit trail keeps the override)."""
    await run_in_session(overrides.clear_override, user, candidate_id, override_id)


@router.put('/answers/{answer_id}/transcript', response_model=TranscriptOut)
async def correct_transcript(answer_id: Id, body: TranscriptIn, user: Deciding) -> TranscriptOut:
    """Store a reviewer's correction beside the AI transcript; re-score to have it evaluated."""
    answer = await run_in_session(corrections.correct_transcript, user, answer_id, body.text)
    return TranscriptOut(answer_id=answer_id, transcript=answer.transcript,
                         transcript_corrected=answer.transcript_corrected)


@router.post('/answers/{answer_id}/rescore', response_model=QueuedOut, status_code=status.HTTP_202_ACCEPTED)
async def rescore_answer(answer_id: Id, user: Deciding) -> QueuedOut:
    """Score the answer again from its (corrected) transcript; a completed interview's result follows."""
    answer = await run_in_session(corrections.request_rescore, user, answer_id)  # committed before the worker looks
    answer_queue().enqueue(answer_id)
    return QueuedOut(answer_id=answer_id, status=answer.status)


@router.post('/answers/{answer_id}/retry', response_model=QueuedOut, status_code=status.HTTP_202_ACCEPTED)
async def retry_answer(answer_id: Id, user: Deciding) -> QueuedOut:
    """Process a failed answer again (transcription and/or scoring)."""
    answer = await run_in_session(corrections.retry_answer, user, answer_id)
    answer_queue().enqueue(answer_id)
    return QueuedOut(answer_id=answer_id, status=answer.status)


@router.get('/answers/{answer_id}/audio', response_class=FileResponse,
            responses={200: {'content': {'audio/webm': {}}}})
async def answer_audio(answer_id: Id, user: CandidatesReader) -> FileResponse:
    """The candidate's recorded answer (the download is recorded in the audit trail)."""
    file = await run_in_session(recordings.answer_audio, user, answer_id, download=True)
    return attachment(file.path, file.filename, file.mime)


@router.get('/candidates/{candidate_id}/video/{index}', response_class=FileResponse,
            responses={200: {'content': {'video/webm': {}}}})
async def interview_video(candidate_id: Id, index: Annotated[int, Path(ge=0, le=100)],
                          user: CandidatesReader) -> FileResponse:
    """One camera recording of the interview (one per page session; audited download)."""
    file = await run_in_session(recordings.interview_video, user, candidate_id, index, download=True)
    return attachment(file.path, file.filename, file.mime)


@router.get('/candidates/{candidate_id}/export', response_class=Response,
            responses={200: {'content': {'application/json': {}}}})
async def export_candidate(candidate_id: Id, user: Exporting) -> Response:
    """Everything stored about the candidate as one JSON file (a data-access request); audited."""
    filename, body = await run_in_session(exports.candidate_data, user, candidate_id)
    return json_download(filename, body)


@router.get('/candidates/{candidate_id}/report.html', response_class=HTMLResponse)
async def printable_report(candidate_id: Id, user: Exporting) -> HTMLResponse:
    """The report as a print-styled HTML page (print it to PDF from the browser); audited."""
    return printable_page(await run_in_session(exports.printable_report, user, candidate_id))


def _override_result(session: Session, organization_id: int, candidate_id: int,
                     override: ScoreOverride) -> OverrideResult:
    _, interview = candidate_interview(session, organization_id, candidate_id)  # refreshed by set_override
    result = reports.override_out(override)
    assert result is not None
    return OverrideResult(override=result, effective=reports.effective_result(interview))
