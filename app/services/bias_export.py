"""The bias audit as files an auditor can take away: CSV and a printable, self-contained HTML page.

Both are recorded in the audit trail. Every value in the HTML is escaped (category labels are fixed
text, but the organization and job names are typed by people); the page allows no script but the
print button's handler (the candidate report's policy).
"""

from __future__ import annotations

import csv
import io
from html import escape
from typing import Any

from sqlmodel import Session

from app.models import User
from app.services import audit
from app.services.bias_audit import (
    BASIS_TITLES,
    TABLE_TITLES,
    BiasReport,
    bias_report,
    category_label,
    method_notes,
    scope_text,
)
from app.services.bias_math import BANDS, CategoryRow, ImpactTable, Rate, ResultSet, RowStatus
from app.services.exports import formula_safe
from app.services.report_scope import ReportScope

STATUS_TEXT = {RowStatus.compared: '', RowStatus.under_2_percent: 'under 2%: excluded from ratios',
               RowStatus.small_sample: 'small sample: ratio not meaningful'}
CSV_COLUMNS = ('basis', 'table', 'category', 'note', 'applicants', 'share_percent', 'above_median', 'scoring_rate',
               'scoring_impact_ratio', 'scoring_flag', 'selected', 'selection_rate', 'selection_impact_ratio',
               'selection_flag', *(f'{b.lower()}{s}' for b in BANDS for s in ('', '_rate', '_impact_ratio')))


def audit_csv(session: Session, user: User, scope: ReportScope | dict[str, Any] | None = None) -> tuple[str, str]:
    """(file name, CSV): a short "field,value" block about the report, a blank line, then one row per
    category per table per column set (AI, effective), unknowns included."""
    report = bias_report(session, user, scope)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for field, value in _about(report):
        writer.writerow([field, formula_safe(value)])  # names are typed by people
    writer.writerow([])
    writer.writerow(CSV_COLUMNS)
    for basis, results in (('ai', report.ai), ('effective', report.effective)):
        for table in results.tables:
            for row in table.rows:
                writer.writerow([basis, table.dimension, category_label(row.key), STATUS_TEXT[row.status],
                                 *_csv_numbers(row)])
            writer.writerow([basis, table.dimension, 'Unknown',
                             f'{table.unknown_declined} preferred not to say, {table.unknown_no_answer} no answer',
                             table.unknown])
    _record(session, user, report, 'fairness.bias_report_csv')
    return f'bias-audit-{report.generated_at:%Y%m%d}.csv', buffer.getvalue()


def audit_html(session: Session, user: User, scope: ReportScope | dict[str, Any] | None = None) -> str:
    report = bias_report(session, user, scope)
    _record(session, user, report, 'fairness.bias_report_print')
    parts = ['<!doctype html><html lang="en"><head><meta charset="utf-8">',
             f'<title>Bias audit · {escape(report.organization)}</title><style>{_STYLE}</style></head><body>',
             '<div class="toolbar"><button type="button" onclick="window.print()">Print / save as PDF</button></div>',
             f'<h1>Bias audit report</h1><div class="muted">{escape(report.organization)} · '
             f'{escape(scope_text(report))}</div>',
             '<h2>About this report</h2><ul>', *(f'<li>{escape(n)}</li>' for n in method_notes(report)), '</ul>']
    for basis, results in (('ai', report.ai), ('effective', report.effective)):
        parts.append(f'<h2>{escape(BASIS_TITLES[basis])}</h2>{_summary(results)}')
        parts += [_table_html(table) for table in results.tables]
    parts.append(f'<p class="muted">Generated {report.generated_at:%Y-%m-%d %H:%M} UTC by {escape(user.email)} '
                 'with Panelist.</p></body></html>')
    return ''.join(parts)


def _record(session: Session, user: User, report: BiasReport, action: str) -> None:
    audit.record(session, organization_id=user.organization_id, actor=user, action=action,
                 subject_type='job' if report.scope.job_id is not None else None, subject_id=report.scope.job_id,
                 detail={'scope': report.scope.model_dump(mode='json'), 'scored': report.scored})
    session.commit()


def _about(report: BiasReport) -> list[tuple[str, Any]]:
    return [
        ('report', 'Bias audit (impact ratios)'), ('organization', report.organization),
        ('scope', scope_text(report)), ('generated_at_utc', f'{report.generated_at:%Y-%m-%d %H:%M:%S}'),
        ('candidates_applied', report.candidates), ('candidates_scored', report.scored),
        ('scored_without_self_identification', report.without_self_id),
        ('ai_median_score', _num(report.ai.median)), ('ai_scores_tied_at_median', report.ai.ties_at_median),
        ('effective_median_score', _num(report.effective.median)),
        ('effective_scores_tied_at_median', report.effective.ties_at_median),
        ('minimum_share_percent_for_ratios', f'{report.min_share_percent:g}'),
        ('minimum_group_size_for_ratios', report.min_group_size),
        *((f'note_{n}', note) for n, note in enumerate(method_notes(report), 1)),
    ]


def _csv_numbers(row: CategoryRow) -> list[Any]:
    def rate(r: Rate, flag: bool) -> list[Any]:
        return [r.count, _num(r.rate, 4), _num(r.impact_ratio, 4), *(['yes' if r.flagged else ''] if flag else [])]

    bands = [value for band in BANDS for value in rate(row.bands[band], False)]
    return [row.applicants, _num(row.share * 100, 2), *rate(row.scoring, True), *rate(row.selection, True), *bands]


def _num(value: float | None, digits: int = 2) -> Any:
    return '' if value is None else round(value, digits)


def _summary(results: ResultSet) -> str:
    median = f'{results.median:g}' if results.median is not None else '—'
    return (f'<p>{results.sample} scored candidates · median score {median} · {results.ties_at_median} scores equal '
            f'the median · {results.above_median} above it · {results.selected} recommended Strong or Medium</p>')


def _table_html(table: ImpactTable) -> str:
    head = ('<tr><th>Category</th><th>Applicants</th><th>Above median</th><th>Scoring rate</th><th>Impact ratio</th>'
            '<th>Selected</th><th>Selection rate</th><th>Impact ratio</th>'
            + ''.join(f'<th>{b}</th>' for b in BANDS) + '</tr>')
    body = [_row_html(row) for row in table.rows]
    body.append(f'<tr class="unknown"><td>Unknown ({table.unknown_declined} preferred not to say, '
                f'{table.unknown_no_answer} no answer)</td><td>{table.unknown}</td>'
                f'<td colspan="{6 + len(BANDS)}">not included in any rate</td></tr>')
    return f'<h3>{escape(TABLE_TITLES[table.dimension])}</h3><table>{head}{"".join(body)}</table>'


def _row_html(row: CategoryRow) -> str:
    note = STATUS_TEXT[row.status]
    label = escape(category_label(row.key)) + (f'<div class="muted">{escape(note)}</div>' if note else '')
    cells = [label, f'{row.applicants} <span class="muted">({row.share * 100:.1f}%)</span>',
             str(row.scoring.count), _pct(row.scoring.rate), _ratio(row.scoring, row.status),
             str(row.selection.count), _pct(row.selection.rate), _ratio(row.selection, row.status)]
    cells += [f'{r.count} <span class="muted">{_pct(r.rate)}</span>' for r in (row.bands[b] for b in BANDS)]
    return '<tr>' + ''.join(f'<td>{cell}</td>' for cell in cells) + '</tr>'


def _pct(rate: float | None) -> str:
    return '—' if rate is None else f'{rate * 100:.1f}%'


def _ratio(rate: Rate, status: RowStatus) -> str:
    if status == RowStatus.under_2_percent:
        return '<span class="muted">excluded</span>'
    if status == RowStatus.small_sample:
        return '<span class="muted">not meaningful</span>'
    if rate.impact_ratio is None:
        return '—'
    return f'<span class="flag">{rate.impact_ratio:.3f} ⚑ &lt; 0.80</span>' if rate.flagged \
        else f'{rate.impact_ratio:.3f}'


_STYLE = """
  @page { size: A4 landscape; margin: 12mm; }
  body { font: 10pt/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1e293b; margin: 0 auto;
         max-width: 1100px; padding: 24px; }
  h1 { font-size: 18pt; margin: 0 0 2px; } h2 { font-size: 13pt; margin: 20px 0 6px; border-bottom: 1px solid #cbd5e1; }
  h3 { font-size: 11pt; margin: 14px 0 4px; } ul { padding-left: 18px; } li { margin: 2px 0; }
  .muted { color: #64748b; font-size: 8.5pt; } table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; }
  td, th { border: 1px solid #e2e8f0; padding: 3px 6px; text-align: right; font-size: 9pt; vertical-align: top; }
  td:first-child, th:first-child { text-align: left; } th { background: #f8fafc; } tr { break-inside: avoid; }
  .flag { color: #b91c1c; font-weight: 600; white-space: nowrap; }
  tr.unknown td { background: #f8fafc; color: #475569; }
  .toolbar { text-align: right; } @media print { .toolbar { display: none; } body { padding: 0; } }
"""
