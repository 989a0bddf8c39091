"""What a negator denies: its scope, its subject, and the negators that are part of a name.

Sentence embeddings measure what text is *about*, not whether it affirms or denies it: "readers block
writers" and "readers do not block writers" are close neighbours. These rules find what a "not" applies
to ("X isn't needed" points back at X, "doesn't invalidate" is an affirmation, "304 Not Modified" is a
name) and whether it is about the point's own subject.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.providers.llm.offline.text import STOPWORDS, Token
from app.providers.llm.offline.words import FUNCTION_WORDS, NEGATIVE_VERBS, NEGATORS, WEAK_PREDICATES

# "no" is mostly descriptive ("with no array it runs after every render"); it denies in these shapes only.
_DENYING_NO = re.compile(r"\b(there (is|are|'s|was|were)|is|are|has|have) no\b|\bno (need|longer|point)\b",
                         re.IGNORECASE)
SCOPE_END = re.compile(r'[,;:.!?]')
_SINCE = frozenset({'since', 'again', 'anymore'})
# "I haven't had a revert since", "we didn't understand it at first": the speaker's experience, not a claim
# about the subject; it denies no technical point.
_EXPERIENCE = frozenset({"haven't", "hadn't", "didn't", "wasn't", "weren't", 'havent', 'didnt', 'wasnt'})
_FIRST_PERSON = frozenset({'i', 'we', "i've", "we've", "i'd", "we'd"})
_CLAUSE_WORDS = frozenset({'but', 'and', 'so', 'because', 'while', 'whereas', 'which', 'although', 'though', 'or'})

def part_of_a_name(tokens: Sequence[Token], i: int, transcript: str) -> bool:
    """The negator at i belongs to a name, not to a claim: "304 Not Modified", "NOT NULL", "no-cache",
    "No Content" in mid-sentence. (A sentence that starts "No, …" or "Not …" still denies.)"""
    token = tokens[i]
    if token.text not in ('no', 'not'):
        return False
    surface = transcript[token.start:token.end]
    if transcript[token.end:token.end + 1] == '-':
        return True  # a hyphenated compound: no-cache, no-store, not-null
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    following = transcript[after.start:after.end] if after else ''
    if surface.isupper() and len(surface) > 1 and following.isupper():
        return True  # NOT NULL
    if i and tokens[i - 1].text.isdigit():
        return True  # 304 Not Modified, 204 No Content
    opens_sentence = not transcript[:token.start].strip() or transcript[:token.start].rstrip()[-1] in '.!?:;"('
    return surface[0].isupper() and following[:1].isupper() and not opens_sentence


def _negated_scope(tokens: Sequence[Token], i: int, transcript: str, litotes: bool = True) -> set[str]:
    """What the negator at i applies to: up to five tokens on, stopping at punctuation; a negated negative
    ("doesn't invalidate") applies to nothing; "X isn't needed" applies back to X."""
    if part_of_a_name(tokens, i, transcript):
        return set()
    following: list[Token] = []
    for previous, token in zip(tokens[i:i + 5], tokens[i + 1:i + 6], strict=False):
        if SCOPE_END.search(transcript[previous.end:token.start]) or token.text in _CLAUSE_WORDS:
            break  # "cannot be reassigned but objects it holds can change": the "but" ends the denial
        following.append(token)
    if tokens[i].text == 'non':  # a prefix: "non-root" denies "root", not the "user" after it
        return {tokens[i + 1].stem} if i + 1 < len(tokens) else set()
    if tokens[i].text == 'not' and i + 1 < len(tokens) and tokens[i + 1].text == 'to':
        return set()  # "I try hard not to need a new version", "we decided not to kill it": a choice, not a denial
    if tokens[i].text == 'no' and not _DENYING_NO.search(transcript[max(0, tokens[i].start - 12):tokens[i].end + 8]):
        return set()
    if any(t.text in NEGATORS for t in following) or any(t.text in _SINCE for t in following):
        # "don't read columns you don't use" restricts (read only what you use); "I haven't had a revert
        # since" reports an outcome: neither denies what its words name
        return set()
    content = [t for t in following if t.text not in ('really', 'actually', 'even', 'be', 'been', 'a', 'the', 'to',
                                                       'any', 'so', 'very', 'that', 'much')]
    if litotes and content and content[0].stem in NEGATIVE_VERBS:
        return set()
    scope = {t.stem for t in following}
    if tokens[i].text == 'not' and i and SCOPE_END.search(transcript[tokens[i - 1].end:tokens[i].start]):
        # "partition by event time, not arrival time": the contrast denies only what is new in it
        before = [t.stem for t in tokens[max(0, i - 6):i]]
        return scope - set(before)
    if (content and content[0].stem in WEAK_PREDICATES) or tokens[i].text == 'impossible':
        for previous, token in zip(reversed(tokens[max(0, i - 3):i + 1]), reversed(tokens[max(0, i - 4):i]),
                                   strict=False):
            if SCOPE_END.search(transcript[token.end:previous.start]):
                break
            scope.add(token.stem)
    return scope


def clause_before(tokens: Sequence[Token], i: int, text: str) -> list[Token]:
    """Up to four tokens before i in the same clause: the subject of "query depth limits are unnecessary",
    not "a unique salt per password" before "so rainbow tables are useless"."""
    before: list[Token] = []
    for k in range(i - 1, max(-1, i - 5), -1):
        if SCOPE_END.search(text[tokens[k].end:tokens[k + 1].start]) or tokens[k].text in _CLAUSE_WORDS:
            break
        before.append(tokens[k])
    return before


def denies(tokens: Sequence[Token], text: str, point_specific: set[str], known: set[str], story: bool,
           within: tuple[int, int] | None = None) -> bool:
    """Some negator here denies the point itself: its scope holds the point's own terms, it is not the
    speaker's experience ("I didn't understand auto-commit" says nothing about a technical point), and its
    clause's subject is not some other entity ("a slow box doesn't keep getting its share" is no denial of
    "sessions kept in memory"): a subject the point and the question never name. `within`: only negators
    in this span of the text (a clause, judged with the rest of its sentence around it)."""
    for i, token in enumerate(tokens):
        if within and not within[0] <= token.start < within[1]:
            continue
        if token.text not in NEGATORS or not _negated_scope(tokens, i, text) & point_specific:
            continue
        before = clause_before(tokens, i, text)
        if not story and token.text in _EXPERIENCE and any(t.text in _FIRST_PERSON for t in before[:2]):
            continue
        if _picks_the_point(tokens, i, text, point_specific):
            continue
        if not _foreign_subject(before, known):
            return True
    return False


def _foreign_subject(before: list[Token], known: set[str]) -> bool:
    """The clause before a claim's predicate names an entity that neither the point nor the question does:
    the claim is about that entity. (Only words: "there's no need" has no subject.)"""
    subject = {t.stem for t in before if t.text.isalpha() and t.text not in STOPWORDS | FUNCTION_WORDS
               and t.stem not in STOPWORDS and len(t.text) > 2}
    return bool(subject) and not subject & known


def _picks_the_point(tokens: Sequence[Token], i: int, text: str, point_specific: set[str]) -> bool:
    """"should be a category, not millions of Python strings": a contrasting "not" whose preferred option (the
    last word before it that the rejected one does not share) is the point's own term chooses the point.
    ("partition by event time, not arrival time" prefers "event", which a point on arrival time lacks.)"""
    if tokens[i].text != 'not' or not i or not SCOPE_END.search(text[tokens[i - 1].end:tokens[i].start]):
        return False
    rejected = {t.stem for t in tokens[i + 1:i + 6]}
    for token in reversed(tokens[max(0, i - 6):i]):
        if token.text not in STOPWORDS and token.stem not in STOPWORDS and token.stem not in rejected:
            return token.stem in point_specific
    return False


def negated_stems(tokens: Sequence[Token], transcript: str, *, litotes: bool = True) -> set[str]:
    """Stems a phrase negates: the point 'readers do not block writers' negates 'block' and 'writer'. With
    `litotes`, a negated negative ("doesn't invalidate the layer") negates nothing."""
    scope: set[str] = set()
    for i, token in enumerate(tokens):
        if token.text in NEGATORS:
            scope |= _negated_scope(tokens, i, transcript, litotes)
    return scope

