"""The printable candidate report: one self-contained HTML page styled for A4 (browser → Print → PDF).

Every value from the report goes through html.escape (or app.highlight, which escapes too); the
page carries a Content-Security-Policy that allows no scripts but the print button's handler.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from html import escape

from app.formatting import experience, question_type
from app.highlight import highlight_html
from app.services.interview.scoring import DIMENSIONS
from app.services.report_models import (
    AnswerOut,
    CandidateReport,
    CodeOut,
    InterviewReportOut,
    ReportItem,
    narrative_note,
)

_PRINT_HANDLER = 'window.print()'
_HANDLER_HASH = base64.b64encode(hashlib.sha256(_PRINT_HANDLER.encode()).digest()).decode()
CONTENT_SECURITY_POLICY = (f"default-src 'none'; style-src 'unsafe-inline'; "
                           f"script-src 'unsafe-hashes' 'sha256-{_HANDLER_HASH}'; base-uri 'none'; form-action 'none'")

_STYLE = """
  @page { size: A4; margin: 16mm 14mm; }
  body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1e293b; margin: 0 auto;
         max-width: 800px; padding: 24px; }
  h1 { font-size: 20pt; margin: 0 0 2px; } h2 { font-size: 13pt; margin: 22px 0 8px; border-bottom: 1px solid #cbd5e1; }
  h3 { font-size: 11pt; margin: 0 0 4px; }
  .muted { color: #64748b; font-size: 9.5pt; } .pill { display: inline-block; padding: 1px 8px; border-radius: 9px;
  background: #e0e7ff; color: #312e81; font-size: 9pt; margin-right: 4px; }
  .warn { background: #fef3c7; color: #78350f; } table { border-collapse: collapse; width: 100%; margin: 6px 0; }
  td, th { border: 1px solid #e2e8f0; padding: 3px 6px; text-align: left; font-size: 9.5pt; vertical-align: top; }
  th { background: #f8fafc; } .q { break-inside: avoid; border: 1px solid #e2e8f0; border-radius: 6px; padding: 10px;
  margin: 10px 0; } .transcript { white-space: pre-wrap; background: #f8fafc; padding: 6px 8px; border-radius: 4px; }
  mark.evidence { background: #fde68a; } .report { white-space: pre-wrap; } .big { font-size: 22pt; font-weight: 600; }
  .toolbar { text-align: right; } @media print { .toolbar { display: none; } body { padding: 0; } }
"""


def render_report(report: CandidateReport, *, printed_by: str, printed_at: datetime) -> str:
    c = report.candidate
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f'<title>{escape(c.name)} · {escape(c.job_title)} · Panelist report</title>',
        f'<style>{_STYLE}</style></head><body>',
        f'<div class="toolbar"><button type="button" onclick="{_PRINT_HANDLER}">Print / save as PDF</button></div>',
        f'<h1>{escape(c.name)}</h1>',
        f'<div class="muted">{escape(c.email)} · {escape(c.job_title)} · applied {c.applied_at:%Y-%m-%d} UTC</div>',
        _decision(report), _result(report.interview), _resume(report),
    ]
    if report.items:
        parts.append('<h2>Questions and answers</h2>')
        parts += [_item(item) for item in report.items]
    parts.append(_notes(report))
    parts.append(_integrity(report.interview))
    parts.append(f'<p class="muted">Printed {printed_at:%Y-%m-%d %H:%M} UTC by {escape(printed_by)}. Scores are '
                 '0–5 per dimension; the overall score is 0–100. HR overrides are shown beside the AI values.</p>')
    parts.append('</body></html>')
    return ''.join(parts)


def _decision(report: CandidateReport) -> str:
    c = report.candidate
    by = f' by {escape(c.decided_by)} on {c.decided_at:%Y-%m-%d}' if c.decided_by and c.decided_at else ''
    note = f'<div>Note: {escape(c.status_note)}</div>' if c.status_note else ''
    return f'<h2>Decision</h2><div><b>{escape(c.status.capitalize())}</b>{by}</div>{note}'


def _result(interview: InterviewReportOut | None) -> str:
    if interview is None:
        return '<h2>Interview</h2><p>No interview.</p>'
    eff, ai = interview.effective, interview.ai
    lines = [f'<h2>Result</h2><div class="muted">Interview {escape(interview.status.replace("_", " "))}']
    if interview.offline_scoring:
        lines.append(' · <span class="pill warn">offline scoring</span> scored by the built-in rule-based scorer')
    lines.append('</div>')
    if eff.final_score is None:
        lines.append('<p>No overall score yet.</p>')
    else:
        lines.append(f'<div><span class="big">{eff.final_score:g}</span> / 100 · '
                     f'<b>{escape(eff.recommendation or "")}</b></div>')
        if (ai.final_score, ai.recommendation) != (eff.final_score, eff.recommendation):
            lines.append(f'<div class="muted">AI: {_num(ai.final_score)} / 100 · {escape(ai.recommendation or "—")}'
                         ' (HR overrides applied)</div>')
        override = interview.recommendation_override
        if override is not None:
            lines.append(f'<div class="muted">Recommendation set by {escape(override.actor)}: '
                         f'{escape(override.reason)}</div>')
        rows = ''.join(f'<tr><td>{d.capitalize()}</td><td>{_num(ai.averages.get(d), 2)}</td>'
                       f'<td>{_num(eff.averages.get(d), 2)}</td></tr>' for d in DIMENSIONS)
        lines.append(f'<table><tr><th>Average (0–5)</th><th>AI</th><th>Effective</th></tr>{rows}</table>')
    if interview.report:
        note = narrative_note(interview)
        lines.append('<h3>Narrative report (AI-written)</h3>' + (f'<p><em>{escape(note)}</em></p>' if note else '')
                     + f'<div class="report">{escape(interview.report)}</div>')
    return ''.join(lines)


def _resume(report: CandidateReport) -> str:
    r = report.resume
    skills = ''.join(f'<span class="pill">{escape(s)}</span>' for s in r.skills) or 'none found'
    projects = ''.join(f'<li><b>{escape(p.name)}</b> {escape(p.description)}</li>' for p in r.projects)
    education = ''.join(f'<li>{escape(e)}</li>' for e in r.education)
    flags = ''.join(f'<li>{escape(str(f.get("message", "")))}</li>' for f in report.resume_flags)
    years = experience(r.experience_years)
    match = f'{report.candidate.must_have_match:g}%' if report.candidate.must_have_match is not None else '—'
    return ''.join([
        '<h2>Resume</h2>', f'<div>Skills: {skills}</div>', f'<div>Experience: {years} · must-have match {match}</div>',
        f'<div>Education:<ul>{education}</ul></div>' if education else '',
        f'<div>Projects:<ul>{projects}</ul></div>' if projects else '',
        f'<div class="pill warn">Look twice</div><ul>{flags}</ul>' if flags else '',
    ])


def _item(item: ReportItem) -> str:
    q, a = item.question, item.answer
    asked = f'asked live by {q.asked_by}' if q.asked_by else ''
    meta = ' · '.join(x for x in (question_type(q.type), q.skill or '', asked) if x)
    head = f'<div class="q"><h3>Q{q.number}. {escape(q.text)}</h3><div class="muted">{escape(meta)}</div>'
    code = _code(item.code) if item.code is not None else ''
    return head + code + (_answer(a) if a is not None else '<p class="muted">Not answered.</p>') + '</div>'


def _code(code: CodeOut) -> str:
    rows = ''.join(
        f'<tr><td>{escape(t.name)}</td><td>{"passed" if t.passed else "failed"}</td><td>{escape(t.args)}</td>'
        f'<td>{escape(t.expected)}</td><td>{escape(t.error or t.got or "")}</td>'
        f'<td>{"—" if t.ms is None else f"{t.ms:.3f}"}</td></tr>' for t in code.tests)
    stopped = f' {escape(code.message)}' if code.message else ''
    return (f'<div><span class="pill">{code.tests_passed} of {code.tests_total} tests passed</span>'
            f'<span class="muted">run {code.run_ms} ms.{stopped}</span></div>'
            f'<div class="transcript" style="font-family: monospace">{escape(code.code)}</div>'
            '<table><tr><th>Test</th><th>Result</th><th>Input</th><th>Expected</th><th>Returned / error</th>'
            f'<th>ms</th></tr>{rows}</table>')


def _notes(report: CandidateReport) -> str:
    if not report.notes:
        return ''
    items = ''.join(f'<li><span class="muted">{n.at:%Y-%m-%d %H:%M:%S} UTC · {escape(n.author)}'
                    f'{f" · during Q{n.question_number}" if n.question_number else ""}</span><br>'
                    f'{escape(n.text)}</li>' for n in report.notes)
    return f'<h2>Team notes</h2><ul>{items}</ul>'


def _answer(a: AnswerOut) -> str:
    evidence = [(e.point, e.quote) for e in a.evidence]
    text = a.transcript_corrected if a.transcript_corrected is not None else a.transcript
    parts = []
    if a.status == 'failed':
        parts.append(f'<p class="pill warn">Processing failed: {escape(a.error or "unknown error")}</p>')
    elif a.status == 'needs_review':
        parts.append(f'<p class="pill warn">Not scored, needs review: {escape(a.review_reason or "")}</p>')
    elif a.status != 'scored':
        parts.append('<p class="muted">Still being processed.</p>')
    if text is not None:
        label = 'Transcript (corrected by a reviewer)' if a.transcript_corrected is not None else 'Transcript'
        parts.append(f'<div class="muted">{label}</div>'
                     f'<div class="transcript">{highlight_html(text, evidence) or "(silence)"}</div>')
        if a.transcript_corrected is not None:
            parts.append(f'<div class="muted">AI transcript: {escape(a.transcript or "")}</div>')
    if a.scores['correctness'].ai is not None:
        rows = ''.join(_score_row(d, a) for d in DIMENSIONS)
        parts.append('<table><tr><th>Dimension</th><th>AI</th><th>HR override</th><th>Effective</th></tr>'
                     f'{rows}</table>')
    if a.matched_points:
        parts.append('<div>Covered: ' + '; '.join(escape(p) for p in a.matched_points) + '</div>')
    if a.missing_points:
        parts.append('<div>Missing: ' + '; '.join(escape(p) for p in a.missing_points) + '</div>')
    if a.comment:
        parts.append(f'<div class="muted">AI comment: {escape(a.comment)}</div>')
    return ''.join(parts)


def _score_row(dimension: str, a: AnswerOut) -> str:
    score = a.scores[dimension]
    override = (f'{_num(score.override.score)} — {escape(score.override.reason)} ({escape(score.override.actor)})'
                if score.override else '')
    return (f'<tr><td>{dimension.capitalize()}</td><td>{_num(score.ai)}</td><td>{override}</td>'
            f'<td>{_num(score.effective)}</td></tr>')


def _integrity(interview: InterviewReportOut | None) -> str:
    if interview is None:
        return ''
    lost = int(interview.integrity.get('focus_lost_count', 0) or 0)
    by_question = interview.integrity.get('focus_lost_by_question') or {}
    detail = ', '.join(f'Q{int(k) + 1}: {int(v)}' for k, v in sorted(by_question.items(), key=lambda kv: int(kv[0])))
    return ('<h2>Integrity signals</h2><div>The interview window lost focus '
            f'{lost} time{"s" if lost != 1 else ""}{" (" + escape(detail) + ")" if detail else ""}. '
            'Recorded for context, never scored.</div>')


def _num(value: float | None, decimals: int = 1) -> str:
    return '—' if value is None else f'{value:.{decimals}f}'
