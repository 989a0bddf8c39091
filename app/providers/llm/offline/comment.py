"""The offline scorer's comment on one answer: what it credited, what it did not, and why — truthfully.

HR reads this next to the scores, so it never claims more than the scorer found: an answer that
contradicts the points it names is told so, a list of terms is called a list of terms.
"""

from __future__ import annotations

from app.providers.llm.base import Evaluation
from app.providers.llm.offline.coverage import Coverage


def _short(point: str, limit: int = 60) -> str:
    point = point.rstrip('.')
    return point if len(point) <= limit else point[:limit].rsplit(' ', 1)[0] + '…'


def _names(points: list[str], limit: int = 3) -> str:
    return '; '.join(_short(p) for p in points[:limit])


def _nothing_covered(coverage: Coverage, kept_sentences: int) -> str:
    contradicted = [m.point.point for m in coverage.matches if m.contradicted and not m.credit]
    if contradicted:
        return f'The answer contradicted key points instead of covering them ({_names(contradicted)}).'
    if coverage.list_sentences and len(coverage.list_sentences) * 2 >= kept_sentences:
        return 'The answer listed terms without explaining them, so no key point was credited.'
    if coverage.echo_sentences and len(coverage.echo_sentences) * 2 >= kept_sentences:
        return 'The answer mostly restated the question; no key point was covered.'
    if coverage.topicality < 0.3:
        return 'The answer did not address the question asked.'
    return 'The answer stayed general and covered none of the key points.'


def describe(evaluation: Evaluation, coverage: Coverage, *, kept_sentences: int, word_count: int,
             filler_rate: float, injected: bool, truncated: bool) -> str:
    matches = coverage.matches
    covered = [m for m in matches if m.credit == 1]
    partial = [m for m in matches if m.credit == 0.5]
    contradicted = [m for m in matches if m.contradicted and not m.credit]
    parts: list[str] = []
    if evaluation.correctness == 0:
        parts.append(_nothing_covered(coverage, kept_sentences))
    else:
        names = ', '.join(_short(m.point.point) for m in covered[:3])
        if covered:
            parts.append(f'Covered {len(covered)} of {len(matches)} key points' + (f' ({names})' if names else '')
                         + (f', {len(partial)} partly' if partial else '') + '.')
        else:
            parts.append(f'Partly covered {len(partial)} of {len(matches)} key points '
                         f'({_names([m.point.point for m in partial])}).')
        if contradicted:
            parts.append('Contradicted: ' + _names([m.point.point for m in contradicted]) + '.')
    missing = [m.point.point for m in matches if m.credit < 1 and not m.contradicted]
    if missing and evaluation.correctness:
        parts.append('Missing or thin: ' + _names(missing) + '.')
    if coverage.list_sentences and evaluation.correctness:
        parts.append('Lists of bare terms were not credited.')
    if injected:
        parts.append('An instruction addressed to the evaluator was ignored.')
    elif truncated:
        parts.append('Only the beginning of this very long answer was scored.')
    elif word_count < 15:
        parts.append('The answer was very short.')
    elif filler_rate > 0.06:
        parts.append('Frequent filler words made it harder to follow.')
    elif evaluation.depth >= 3.5 and not contradicted:
        parts.append('Specific, well-supported explanation.')
    elif evaluation.correctness >= 2.5:
        parts.append('Brief: few specifics or examples.' if evaluation.depth < 2 else 'Some supporting detail.')
    return ' '.join(parts[:4])
