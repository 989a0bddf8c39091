"""File routes for the signed-in HR browser session: recordings (played inline in the report, or
downloaded — audited), the original resume (audited), the job's CSV, a candidate's JSON export and
the printable report; the hiring analytics CSV and the bias audit (CSV, printable).

The JSON API has bearer-token twins of each; these use the UI session cookie instead. Every lookup
is organization-scoped: another organization's id answers 404 exactly like a missing one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Request
from fastapi.responses import FileResponse, PlainTextResponse, Response
from nicegui import app

from app.db import run_in_session, run_read
from app.downloads import attachment, content_disposition
from app.errors import AppError
from app.models import User
from app.services import analytics_export, bias_export, candidates, exports, recordings
from app.services.recordings import RecordingFile
from app.services.report_html import CONTENT_SECURITY_POLICY
from components.session import session_user


async def _as_user(action: Callable[[User], Awaitable[Response]]) -> Response:
    user = await session_user()
    if user is None:
        return PlainTextResponse('Sign in first.', status_code=401)
    try:
        return await action(user)
    except AppError as exc:
        return PlainTextResponse(exc.message, status_code=exc.status_code)


def _recording(file: RecordingFile, download: bool) -> Response:
    if download:
        return attachment(file.path, file.filename, file.mime)
    # Inline for the report's players; FileResponse answers the Range requests players make to seek.
    return FileResponse(file.path, media_type=file.mime, headers={
        'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store',
        'Content-Security-Policy': "default-src 'none'; sandbox"})


async def answer_recording(answer_id: int, download: bool = False) -> Response:
    async def serve(user: User) -> Response:
        # Playback only reads; a download writes its audit row.
        run = run_in_session if download else run_read
        file = await run(recordings.answer_audio, user, answer_id, download=download)
        return _recording(file, download)
    return await _as_user(serve)


async def video_recording(candidate_id: int, index: int, download: bool = False) -> Response:
    async def serve(user: User) -> Response:
        run = run_in_session if download else run_read
        file = await run(recordings.interview_video, user, candidate_id, index, download=download)
        return _recording(file, download)
    return await _as_user(serve)


async def resume_download(candidate_id: int) -> Response:
    async def serve(user: User) -> Response:
        file = await run_in_session(candidates.resume_file, user, candidate_id)
        return attachment(file.path, file.filename, file.mime)
    return await _as_user(serve)


async def job_csv(request: Request, job_id: int) -> Response:
    query: dict[str, Any] = {key: request.query_params[key] for key in ('sort', 'descending', 'search')
                             if key in request.query_params}
    query |= {key: request.query_params.getlist(key) for key in ('status', 'recommendation')}

    async def serve(user: User) -> Response:
        return _csv(*await run_in_session(exports.job_csv, user, job_id, query))
    return await _as_user(serve)


async def candidate_json(candidate_id: int) -> Response:
    async def serve(user: User) -> Response:
        filename, body = await run_in_session(exports.candidate_data, user, candidate_id)
        return Response(body, media_type='application/json', headers={
            'Content-Disposition': content_disposition(filename), 'Cache-Control': 'private, no-store'})
    return await _as_user(serve)


async def printable_report(candidate_id: int) -> Response:
    async def serve(user: User) -> Response:
        page = await run_in_session(exports.printable_report, user, candidate_id)
        return Response(page, media_type='text/html; charset=utf-8', headers={
            'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff',
            'Cache-Control': 'private, no-store'})
    return await _as_user(serve)


def _scope(request: Request) -> dict[str, Any]:
    params = request.query_params
    return {key: params[key] for key in ('job_id', 'date_from', 'date_to') if params.get(key)}


def _csv(filename: str, body: str) -> Response:
    return Response(body.encode('utf-8-sig'), media_type='text/csv; charset=utf-8', headers={
        'Content-Disposition': content_disposition(filename), 'Cache-Control': 'private, no-store'})


async def analytics_csv(request: Request) -> Response:
    async def serve(user: User) -> Response:
        return _csv(*await run_in_session(analytics_export.analytics_csv, user, _scope(request)))
    return await _as_user(serve)


async def bias_csv(request: Request) -> Response:
    async def serve(user: User) -> Response:
        return _csv(*await run_in_session(bias_export.audit_csv, user, _scope(request)))
    return await _as_user(serve)


async def bias_print(request: Request) -> Response:
    async def serve(user: User) -> Response:
        page = await run_in_session(bias_export.audit_html, user, _scope(request))
        return Response(page, media_type='text/html; charset=utf-8', headers={
            'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff',
            'Cache-Control': 'private, no-store'})
    return await _as_user(serve)


def register() -> None:
    """Add the routes (pages/__init__ calls this; the test harness resets routes between tests)."""
    app.get('/recordings/answers/{answer_id}', include_in_schema=False)(answer_recording)
    app.get('/recordings/candidates/{candidate_id}/video/{index}', include_in_schema=False)(video_recording)
    app.get('/candidates/{candidate_id}/resume', include_in_schema=False)(resume_download)
    app.get('/jobs/{job_id}/export.csv', include_in_schema=False)(job_csv)
    app.get('/candidates/{candidate_id}/export.json', include_in_schema=False)(candidate_json)
    app.get('/candidates/{candidate_id}/print', include_in_schema=False)(printable_report)
    app.get('/analytics/export.csv', include_in_schema=False)(analytics_csv)
    app.get('/fairness/report.csv', include_in_schema=False)(bias_csv)
    app.get('/fairness/report.html', include_in_schema=False)(bias_print)
