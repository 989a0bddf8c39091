"""The pieces of an answer that can assert a rubric point: sentences and the clauses inside them.

A long sentence often makes two or three claims ("writes get slower, and indexes take disk space"), and
an embedding of the whole sentence blurs them, so each sentence is also cut into clauses at punctuation
and at conjunctions. Speech recognition often returns no punctuation at all; the conjunctions still cut.
Every unit is a verbatim stretch of the transcript, so it can be quoted as evidence as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.providers.llm.offline.text import Span, Token

MIN_CLAUSE_TOKENS = 4  # shorter pieces are glued to a neighbour: "orders, stock and payments" is one claim
_CUT_BEFORE = frozenset({
    'and', 'but', 'so', 'because', 'which', 'while', 'whereas', 'although', 'though', 'then', 'or', 'otherwise',
    'since', 'unless', 'until', 'where', 'when', 'if', 'instead',
})
_PUNCTUATION = re.compile(r'[,;:()\u2013\u2014]|\s-\s')


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    tokens: tuple[Token, ...]
    sentence: int  # index of the sentence (span) it belongs to
    whole: bool  # the whole sentence, not a clause of it

    def text(self, transcript: str) -> str:
        return transcript[self.start:self.end]


def _pieces(span: Span, transcript: str) -> list[list[Token]]:
    """Tokens of a sentence grouped into clauses: a cut after punctuation and before a conjunction."""
    pieces: list[list[Token]] = [[]]
    previous_end = span.start
    for token in span.tokens:
        gap = transcript[previous_end:token.start]
        if pieces[-1] and (_PUNCTUATION.search(gap) or token.text in _CUT_BEFORE):
            pieces.append([])
        pieces[-1].append(token)
        previous_end = token.end
    merged: list[list[Token]] = []
    for piece in pieces:
        if merged and (len(piece) < MIN_CLAUSE_TOKENS or len(merged[-1]) < MIN_CLAUSE_TOKENS):
            merged[-1] = merged[-1] + piece
        else:
            merged.append(piece)
    return merged


def answer_units(spans: list[Span], transcript: str) -> list[Unit]:
    """Each sentence as a whole, then its clauses when it has more than one."""
    units: list[Unit] = []
    for index, span in enumerate(spans):
        units.append(Unit(span.start, span.end, span.tokens, index, True))
        pieces = _pieces(span, transcript)
        if len(pieces) < 2:
            continue
        for piece in pieces:
            units.append(Unit(piece[0].start, piece[-1].end, tuple(piece), index, False))
    return units
