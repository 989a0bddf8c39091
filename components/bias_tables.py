"""The bias audit's impact-ratio tables as NiceGUI tables (one per dimension and column set).

Cells are preformatted text; Quasar interpolates them, never as HTML. A ratio under 0.80 is drawn
red with a flag; excluded and small categories say why they have no ratio.
"""

from __future__ import annotations

from typing import Any

from nicegui import ui

from app.services.bias_audit import TABLE_TITLES, category_label
from app.services.bias_math import BANDS, CategoryRow, ImpactTable, Rate, ResultSet, RowStatus

RATIO_TEXT = {RowStatus.under_2_percent: 'excluded (under 2%)', RowStatus.small_sample: 'not meaningful'}
# Headers wrap and the category column is capped, so all ten columns fit the page without scrolling.
_RIGHT = {'align': 'right', 'headerClasses': 'text-right whitespace-normal'}
COLUMNS: list[dict[str, Any]] = [
    {'name': 'category', 'label': 'Category', 'field': 'category', 'align': 'left', 'classes': 'whitespace-normal',
     'style': 'max-width: 15rem; min-width: 10rem'},
    {'name': 'applicants', 'label': 'Applicants', 'field': 'applicants', **_RIGHT},
    {'name': 'scoring_rate', 'label': 'Above median · scoring rate', 'field': 'scoring_rate', **_RIGHT},
    {'name': 'scoring_ratio', 'label': 'Impact ratio', 'field': 'scoring_ratio', **_RIGHT},
    {'name': 'selection_rate', 'label': 'Strong or Medium · selection rate', 'field': 'selection_rate', **_RIGHT},
    {'name': 'selection_ratio', 'label': 'Impact ratio', 'field': 'selection_ratio', **_RIGHT},
    *({'name': band, 'label': band, 'field': band, **_RIGHT} for band in BANDS),
]


def pct(rate: float | None) -> str:
    return '—' if rate is None else f'{rate * 100:.1f}%'


def ratio_text(rate: Rate, status: RowStatus) -> str:
    if status in RATIO_TEXT:
        return RATIO_TEXT[status]
    # Three decimals: a flagged 0.797 must not read as "0.80".
    return '—' if rate.impact_ratio is None else f'{rate.impact_ratio:.3f}'


def table_rows(table: ImpactTable) -> list[dict[str, Any]]:
    rows = [_row(n, row) for n, row in enumerate(table.rows)]
    rows.append({'id': 'unknown', 'category': 'Unknown', 'unknown': True,
                 'note': f'{table.unknown_declined} preferred not to say, {table.unknown_no_answer} no answer; '
                         'not in any rate', 'applicants': str(table.unknown)})
    return rows


def _row(n: int, row: CategoryRow) -> dict[str, Any]:
    return {
        'id': n, 'category': category_label(row.key), 'muted': row.status != RowStatus.compared,
        'note': {RowStatus.under_2_percent: 'under 2% of the sample', RowStatus.small_sample: 'small sample'}.get(
            row.status, ''),
        'applicants': f'{row.applicants} ({row.share * 100:.1f}%)',
        'scoring_rate': f'{row.scoring.count} · {pct(row.scoring.rate)}',
        'scoring_ratio': ratio_text(row.scoring, row.status), 'scoring_flag': row.scoring.flagged,
        'selection_rate': f'{row.selection.count} · {pct(row.selection.rate)}',
        'selection_ratio': ratio_text(row.selection, row.status),
        'selection_flag': row.selection.flagged,
        **{band: f'{row.bands[band].count} · {pct(row.bands[band].rate)}' for band in BANDS},
    }


def result_tables(results: ResultSet, basis: str) -> None:
    median = f'{results.median:g}' if results.median is not None else '—'
    ui.label(f'{results.sample} scored candidates · median score {median} · {results.ties_at_median} scores equal '
             f'the median (not counted as above) · {results.above_median} above it · {results.selected} recommended '
             'Strong or Medium').classes('text-sm text-slate-600').mark(f'summary-{basis}')
    for table in results.tables:
        ui.label(TABLE_TITLES[table.dimension]).classes('text-base font-semibold mt-2')
        rendered = ui.table(columns=COLUMNS, rows=table_rows(table), row_key='id') \
            .classes('w-full').props('flat dense bordered hide-pagination :pagination="{rowsPerPage: 0}"') \
            .mark(f'bias-{basis}-{table.dimension}')
        rendered.add_slot('body-cell-category', """
            <q-td :props="props" :class="props.row.muted || props.row.unknown ? 'text-grey-7' : ''">
              <div class="font-medium">{{ props.value }}</div>
              <div v-if="props.row.note" class="text-xs text-grey-6">{{ props.row.note }}</div>
            </q-td>""")
        for name in ('scoring', 'selection'):
            rendered.add_slot(f'body-cell-{name}_ratio', f"""
                <q-td :props="props">
                  <span v-if="props.row.{name}_flag" class="text-negative font-semibold">
                    <q-icon name="flag" size="16px" /> {{{{ props.value }}}}
                    <q-tooltip>Under 0.80: four-fifths rule</q-tooltip></span>
                  <span v-else :class="props.row.muted ? 'text-grey-6 text-xs' : ''">{{{{ props.value }}}}</span>
                </q-td>""")
