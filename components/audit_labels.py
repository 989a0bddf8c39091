"""Readable names and one-line summaries for audit events (the rows themselves are never changed)."""

from __future__ import annotations

from typing import Any

from app.models import AuditEvent

ACTION_LABELS = {
    'account.signup': 'Organization created',
    'auth.login': 'Signed in',
    'auth.logout': 'Signed out',
    'auth.password_change': 'Password changed',
    'team.add': 'Teammate added',
    'job.create': 'Job created',
    'job.update': 'Job changed',
    'job.delete': 'Job deleted',
    'job.export_csv': 'Candidates exported (CSV)',
    'candidate.status': 'Decision changed',
    'candidate.resume_download': 'Resume downloaded',
    'candidate.delete': 'Candidate deleted',
    'candidate.override': 'Score overridden',
    'candidate.override_clear': 'Override removed',
    'candidate.transcript_correct': 'Transcript corrected',
    'candidate.rescore': 'Re-score requested',
    'candidate.retry': 'Processing retried',
    'candidate.data_export': 'Candidate data exported (JSON)',
    'candidate.report_print': 'Printable report opened',
    'recording.download': 'Recording downloaded',
    'recordings.expire': 'Recordings deleted (retention)',
    'interview.rescored': 'Result recomputed after re-score',
    'organization.retention': 'Recording retention changed',
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def summary(event: AuditEvent) -> str:
    """The detail that matters for this kind of event, as plain text."""
    d: dict[str, Any] = event.detail or {}
    question = f'Q{int(d["question_index"]) + 1} ' if d.get('question_index') is not None else ''
    match event.action:
        case 'candidate.status':
            note = f' — {d["note"]}' if d.get('note') else ''
            return f'{d.get("from")} → {d.get("to")}{note}'
        case 'candidate.override':
            return f'{question}{d.get("field")}: AI {_n(d.get("ai_value"))} → {_n(d.get("to"))} — {d.get("reason", "")}'
        case 'candidate.override_clear':
            return f'{d.get("field")} back to the AI value (was {d.get("was")})'
        case 'recording.download':
            return f'{question}{"answer audio" if d.get("kind") == "answer_audio" else "video"}'
        case 'recordings.expire':
            return f'{d.get("files")} files after {d.get("retention_days")} days'
        case 'job.export_csv':
            return f'{d.get("rows")} rows'
        case 'interview.rescored':
            before, after = d.get('from') or {}, d.get('to') or {}
            return f'{before.get("final_score")} → {after.get("final_score")} ({after.get("recommendation")})'
        case 'organization.retention':
            return f'{d.get("from") or "keep"} → {d.get("to") or "keep"} days'
        case 'candidate.transcript_correct':
            return f'{question}{"correction removed" if d.get("removed") else "corrected"}'
        case 'candidate.rescore' | 'candidate.retry':
            return question.strip()
        case 'job.update':
            return 'changed: ' + ', '.join(str(f) for f in d.get('fields') or [])
        case 'job.delete' | 'job.create':
            return f'{d.get("title", "")} ({d.get("job_code", "")})'
        case 'team.add':
            return f'{d.get("email", "")} as {d.get("role", "")}'
    return ''


def _n(value: Any) -> str:
    return f'{value:.1f}' if isinstance(value, float) else str(value)
