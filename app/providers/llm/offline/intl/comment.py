"""The comment HR reads next to an answer's scores, in the interview language: what was credited, what
was not, and why. Sentences come from the lexicon's strings; it never claims more than the scorer found."""

from __future__ import annotations

from app.providers.llm.base import Evaluation
from app.providers.llm.offline.intl.lexicon import Lexicon


def _short(point: str, limit: int = 60) -> str:
    point = point.rstrip('.')
    return point if len(point) <= limit else point[:limit].rsplit(' ', 1)[0] + '…'


def _names(points: list[str], limit: int = 3) -> str:
    return '; '.join(_short(p) for p in points[:limit])


def empty_comment(lex: Lexicon, injected: bool, declined: bool) -> str:
    return lex.text('injected_only' if injected else 'declined' if declined else 'no_answer')


def describe(lex: Lexicon, evaluation: Evaluation, matches: list[tuple[str, float, bool]], *, listed: int,
             echoed: int, units: int, topicality: float, word_count: int, filler_rate: float, injected: bool,
             truncated: bool) -> str:
    covered = [p for p, credit, _ in matches if credit == 1]
    partial = [p for p, credit, _ in matches if credit == 0.5]
    contradicted = [p for p, credit, flag in matches if flag and not credit]
    parts: list[str] = []
    if evaluation.correctness == 0:
        if contradicted:
            parts.append(lex.text('contradicted_all', points=_names(contradicted)))
        elif listed and listed * 2 >= units:
            parts.append(lex.text('listed_only'))
        elif echoed and echoed * 2 >= units:
            parts.append(lex.text('echo_only'))
        elif topicality < 0.3:
            parts.append(lex.text('off_topic'))
        else:
            parts.append(lex.text('general'))
    else:
        if covered:
            parts.append(lex.text('covered', n=len(covered), total=len(matches), points=_names(covered))
                         + (' ' + lex.text('partly', n=len(partial)) if partial else ''))
        else:
            parts.append(lex.text('partly_only', n=len(partial), total=len(matches), points=_names(partial)))
        if contradicted:
            parts.append(lex.text('contradicted', points=_names(contradicted)))
        missing = [p for p, credit, flag in matches if credit < 1 and not flag]
        if missing:
            parts.append(lex.text('missing', points=_names(missing)))
        if listed:
            parts.append(lex.text('lists_ignored'))
    if injected:
        parts.append(lex.text('injection_ignored'))
    elif truncated:
        parts.append(lex.text('truncated'))
    elif word_count < 15:
        parts.append(lex.text('very_short'))
    elif filler_rate > 0.06:
        parts.append(lex.text('fillers'))
    elif evaluation.depth >= 3.5 and not contradicted:
        parts.append(lex.text('specific'))
    elif evaluation.correctness >= 2.5:
        parts.append(lex.text('brief' if evaluation.depth < 2 else 'some_detail'))
    return ' '.join(parts[:4])
