"""One error shape for the whole API: 4xx/5xx with a JSON `detail` string (never a stack trace)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import cast

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import AppError, AuthError, Invalid, RateLimited, Unavailable, field_messages, fields_summary

log = logging.getLogger(__name__)
ExceptionHandler = Callable[[Request, Exception], Awaitable[Response]]


def install_error_handlers(app: FastAPI, api_prefix: str) -> None:
    app.add_exception_handler(AppError, _app_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    # The UI framework answers unknown paths and crashes with HTML pages; API clients get JSON instead.
    ui_not_found = app.exception_handlers.get(404)
    ui_crash = app.exception_handlers.get(Exception)

    async def not_found(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith(api_prefix) or ui_not_found is None:
            detail = exc.detail if isinstance(exc, StarletteHTTPException) else 'Not Found'
            return JSONResponse({'detail': detail}, status_code=404)
        return await cast(ExceptionHandler, ui_not_found)(request, exc)

    async def crash(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith(api_prefix) or ui_crash is None:
            log.exception('unhandled error on %s %s', request.method, request.url.path, exc_info=exc)
            return JSONResponse({'detail': 'Internal server error.'}, status_code=500)
        return await cast(ExceptionHandler, ui_crash)(request, exc)

    app.add_exception_handler(404, not_found)
    app.add_exception_handler(Exception, crash)


async def _app_error(request: Request, exc: AppError) -> JSONResponse:
    body: dict[str, object] = {'detail': exc.message}
    headers: dict[str, str] = {}
    if isinstance(exc, Invalid) and exc.fields:
        body['fields'] = exc.fields
    if isinstance(exc, RateLimited | Unavailable) and exc.retry_after is not None:
        headers['Retry-After'] = str(exc.retry_after)
    if isinstance(exc, AuthError):
        headers['WWW-Authenticate'] = 'Bearer'
    return JSONResponse(body, status_code=exc.status_code, headers=headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    fields = field_messages(exc.errors(), skip=('body', 'query', 'path', 'header'), unnamed='body')
    detail = fields_summary(fields) or 'Invalid request.'
    return JSONResponse(
        {'detail': detail, 'fields': fields, 'errors': jsonable_encoder(exc.errors(), exclude={'input', 'ctx'})},
        status_code=422,
    )
