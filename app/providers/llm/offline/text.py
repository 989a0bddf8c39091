"""Text handling for offline scoring: tokens with offsets, a small stemmer, sentences, fuzzy matching.

Transcripts come from speech recognition, so matching must survive inflections ("indexes" vs
"indexing"), small misspellings ("kubernetis") and split compounds ("post gresql").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.providers.llm.offline.units import Unit

_WORD = re.compile(r"[a-z0-9]+(?:[+#]+|'[a-z]+)?", re.IGNORECASE)
_SENTENCE_END = re.compile(r'(?<=[.!?;}])\s+|\n+')  # '}': a JSON object pasted in is a sentence of its own
MAX_WINDOW_TOKENS = 40  # unpunctuated speech is cut into windows so one "sentence" cannot match everything

STOPWORDS = frozenset({
    'a', 'about', 'above', 'after', 'again', 'against', 'all', 'also', 'am', 'an', 'and', 'any', 'are', 'as', 'at',
    'be', 'because', 'been', 'before', 'being', 'below', 'between', 'both', 'but', 'by', 'can', 'could', 'did',
    'do', 'does', 'doing', 'down', 'during', 'each', 'few', 'for', 'from', 'further', 'had', 'has', 'have',
    'having', 'he', 'her', 'here', 'hers', 'herself', 'him', 'himself', 'his', 'how', 'i', 'if', 'in', 'into', 'is',
    'it', 'its', 'itself', 'just', 'me', 'more', 'most', 'my', 'myself', 'no', 'nor', 'not', 'now', 'of', 'off',
    'on', 'once', 'only', 'or', 'other', 'our', 'ours', 'ourselves', 'out', 'over', 'own', 'same', 'she', 'should',
    'so', 'some', 'such', 'than', 'that', 'the', 'their', 'theirs', 'them', 'themselves', 'then', 'there', 'these',
    'they', 'this', 'those', 'through', 'to', 'too', 'under', 'until', 'up', 'very', 'was', 'we', 'were', 'what',
    'when', 'where', 'which', 'while', 'who', 'whom', 'why', 'will', 'with', 'would', 'you', 'your', 'yours',
    'yourself', 'yourselves', 'let', 'lets', 'get', 'gets', 'got', 'make', 'makes', 'made', 'really', 'quite',
    'thing', 'things', 'something', 'way', 'ways', 'use', 'using', 'used', 'uses', 'one', 'well', 'much',
    'many', 'lot', 'lots', 'like',
})


@dataclass(frozen=True)
class Token:
    text: str  # lower-cased surface form
    stem: str
    start: int
    end: int


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """A compact suffix stripper: enough to equate index/indexes/indexing, cache/caching/cached."""
    w = word.lower().replace("'", '')
    if len(w) <= 3 or not w.isalpha():
        return w
    for suffix, repl in (
        ('izations', 'iz'), ('ization', 'iz'), ('isations', 'is'), ('isation', 'is'), ('ational', 'at'),
        ('ations', 'at'), ('ation', 'at'), ('ements', 'e'), ('ement', 'e'), ('ments', ''), ('ment', ''),
        ('nesses', ''), ('ness', ''), ('ingly', ''), ('ings', ''), ('ing', ''), ('ies', 'y'), ('ied', 'y'),
        ('izes', 'iz'), ('ized', 'iz'), ('izer', 'iz'), ('ize', 'iz'), ('ises', 'is'), ('ised', 'is'),
        ('ities', 'it'), ('ity', 'it'), ('ers', 'er'), ('edly', ''), ('ed', ''), ('ly', ''),
        ('sses', 'ss'), ('xes', 'x'), ('ches', 'ch'), ('shes', 'sh'), ('s', ''),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) + len(repl) >= 3:
            if suffix == 's' and w.endswith(('ss', 'us', 'is')):
                break
            w = w[: len(w) - len(suffix)] + repl
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in 'lsz':
        w = w[:-1]  # running → runn → run
    if len(w) > 3 and w.endswith('e'):
        w = w[:-1]  # cache/caching/cached all become "cach"
    return w


def tokenize(text: str, offset: int = 0) -> list[Token]:
    return [Token(m.group(0).lower(), stem(m.group(0)), m.start() + offset, m.end() + offset)
            for m in _WORD.finditer(text)]


def content_stems(text: str) -> list[str]:
    """Stems of the meaningful words in a phrase, in order, without repeats."""
    return list(dict.fromkeys(t.stem for t in tokenize(text) if t.text not in STOPWORDS))


@dataclass(frozen=True)
class Span:
    """A verbatim stretch of the transcript (a sentence or a window of a long one)."""

    start: int
    end: int
    tokens: tuple[Token, ...]


def sentences(text: str) -> list[Span]:
    spans: list[Span] = []
    position = 0
    for piece in _SENTENCE_END.split(text):
        start = text.find(piece, position) if piece else position
        if not piece.strip():
            position = max(position, start + len(piece))
            continue
        tokens = tokenize(piece, start)
        position = start + len(piece)
        if not tokens:
            continue
        if len(tokens) <= MAX_WINDOW_TOKENS:
            spans.append(Span(tokens[0].start, tokens[-1].end, tuple(tokens)))
            continue
        step = MAX_WINDOW_TOKENS // 2
        for i in range(0, len(tokens) - step, step):
            window = tokens[i:i + MAX_WINDOW_TOKENS]
            spans.append(Span(window[0].start, window[-1].end, tuple(window)))
    return spans


@lru_cache(maxsize=100_000)
def similar(a: str, b: str) -> bool:
    """Fuzzy equality of two stems: exact, or close enough for words of five letters or more."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 2 or a[0] != b[0]:
        return False
    return SequenceMatcher(None, a, b).ratio() >= 0.84


def span_keys(span: Span | Unit) -> set[str]:
    """Stems in a span plus joined neighbours, so 'post gresql' can meet 'postgresql'."""
    keys = {t.stem for t in span.tokens if t.text not in STOPWORDS}  # "really" must not count as "real"
    texts = [t.text for t in span.tokens]
    keys.update(a + b for a, b in pairwise(texts))
    return keys


def contains_stem(keys: set[str], wanted: str) -> bool:
    if wanted in keys:
        return True
    return len(wanted) >= 5 and any(similar(wanted, key) for key in keys)
