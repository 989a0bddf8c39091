"""Keep a skill term the prompt put in a transcript only when the audio supports it.

Whisper continues its prompt: given 'Redis, Kubernetes' it writes 'Redis probe' for 'readiness
probe' and 'Kubernetes' for 'EXPLAIN ANALYZE'. The prompt still helps (skill-term recall rose from
0.45 to 0.67 with it), so the prompted decode is kept and each skill term in it is checked against a
decode of the same audio without the prompt, the two word sequences aligned by difflib:

- where both decodes agree, the term stays;
- where they differ, the term stays if the unprompted words there sound like it ('Postker SQL' for
  'PostgreSQL', 'pidus' for 'pytest': the prompt fixed a spelling, not invented a word);
- otherwise the prompted words of that stretch are replaced by what the unprompted decode heard.

The second decode runs only when the prompted text contains a term. Word timestamps were tried
first and doubled the cost of every decode; aligning the texts costs nothing. Pure functions over
word lists, tested without a model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

MAX_TERM_WORDS = 3
MIN_SOUND_SIMILARITY = 0.75  # of the consonant skeletons, voiced and voiceless alike ('pidus' ~ 'pytest')
MIN_SPELLING_SIMILARITY = 0.75  # of the letters as written, first letter equal
NEIGHBOURS = 1  # unprompted words either side of a differing stretch that may still hold the term


@dataclass(frozen=True)
class TermHit:
    term: str
    first: int  # index of the first word of the term in the prompted words
    size: int  # how many words it spans


@dataclass(frozen=True)
class Checked:
    words: list[str]
    rejected: list[str]  # terms replaced by the unprompted words
    second_decode: bool  # whether the unprompted decode was needed


def key(text: str) -> str:
    return re.sub(r'[^a-z0-9+#]', '', text.lower())


def find_terms(words: list[str], terms: list[str]) -> list[TermHit]:
    """Where the prompt's terms appear in the decoded words (longest first, no overlaps)."""
    keys = {key(t): t for t in terms if key(t)}
    hits: list[TermHit] = []
    i = 0
    while i < len(words):
        for size in range(min(MAX_TERM_WORDS, len(words) - i), 0, -1):
            term = keys.get(key(''.join(words[i:i + size])))
            if term is not None:
                hits.append(TermHit(term, i, size))
                i += size
                break
        else:
            i += 1
    return hits


def sounds_alike(heard: str, term: str) -> bool:
    """'Postker SQL' ~ 'PostgreSQL', 'pidus' ~ 'pytest', 'tubernetes' ~ 'Kubernetes'; 'readiness' is
    not 'Redis', 'explain analyze' is not 'Kubernetes'."""
    a, b = key(heard), key(term)
    if not a or not b:
        return False
    if a == b:
        return True
    if abs(len(a) - len(b)) > max(2, len(b) // 2):  # 'post girr ask well' for 'PostgreSQL' is a mishearing
        return False
    sa, sb = _skeleton(a), _skeleton(b)
    if sa and sb and SequenceMatcher(None, sa, sb).ratio() >= MIN_SOUND_SIMILARITY:
        return True
    # Short names have few consonants, so one misheard consonant ('KAFBA' for 'Kafka') sinks the
    # skeleton; the letters as written still line up.
    return a[0] == b[0] and SequenceMatcher(None, a, b).ratio() >= MIN_SPELLING_SIMILARITY


def check_terms(prompted: list[str], terms: list[str], plain_decode: Callable[[], list[str]]) -> Checked:
    """The prompted words with every unsupported skill term's stretch replaced by the unprompted words.

    `plain_decode` (the same audio decoded without the prompt) runs only when a term was written.
    """
    hits = find_terms(prompted, terms)
    if not hits:
        return Checked(prompted, [], second_decode=False)
    plain = plain_decode()
    opcodes = SequenceMatcher(None, [key(w) for w in prompted], [key(w) for w in plain],
                              autojunk=False).get_opcodes()
    replace: dict[tuple[int, int], tuple[int, int]] = {}
    rejected: list[str] = []
    for hit in hits:
        stretch = _differing(opcodes, hit)
        if stretch is None:
            continue  # both decodes wrote it
        (a1, a2), (b1, b2) = stretch
        if _heard_nearby(hit.term, plain[max(0, b1 - NEIGHBOURS):b2 + NEIGHBOURS]):
            continue
        rejected.append(hit.term)
        replace[(a1, a2)] = (b1, b2)
    out = list(prompted)
    for (a1, a2), (b1, b2) in sorted(replace.items(), reverse=True):  # from the end: indexes stay valid
        out[a1:a2] = plain[b1:b2]
    return Checked(out, rejected, second_decode=True)


def _differing(opcodes: Sequence[tuple[str, int, int, int, int]], hit: TermHit,
               ) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The prompted and unprompted ranges of the non-equal stretches the term's words fall in."""
    first, last = hit.first, hit.first + hit.size
    spans = [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in opcodes
             if tag != 'equal' and i1 < last and (i2 > first or (i1 == i2 and first <= i1 < last))]
    if not spans:
        return None
    return (min(s[0] for s in spans), max(s[1] for s in spans)), (min(s[2] for s in spans), max(s[3] for s in spans))


def _heard_nearby(term: str, words: list[str]) -> bool:
    for size in range(1, MAX_TERM_WORDS + 1):
        for i in range(len(words) - size + 1):
            if sounds_alike(''.join(words[i:i + size]), term):
                return True
    return False


_VOICING = str.maketrans({'c': 'k', 'q': 'k', 'g': 'k', 'd': 't', 'b': 'p', 'v': 'f', 'z': 's'})


def _skeleton(letters: str) -> str:
    # Consonants only, voiced and voiceless alike, doubled letters once: how a mishearing still sounds.
    consonants = re.sub(r'[aeiouyh]', '', letters.replace('ph', 'f').translate(_VOICING))
    return re.sub(r'(.)\1+', r'\1', consonants)
