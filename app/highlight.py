"""Evidence quotes highlighted inside a transcript, as escaped HTML.

Both the transcript and the quotes are untrusted (speech and model output): the result is built
only from html.escape()d pieces and fixed <mark> tags, so nothing in them can become markup.
Quotes match case-insensitively and across differences in spacing and punctuation, since a model
rarely reproduces a transcript's punctuation exactly.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

MAX_QUOTES = 50
MAX_QUOTE_WORDS = 80


@dataclass(frozen=True)
class Piece:
    text: str
    point: str | None  # the rubric point this quote is evidence for; None for plain text


def pieces(transcript: str, evidence: list[tuple[str, str]]) -> list[Piece]:
    """Split the transcript into plain and highlighted pieces; evidence is [(point, quote)]."""
    spans: list[tuple[int, int, str]] = []
    for point, quote in evidence[:MAX_QUOTES]:
        words = re.findall(r'\w+', quote)[:MAX_QUOTE_WORDS]
        if not words:
            continue
        pattern = r'(?<!\w)' + r'\W+'.join(map(re.escape, words)) + r'(?!\w)'
        spans += [(m.start(), m.end(), point) for m in re.finditer(pattern, transcript, re.IGNORECASE)]
    result: list[Piece] = []
    position = 0
    for start, end, point in sorted(spans, key=lambda span: (span[0], -span[1])):  # longest first at a start
        if end <= position:
            continue  # inside a quote already highlighted
        start = max(start, position)
        if start > position:
            result.append(Piece(transcript[position:start], None))
        result.append(Piece(transcript[start:end], point))
        position = end
    if position < len(transcript):
        result.append(Piece(transcript[position:], None))
    return result


def highlight_html(transcript: str, evidence: list[tuple[str, str]], mark_class: str = 'evidence') -> str:
    out = []
    for piece in pieces(transcript, evidence):
        text = html.escape(piece.text)
        if piece.point is None:
            out.append(text)
        else:
            title = html.escape(f'Evidence for: {piece.point}', quote=True)
            out.append(f'<mark class="{html.escape(mark_class, quote=True)}" title="{title}">{text}</mark>')
    return ''.join(out)
