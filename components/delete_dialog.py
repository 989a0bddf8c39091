"""The confirmation dialog before deleting something for good (a job, a candidate)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from app.errors import AppError


def delete_dialog(title: str, consequence: str, *, button: str, marker: str,
                  delete: Callable[[], Awaitable[object]], done: str, then: str) -> ui.dialog:
    """A dialog that runs `delete` on confirmation, then says `done` and goes to `then`.

    A refused deletion (AppError) keeps the dialog open with the reason as a toast.
    """
    with ui.dialog() as dialog, ui.card().classes('p-6 gap-3 max-w-md'):
        ui.label(title).classes('text-lg font-semibold')
        ui.label(consequence).classes('text-slate-600')

        async def confirmed() -> None:
            try:
                await delete()
            except AppError as exc:
                ui.notify(exc.message, type='negative')
                return
            dialog.close()
            ui.notify(done, type='positive')
            ui.navigate.to(then)

        with ui.row().classes('w-full justify-end gap-2'):
            ui.button('Cancel', on_click=dialog.close).props('flat')
            ui.button(button, on_click=confirmed).props('unelevated color=negative').mark(marker)
    return dialog
