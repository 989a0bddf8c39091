"""Plain-text formatting shared by the pages, the components and the printable report (no UI code)."""

from __future__ import annotations

from babel.numbers import format_decimal
from babel.units import format_unit

from app.i18n import N_
from app.models import QuestionType

QUESTION_TYPE_LABELS: dict[str, str] = {
    QuestionType.warmup: N_('Warm-up'), QuestionType.technical: N_('Technical'), QuestionType.project: N_('Project'),
    QuestionType.behavioral: N_('Behavioral'), QuestionType.hr: N_('General'), QuestionType.follow_up: N_('Follow-up'),
    QuestionType.coding: N_('Coding'), QuestionType.live: N_('Asked by HR'),
}


def question_type(kind: str) -> str:
    """'Warm-up', 'Follow-up', … — the one wording of a question's type, for candidates and for HR."""
    return QUESTION_TYPE_LABELS.get(kind, kind.replace('_', ' ').capitalize())


def answer_time(seconds: int, locale: str = 'en') -> str:
    """'30 s', '1 min', '1 min 30 s' — how long a candidate may speak per answer (CLDR's short units
    in another Babel locale: '3 मि॰', '1 Min. 30 Sek.')."""
    minutes, rest = divmod(seconds, 60)
    if locale != 'en':
        parts = ([format_unit(minutes, 'duration-minute', length='short', locale=locale)] if minutes else []) + \
            ([format_unit(rest, 'duration-second', length='short', locale=locale)] if rest or not minutes else [])
        return ' '.join(parts)
    if not minutes:
        return f'{rest} s'
    return f'{minutes} min {rest} s' if rest else f'{minutes} min'


def file_size(count: int, locale: str = 'en') -> str:
    """'12 KB', '1.4 MB' ('1,4 MB' in German), in the 1024-based units the upload limits are stated in."""
    if count >= 1024 * 1024:
        return f"{format_decimal(round(count / 1024 / 1024, 1), '0.0', locale=locale)} MB"
    return f'{format_decimal(max(1, round(count / 1024)), locale=locale)} KB'


def experience(years: float | None, missing: str = 'not stated') -> str:
    """'about 1 year', 'about 4.5 years' of experience; `missing` when the resume does not say."""
    if years is None:
        return missing
    return f'about {years:g} year{"s" if years != 1 else ""}'
