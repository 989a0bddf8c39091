"""The bias audit (/fairness, admins only): impact ratios by sex, race/ethnicity and both, from the
AI's results and from the effective results after HR overrides; as CSV and as a printable report."""

from __future__ import annotations

from nicegui import ui

from app.db import run_read
from app.errors import AppError
from app.models import User
from app.permissions import Permission
from app.services import bias_audit
from app.services.bias_audit import BASIS_TITLES, BiasReport, method_notes, scope_text
from components.bias_tables import result_tables
from components.scope_controls import scope_controls
from components.session import hr_page


@hr_page('/fairness', 'Bias audit', Permission.fairness)
async def fairness_page(user: User) -> None:
    with ui.row().classes('w-full items-center gap-4'):
        ui.label('Bias audit').classes('text-2xl font-semibold')
        ui.space()
        csv_button = ui.button('Download CSV', icon='download').props('flat no-caps').mark('bias-csv')
        print_button = ui.button('Printable report', icon='print').props('flat no-caps').mark('bias-print')
    ui.label("Impact ratios in the format of NYC Local Law 144, from the candidates' voluntary "
             "self-identification. Only counts are shown; no one's answers are.") \
        .classes('text-sm text-slate-500 -mt-4')

    @ui.refreshable
    async def content() -> None:
        try:
            report = await run_read(bias_audit.bias_report, user, scope.values())
        except AppError as exc:
            ui.label(exc.message).classes('text-red-700').mark('scope-error')
            return
        _report(report)

    scope = await scope_controls(user, content.refresh)
    csv_button.on_click(lambda: ui.download.from_url(f'/fairness/report.csv?{scope.query_string()}'))
    print_button.on_click(lambda: ui.navigate.to(f'/fairness/report.html?{scope.query_string()}', new_tab=True))
    await content()


def _report(report: BiasReport) -> None:
    ui.label(scope_text(report)).classes('text-sm text-slate-600').mark('bias-scope')
    with ui.expansion('How to read this report', icon='help_outline').classes('w-full bg-white rounded') \
            .mark('bias-notes'):
        for note in method_notes(report):
            ui.label(note).classes('text-sm text-slate-600')
    if report.scored == 0:
        ui.label('No scored candidates in this range.').classes('text-slate-500').mark('no-data')
        return
    with ui.tabs().classes('w-full') as tabs:
        ai_tab = ui.tab('ai', BASIS_TITLES['ai']).mark('tab-ai')
        effective_tab = ui.tab('effective', BASIS_TITLES['effective']).mark('tab-effective')
    with ui.tab_panels(tabs, value=ai_tab).classes('w-full bg-transparent'):
        for tab, basis, results in ((ai_tab, 'ai', report.ai), (effective_tab, 'effective', report.effective)):
            with ui.tab_panel(tab).classes('p-0 gap-2'):
                result_tables(results, basis)
