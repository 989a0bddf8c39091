"""Domain errors. Services raise these; the API maps them to 4xx JSON, pages to a visible message."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import timedelta
from typing import Any

from babel.dates import format_timedelta
from pydantic import ValidationError

from app.i18n import Translator


class AppError(Exception):
    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(AppError):
    """Missing, or belonging to another organization: both look exactly the same to the caller."""

    status_code = 404


class Conflict(AppError):
    status_code = 409


class Invalid(AppError):
    """Bad input. `fields` maps a field name to its message for forms that show errors inline."""

    status_code = 422

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}

    @classmethod
    def from_validation(cls, exc: ValidationError) -> Invalid:
        fields = field_messages(exc.errors())
        return cls(fields_summary(fields), fields)


def field_messages(errors: Iterable[Mapping[str, Any]], *, skip: Collection[str] = (),
                   unnamed: str = 'input') -> dict[str, str]:
    """Field name → the first message pydantic gave for it. `skip` drops location parts such as
    FastAPI's 'body'; a field with no name left is called `unnamed`."""
    fields: dict[str, str] = {}
    for err in errors:
        name = '.'.join(str(part) for part in err.get('loc', ()) if part not in skip) or unnamed
        fields.setdefault(name, _clean(str(err.get('msg', 'invalid'))))
    return fields


def fields_summary(fields: Mapping[str, str]) -> str:
    return '; '.join(f'{name}: {message}' for name, message in fields.items())


class AuthError(AppError):
    status_code = 401


class Forbidden(AppError):
    status_code = 403


class RateLimited(AppError):
    status_code = 429

    def __init__(self, message: str, retry_after: int, template: str | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        # A msgid with a `{wait}` placeholder: candidate pages say the wait in their own language and units.
        self.template = template


class PayloadTooLarge(AppError):
    status_code = 413


def _clean(message: str) -> str:
    # pydantic prefixes custom errors with "Value error, "; users don't need to see that.
    for prefix in ('Value error, ', 'Assertion failed, '):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


class Unavailable(AppError):
    """Temporarily unable to serve (e.g. every document worker busy): try again shortly."""

    status_code = 503

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Busy(Unavailable):
    """The database could not take a write in time (the writer queue is long or stuck): 503 with
    Retry-After instead of a request that hangs."""

    def __init__(self, retry_after: int) -> None:
        super().__init__('The server is busy saving other changes. Nothing was saved; please try again in a '
                         'few seconds.', retry_after)


def translated(exc: AppError, t: Translator) -> AppError:
    """The error with the messages that have a translation translated (the rest stay English)."""
    if isinstance(exc, RateLimited) and exc.template:
        wait = format_timedelta(timedelta(seconds=exc.retry_after), locale=t.locale)
        return RateLimited(t(exc.template, wait=wait), exc.retry_after)
    if not isinstance(exc, Invalid):
        return exc
    return Invalid(t(exc.message), {field: t(text) for field, text in exc.fields.items()})
