"""What asserts nothing: runs of terms, acquaintance with terms, and "I don't know".

A list of terms without a predicate ("B-tree, sequential scan, disk space") asserts nothing, and neither
does one wrapped in a sentence about the speaker ("I know ECDHE and session keys", "I'm familiar with
forward secrecy"), while "I know that ECDHE …" or "I know X because …" states something; an answer that
only says "I don't know" is no answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.providers.llm.offline.negation import part_of_a_name
from app.providers.llm.offline.text import Token, stem, tokenize
from app.providers.llm.offline.words import COMMON_VERBS, FUNCTION_WORDS, NEGATORS, PREDICATE_HINTS

_NON_ANSWER = re.compile(
    r"\b(i (really )?(do not|don't|dont) know|not sure|no idea|i (have|'ve) (forgotten|forgot)|i forgot|"
    r"can'?t remember|"
    r"(can|could) we skip|skip (this|that)|pass\b|i haven'?t used|i have not used|can'?t think of|"
    r"i'?m sorry|sorry|no answer|nothing to say)",
    re.IGNORECASE)

FILLERS = re.compile(
    r'\b(um+|uh+|erm?|ah+|hmm+|you know|i mean|sort of|kind of|basically|literally|so yeah)\b|\blike,',
    re.IGNORECASE)
_SPOKEN_GLUE = re.compile(r'(^|[,;:]\s*)(so|like|well|yeah|right|okay)\b', re.IGNORECASE)


def _is_fragment(words: list[str], text: str) -> bool:
    text = _SPOKEN_GLUE.sub(r'\1', FILLERS.sub('', text))  # "um, so, an index is, like, …" is speech, not a list
    words = [w for w in words if not FILLERS.fullmatch(w) and w not in ('so', 'like', 'well', 'yeah')] or words
    segments = sorted(n for part in re.split(r'[,;:]', text) if (n := len(re.findall(r'[a-z0-9]+', part, re.I))))
    median = segments[len(segments) // 2] if segments else 0
    function_share = sum(1 for w in words if w in FUNCTION_WORDS) / len(words)
    predicate = any(w in PREDICATE_HINTS or w in NEGATORS or stem(w) in COMMON_VERBS for w in words)
    if len(segments) >= 3 and median <= 2 and (function_share < 0.3 or not predicate):
        return True
    if len(segments) >= 4 and median <= 3 and function_share < 0.15:
        return True
    if len(words) >= 5 and function_share < 0.1 and not predicate:
        return True
    if len(words) <= 8 and len(segments) >= 2 and not predicate:
        return True
    return len(words) <= 4 and not predicate


def keyword_lists(sentences: Sequence[tuple[Sequence[Token], str]]) -> set[int]:
    """Indices of sentences that are runs of terms rather than statements: they assert nothing, so they can
    cover no point. When most of an answer is such runs, all of it is (a predicate among the terms does
    not make "non-aggregated columns, must appear in the GROUP BY" an explanation)."""
    found = {i for i, (tokens, text) in enumerate(sentences) if not tokens or
             _is_fragment([t.text for t in tokens], text)}
    if sentences and len(found) * 5 >= len(sentences) * 3:
        words = [t.text for tokens, _ in sentences for t in tokens]
        if words and sum(1 for w in words if w in FUNCTION_WORDS) / len(words) < 0.2:
            return set(range(len(sentences)))
    return found


# "I know X and Y", "I'm familiar with X", "I have used X", "I've heard of X": the speaker's acquaintance
# with terms, which says nothing about them.
_ACQUAINTANCE = re.compile(
    r"^\W*(?:(?:so|and|also|well|yeah|oh)\W+)*(?:i|we)(?:'ve|'m| have| am| also| really| definitely| do)*\s+"
    r"(?:know(?: about| how to use)?|knew|am familiar with|familiar with|(?:have |'ve )?used|"
    r"(?:have |'ve )?heard(?: of| about)?|"
    r"(?:have |'ve )?(?:worked|dealt) with|(?:have |'ve )?seen|(?:have |'ve )?(?:some )?experience with|"
    r"am aware of|aware of|understand)\b(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
# Verbs of knowing about a term (not of using it): after them a preposition belongs to the term's own phrase
# ("caching on CDNs", "indexes in Postgres"), where after "used" it tells a use ("we used Redis for sessions").
_KNOWING = re.compile(r'\b(know(?: about)?|familiar with|heard(?: of| about)?|aware of)\s*$', re.IGNORECASE)
_PHRASE_PREPOSITIONS = re.compile(r'\b(for|with|in|on|at|by|from|into|per|across|between)\b', re.IGNORECASE)
# "I've used X, and I know about Y": a second acquaintance joined to the first, judged on its own
_NEXT_ACQUAINTANCE = re.compile(r"[,;]?\s+and\s+(?=(?:also\s+)?(?:i|we)(?:'ve|'m| have| am| also| do)*\s+"
                                r"(?:know|knew|am familiar|familiar|used|heard|worked|dealt|seen|am aware|"
                                r"understand)\b)", re.IGNORECASE)
# What turns the rest into a statement: a clause of its own ("that X does Y", "how X works", "X because …"),
# or a use told with its circumstances ("we used Redis for sessions").
_STATEMENT = re.compile(r"\b(that|because|how|why|what|when|where|which|whether|if|so|since|means?|meaning|"
                        r"mean|lets?|makes?|gives?|is|are|was|were|has|does|do|did|can|cannot|can't|will|"
                        r"would|should|must|not|never|to|for|with|in|on|at|by|from|into|per|across|between|instead|rather|than|"
                        r"after|before|during|until)\b", re.IGNORECASE)  # ("we used Redis for sessions": an experience)


def names_terms_only(sentence: str) -> bool:
    """'I know the cipher suite and the client hello.': acquaintance with terms, no claim about them;
    'I've used X, and I know about Y.' is two such acquaintances."""
    clauses = _NEXT_ACQUAINTANCE.split(sentence.strip())
    return all(_one_acquaintance(clause) for clause in clauses)


def _one_acquaintance(sentence: str) -> bool:
    sentence = sentence.strip()
    found = _ACQUAINTANCE.match(sentence)
    if not found:
        return False
    rest = list(found.group('rest'))
    tokens = tokenize(sentence)
    for i, token in enumerate(tokens):  # the "Not" of "304 Not Modified" is part of a name, not a predicate
        if token.start >= found.start('rest') and part_of_a_name(tokens, i, sentence):
            rest[token.start - found.start('rest'):token.end - found.start('rest')] = ' ' * (token.end - token.start)
    rest_text = re.sub(r'\b[A-Z]{2,}\b', ' ', ''.join(rest))  # (SQL's IS NULL is a term, not a verb)
    # "familiar with X and with Y": the acquaintance's own preposition repeated before the next term
    preposition = re.search(r'\b(with|of|about)\s*$', sentence[:found.start('rest')], re.IGNORECASE)
    if preposition:
        rest_text = re.sub(rf'(,|\band|\bor)\s+{preposition.group(1)}\b', ' ', rest_text, flags=re.IGNORECASE)
    if _KNOWING.search(sentence[:found.start('rest')]):
        rest_text = _PHRASE_PREPOSITIONS.sub(' ', rest_text)
    return bool(re.search(r'[a-z0-9]', rest_text, re.IGNORECASE)) and not _STATEMENT.search(rest_text)


def is_non_answer(sentence: str) -> bool:
    """'Sorry, I don't know this one.' — the candidate declines rather than answers."""
    return bool(_NON_ANSWER.search(sentence)) and len(sentence.split()) <= 12

