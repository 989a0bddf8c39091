"""Per-language word lists and phrases for the offline interviewer (data/offline_lang/<code>.json).

What each language has, as data: stop words, filler words, negators, hedges, example and reasoning cues,
phrases that decline to answer, phrases addressed to the evaluator (injection), the calibration pairs for
the embedding model, and every sentence the interviewer says or writes (follow-ups, comments, report).

English-only rules with no counterpart here (switched off for these languages): the stemmer and its
fuzzy spelling match (replaced by prefix matching, and compound matching for German), subject binding of
claims (client/server roles, contrast questions), wrong-definition checks, and the story-point cue rules;
a negated sentence simply credits no point unless the point itself is negated.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

LEXICON_DIR = Path(__file__).resolve().parents[5] / 'data' / 'offline_lang'
# Python's \w leaves out Devanagari vowel signs and viramas (combining marks), which would cut every Hindi
# word apart; the block is added explicitly, less its two danda (sentence-end) signs.
_WORD = re.compile(r'[\w\u0900-\u0963\u0966-\u097F]+')


def available() -> frozenset[str]:
    """Languages with a lexicon file (and so an offline interviewer besides English)."""
    return frozenset(path.stem for path in LEXICON_DIR.glob('*.json'))


@dataclass(frozen=True)
class Lexicon:
    code: str
    fold_accents: bool
    compounds: bool  # German: a term may sit inside a longer word ("Datenbankindex")
    stopwords: frozenset[str]
    fillers: tuple[str, ...]
    negators: frozenset[str]
    hedges: tuple[str, ...]
    examples: tuple[str, ...]
    reasons: tuple[str, ...]
    declines: tuple[str, ...]
    injection: tuple[str, ...]
    calibration: dict[str, list[list[str]]]
    strings: dict[str, Any]

    def fold(self, text: str) -> str:
        """Case-folded text; accents dropped for Latin-script languages (never for Devanagari, whose vowel
        signs are combining marks)."""
        text = text.casefold()
        if self.fold_accents:
            text = ''.join(c for c in unicodedata.normalize('NFKD', text) if not unicodedata.combining(c))
        return text

    def words(self, text: str) -> list[str]:
        return _WORD.findall(self.fold(text))

    def content(self, text: str) -> list[str]:
        return [w for w in self.words(text) if w not in self.stopwords and not w.isdigit()]

    def count(self, phrases: tuple[str, ...], text: str) -> int:
        """Occurrences of any of `phrases` as whole words in `text`."""
        folded = ' ' + ' '.join(self.words(text)) + ' '
        return sum(folded.count(' ' + ' '.join(self.words(p)) + ' ') for p in phrases)

    def word_matches(self, term: str, word: str) -> bool:
        """Same word, or the same word inflected (shared stem: all but the last two or three letters), or,
        for German compounds, the term inside a longer word."""
        if term == word:
            return True
        if len(term) < 4 or len(word) < 4:
            return False
        stem = term[:max(4, len(term) - 3)]
        if word.startswith(stem) and abs(len(word) - len(term)) <= 4:
            return True
        return self.compounds and len(term) >= 5 and term in word

    def has_phrase(self, phrase: str, words: list[str]) -> bool:
        """Every content word of `phrase` appears in `words` (in any order, inflected)."""
        needed = [w for w in self.words(phrase) if w not in self.stopwords] or self.words(phrase)
        return bool(needed) and all(any(self.word_matches(t, w) for w in words) for t in needed)

    def text(self, key: str, **fields: object) -> str:
        return str(self.strings[key]).format(**fields)


@lru_cache(maxsize=8)
def lexicon(code: str) -> Lexicon:
    path = LEXICON_DIR / f'{code}.json'
    if not path.is_file():
        raise KeyError(f'no offline lexicon for language {code!r}')
    raw = json.loads(path.read_text(encoding='utf-8'))
    fold = bool(raw.get('fold_accents', False))
    probe = Lexicon(code, fold, False, frozenset(), (), frozenset(), (), (), (), (), (), {}, {})
    return Lexicon(
        code=code, fold_accents=fold, compounds=bool(raw.get('compounds', False)),
        stopwords=frozenset(probe.fold(w) for w in raw['stopwords']),
        fillers=tuple(raw['fillers']), negators=frozenset(probe.fold(w) for w in raw['negators']),
        hedges=tuple(raw['hedges']), examples=tuple(raw['examples']), reasons=tuple(raw['reasons']),
        declines=tuple(raw['declines']), injection=tuple(raw['injection']),
        calibration=raw['calibration'], strings=raw['strings'])
