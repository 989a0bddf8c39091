"""Keep a skill term the prompt put in a transcript only when the audio supports it.

Whisper continues its prompt: given 'Redis, Kubernetes' it writes 'Redis probe' for 'readiness
probe' and 'Kubernetes' for 'EXPLAIN ANALYZE'. The prompt still helps (skill-term recall rose from
0.45 to 0.67 with it), so the prompted decode is kept and each skill term in it is checked:

- a term whisper wrote with high word probability is kept;
- otherwise the same stretch of audio decoded without the prompt decides: if that decode wrote the
  term, or something that sounds like it ('Post gray SQL' for 'PostgreSQL'), the term is kept;
  if not, the prompted words are replaced by what the unprompted decode heard there.

Pure functions over (word, start, end, probability) tuples, so they are tested without a model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

TRUSTED_PROBABILITY = 0.85  # a prompted term whisper is this sure of is kept without a second decode
MAX_TERM_WORDS = 3
CONFIDENT_ALTERNATIVE = 0.5  # the unprompted decode must be this sure of what it heard instead
SPAN_SLACK_SECONDS = 0.25  # word timestamps of two decodes of the same audio differ by about this much
MIN_SOUND_SIMILARITY = 0.8  # of the consonant skeletons, voiced and voiceless alike ('pidus' ~ 'pytest')


@dataclass(frozen=True)
class Word:
    text: str  # as whisper wrote it, with its punctuation
    start: float
    end: float
    probability: float


@dataclass(frozen=True)
class TermHit:
    term: str
    first: int  # index of the first word of the term in the prompted words
    size: int  # how many words it spans

    def span(self, words: list[Word]) -> tuple[float, float]:
        return words[self.first].start, words[self.first + self.size - 1].end

    def probability(self, words: list[Word]) -> float:
        return min(w.probability for w in words[self.first:self.first + self.size])


@dataclass(frozen=True)
class Checked:
    words: list[Word]
    rejected: list[str]  # terms replaced by the unprompted words
    second_decode: bool  # whether the unprompted decode was needed


def key(text: str) -> str:
    return re.sub(r'[^a-z0-9+#]', '', text.lower())


def find_terms(words: list[Word], terms: list[str]) -> list[TermHit]:
    """Where the prompt's terms appear in the decoded words (longest term first, no overlaps)."""
    keys = {key(t): t for t in terms if key(t)}
    hits: list[TermHit] = []
    i = 0
    while i < len(words):
        for size in range(min(MAX_TERM_WORDS, len(words) - i), 0, -1):
            term = keys.get(key(''.join(w.text for w in words[i:i + size])))
            if term is not None:
                hits.append(TermHit(term, i, size))
                i += size
                break
        else:
            i += 1
    return hits


def sounds_alike(heard: str, term: str) -> bool:
    """'Postker SQL' ~ 'PostgreSQL', 'pidus' ~ 'pytest'; 'readiness' is not 'Redis', 'explain
    analyze' is not 'Kubernetes'."""
    a, b = key(heard), key(term)
    if not a or not b:
        return False
    if a == b:
        return True
    if abs(len(a) - len(b)) > max(2, len(b) // 4):
        return False
    sa, sb = _skeleton(a), _skeleton(b)
    return bool(sa and sb) and sa[0] == sb[0] and SequenceMatcher(None, sa, sb).ratio() >= MIN_SOUND_SIMILARITY


def supported(hit: TermHit, prompted: list[Word], plain: list[Word]) -> bool:
    """Whether the unprompted decode heard the term (or a sound-alike) in the same stretch of audio,
    or heard nothing there it is sure of (no evidence against the term: 'pidus' at 0.25 for 'pytest')."""
    nearby = _within(plain, *hit.span(prompted))
    instead = _within(plain, *hit.span(prompted), slack=0.0)
    if not instead or max(w.probability for w in instead) < CONFIDENT_ALTERNATIVE:
        return True
    for size in range(1, MAX_TERM_WORDS + 1):
        for i in range(len(nearby) - size + 1):
            if sounds_alike(''.join(w.text for w in nearby[i:i + size]), hit.term):
                return True
    return False


def check_terms(prompted: list[Word], terms: list[str], plain_decode: Callable[[], list[Word]],
                trusted: float = TRUSTED_PROBABILITY) -> Checked:
    """The prompted words with every unsupported skill term replaced by the unprompted words there.

    `plain_decode` runs only when some term is doubtful (probability below `trusted`), so answers
    whose terms whisper is sure of cost one decode.
    """
    doubtful = [h for h in find_terms(prompted, terms) if h.probability(prompted) < trusted]
    if not doubtful:
        return Checked(prompted, [], second_decode=False)
    plain = plain_decode()
    out = list(prompted)
    rejected: list[str] = []
    for hit in reversed(doubtful):  # from the end, so earlier indexes stay valid
        if supported(hit, prompted, plain):
            continue
        rejected.append(hit.term)
        out[hit.first:hit.first + hit.size] = _within(plain, *hit.span(prompted), slack=0.0)
    return Checked(out, list(reversed(rejected)), second_decode=True)


def _within(words: list[Word], start: float, end: float, slack: float = SPAN_SLACK_SECONDS) -> list[Word]:
    """Words whose middle falls in [start, end], widened by `slack` (the drift between two decodes;
    none when replacing, so a neighbouring word is not written twice)."""
    return [w for w in words if start - slack <= (w.start + w.end) / 2 <= end + slack and key(w.text)]


def join_words(words: list[Word]) -> str:
    # faster-whisper's words carry their leading space (' PostgreSQL'), so they join as they are.
    return ''.join(w.text if w.text.startswith(' ') else f' {w.text}' for w in words).strip()


_VOICING = str.maketrans({'c': 'k', 'q': 'k', 'g': 'k', 'd': 't', 'b': 'p', 'v': 'f', 'z': 's'})


def _skeleton(letters: str) -> str:
    # Consonants only, voiced and voiceless alike, doubled letters once: how a mishearing still sounds.
    consonants = re.sub(r'[aeiouyh]', '', letters.replace('ph', 'f').translate(_VOICING))
    return re.sub(r'(.)\1+', r'\1', consonants)
