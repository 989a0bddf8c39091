"""Small helpers for forms: show a service error next to the fields it concerns."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from nicegui import ui

from app.errors import AppError, Invalid
from app.i18n import ENGLISH, Translator


def show_error(exc: AppError, fields: Mapping[str, ui.element] | None = None, banner: ui.label | None = None,
               t: Translator = ENGLISH) -> None:
    """Mark the offending inputs and show the message; unknown fields go to the banner or a toast.
    `t`: the page's language (candidate pages), for the banner's own sentence."""
    leftover: list[str] = []
    if isinstance(exc, Invalid) and exc.fields and fields:
        for name, message in exc.fields.items():
            field = fields.get(name.split('.')[0])
            if field is None:
                leftover.append(f'{name}: {message}')
                continue
            field.props(f'error error-message="{_attr(message)}"')
    message = '; '.join(leftover) if leftover else exc.message
    if isinstance(exc, Invalid) and exc.fields and fields and not leftover:
        message = t('Please fix the highlighted fields.')
    if banner is not None:
        banner.set_text(message)
        banner.set_visibility(True)
    else:
        ui.notify(message, type='negative')


def clear_errors(*fields: ui.element, banner: ui.label | None = None) -> None:
    for field in fields:
        field.props(remove='error error-message')
    if banner is not None:
        banner.set_visibility(False)


def error_banner() -> ui.label:
    banner = ui.label().classes('w-full text-sm text-red-800 bg-red-50 border border-red-200 rounded px-3 py-2')
    banner.set_visibility(False)
    return banner.mark('form-error')


def _attr(text: str) -> str:
    return text.replace('"', "'")


async def save_with_status(button: ui.button, status: ui.label, save: Callable[[], Awaitable[Any]], done: str) -> bool:
    """Run `save` with the button spinning; say `done` in `status`, or the error (the form keeps its values)."""
    button.props('loading')
    try:
        await save()
    except AppError as exc:
        status.set_text(exc.message)
        status.classes(replace='text-sm text-red-700')
        return False
    finally:
        button.props(remove='loading')
    status.set_text(done)
    status.classes(replace='text-sm text-positive')
    return True
