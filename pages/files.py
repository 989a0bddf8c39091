"""File routes for the signed-in HR browser session: recordings (played inline in the report, or
downloaded — audited), the original resume (audited), the job's CSV, a candidate's JSON export and
the printable report.

The JSON API has bearer-token twins of each; these use the UI session cookie instead. Every lookup
is organization-scoped: another organization's id answers 404 exactly like a missing one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from app.db import run_in_session, run_read
from app.downloads import attachment, csv_download, inline_media, json_download, printable_page
from app.errors import AppError
from app.models import User
from app.permissions import Permission, require
from app.services import analytics_export, bias_export, candidates, exports, recordings
from app.services.recordings import RecordingFile
from components.session import PAGE_POLICIES, check_access, session_user

# Not in the OpenAPI schema: these serve the UI session, the JSON API has its own documented twins.
router = APIRouter(include_in_schema=False)


def _route(path: str, permission: Permission) -> Callable[[Any], Any]:
    """A GET file route with its declared policy (checked in _as_user, listed for the route-policy test)."""
    PAGE_POLICIES[path] = permission
    return router.get(path)


async def _as_user(request: Request, permission: Permission,
                   action: Callable[[User], Awaitable[Response]]) -> Response:
    user = await session_user()
    if user is None:
        return PlainTextResponse('Sign in first.', status_code=401)
    try:
        await check_access(user, permission, request)
        return await action(user)
    except AppError as exc:
        return PlainTextResponse(exc.message, status_code=exc.status_code)


def _recording(file: RecordingFile, download: bool) -> Response:
    return attachment(file.path, file.filename, file.mime) if download else inline_media(file.path, file.mime)


@_route('/recordings/answers/{answer_id}', Permission.candidates_read)
async def answer_recording(request: Request, answer_id: int, download: bool = False) -> Response:
    async def serve(user: User) -> Response:
        # Playback only reads; a download writes its audit row, and is an export (not for reviewers).
        if download:
            require(user, Permission.export)
        run = run_in_session if download else run_read
        file = await run(recordings.answer_audio, user, answer_id, download=download)
        return _recording(file, download)
    return await _as_user(request, Permission.candidates_read, serve)


@_route('/recordings/candidates/{candidate_id}/video/{index}', Permission.candidates_read)
async def video_recording(request: Request, candidate_id: int, index: int, download: bool = False) -> Response:
    async def serve(user: User) -> Response:
        if download:
            require(user, Permission.export)
        run = run_in_session if download else run_read
        file = await run(recordings.interview_video, user, candidate_id, index, download=download)
        return _recording(file, download)
    return await _as_user(request, Permission.candidates_read, serve)


@_route('/candidates/{candidate_id}/resume', Permission.export)
async def resume_download(request: Request, candidate_id: int) -> Response:
    async def serve(user: User) -> Response:
        file = await run_in_session(candidates.resume_file, user, candidate_id)
        return attachment(file.path, file.filename, file.mime)
    return await _as_user(request, Permission.export, serve)


@_route('/jobs/{job_id}/export.csv', Permission.export)
async def job_csv(request: Request, job_id: int) -> Response:
    query: dict[str, Any] = {key: request.query_params[key] for key in ('sort', 'descending', 'search')
                             if key in request.query_params}
    query |= {key: request.query_params.getlist(key) for key in ('status', 'recommendation')}

    async def serve(user: User) -> Response:
        filename, body = await run_in_session(exports.job_csv, user, job_id, query)
        return csv_download(filename, body)
    return await _as_user(request, Permission.export, serve)


@_route('/candidates/{candidate_id}/export.json', Permission.export)
async def candidate_json(request: Request, candidate_id: int) -> Response:
    async def serve(user: User) -> Response:
        filename, body = await run_in_session(exports.candidate_data, user, candidate_id)
        return json_download(filename, body)
    return await _as_user(request, Permission.export, serve)


@_route('/candidates/{candidate_id}/print', Permission.export)
async def printable_report(request: Request, candidate_id: int) -> Response:
    async def serve(user: User) -> Response:
        return printable_page(await run_in_session(exports.printable_report, user, candidate_id))
    return await _as_user(request, Permission.export, serve)


def _scope(request: Request) -> dict[str, Any]:
    params = request.query_params
    return {key: params[key] for key in ('job_id', 'date_from', 'date_to') if params.get(key)}


@_route('/analytics/export.csv', Permission.export)
async def analytics_csv(request: Request) -> Response:
    async def serve(user: User) -> Response:
        return csv_download(*await run_in_session(analytics_export.analytics_csv, user, _scope(request)))
    return await _as_user(request, Permission.export, serve)


@_route('/fairness/report.csv', Permission.fairness)
async def bias_csv(request: Request) -> Response:
    async def serve(user: User) -> Response:
        return csv_download(*await run_in_session(bias_export.audit_csv, user, _scope(request)))
    return await _as_user(request, Permission.fairness, serve)


@_route('/fairness/report.html', Permission.fairness)
async def bias_print(request: Request) -> Response:
    async def serve(user: User) -> Response:
        return printable_page(await run_in_session(bias_export.audit_html, user, _scope(request)))
    return await _as_user(request, Permission.fairness, serve)
