"""Spell the job's technical names the way they are written, in a transcript that heard them as words.

Speech recognition biased with a prompt still writes 'poster sql' for PostgreSQL now and then:
compound names (an inner capital, a digit or a symbol: PostgreSQL, JavaScript, GraphQL, Node.js)
get split into ordinary words. A run of two or three words becomes such a name when it starts like
it, has a similar length, and sounds like it (consonants compared with vowels dropped and c, k, q
alike). Names that are ordinary words themselves (Tableau, Flask, Redis, Scala) are never guessed
at — 'a table' must stay 'a table' — and a single word only gets its capitals fixed ('react').
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

MIN_TERM_LETTERS = 5
MIN_SOUND_SIMILARITY = 0.9  # of the consonant skeletons
MIN_SPELLING_SIMILARITY = 0.8  # of the letters as written
_WORD = re.compile(r"[A-Za-z0-9+#']+")


def apply_vocabulary(text: str, terms: list[str]) -> str:
    exact = {_key(term): term for term in terms if len(_key(term)) >= MIN_TERM_LETTERS}
    compound = {key: term for key, term in exact.items() if _is_compound(term)}
    if not text or not exact:
        return text
    words = list(_WORD.finditer(text))
    out: list[str] = []
    position = 0
    i = 0
    while i < len(words):
        match = _best(words, i, exact, compound)
        if match is None:
            i += 1
            continue
        size, term = match
        out.append(text[position:words[i].start()])
        out.append(term)
        position = words[i + size - 1].end()
        i += size
    out.append(text[position:])
    return ''.join(out)


def _best(words: list[re.Match[str]], i: int, exact: dict[str, str], compound: dict[str, str],
          ) -> tuple[int, str] | None:
    for size in (3, 2):  # longest run first: 'post gray sql' before 'post gray'
        if i + size > len(words):
            continue
        run = _key(''.join(w.group(0) for w in words[i:i + size]))
        for key, term in compound.items():
            if run == key or _sounds_like(run, key):
                return size, term
    single = _key(words[i].group(0))
    return (1, exact[single]) if single in exact else None


def _sounds_like(run: str, key: str) -> bool:
    if abs(len(run) - len(key)) > 2 or run[:3] != key[:3]:
        return False
    return (SequenceMatcher(None, _skeleton(run), _skeleton(key)).ratio() >= MIN_SOUND_SIMILARITY
            and SequenceMatcher(None, run, key).ratio() >= MIN_SPELLING_SIMILARITY)


def _is_compound(term: str) -> bool:
    # Names of several words (Spring Boot, Application Security) are heard as those words already.
    if ' ' in term:
        return False
    return any(ch.isupper() for ch in term[1:]) or any(not ch.isalpha() for ch in term)


def _skeleton(letters: str) -> str:
    return re.sub(r'[aeiouy]', '', letters.replace('ph', 'f').replace('c', 'k').replace('q', 'k'))


def _key(text: str) -> str:
    return re.sub(r'[^a-z0-9+#]', '', text.lower())
