"""Rules about what a stretch of speech claims, where an embedding cannot tell.

Sentence embeddings measure what text is *about*, not whether it affirms or denies it: "readers block
writers" and "readers do not block writers" are close neighbours. So the coverage decision is checked here:
- a list of terms without a predicate ("B-tree, sequential scan, disk space") asserts nothing, and neither
  does one wrapped in a sentence about the speaker ("I know ECDHE and session keys", "I'm familiar with
  forward secrecy"), while "I know that ECDHE …" or "I know X because …" states something;
- a claim that negates, dismisses or flips a point ("there is no need for EXPLAIN", "disable autovacuum",
  "indexes make writes faster") contradicts it instead of covering it;
- an answer that only says "I don't know" is no answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.providers.llm.offline.text import STOPWORDS, Token, stem

NEGATORS = frozenset({
    'not', 'no', 'never', 'none', 'nothing', 'neither', 'nor', 'cannot', 'impossible', 'nobody', 'nowhere', 'non',
    "don't", "doesn't", "isn't", "aren't", "wasn't", "weren't", "won't", "can't", "shouldn't", "wouldn't",
    "couldn't", "didn't", "haven't", "hasn't", "hadn't", "mustn't", "needn't", "ain't",
    'dont', 'doesnt', 'isnt', 'arent', 'wasnt', 'werent', 'wont', 'cant', 'shouldnt', 'wouldnt', 'couldnt',
    'didnt', 'havent', 'hasnt',
})
# "doesn't invalidate the layer", "can't buy the last cake": a negated negative is an affirmation.
NEGATIVE_VERBS = frozenset({stem(w) for w in (
    'invalidate', 'invalidates', 'break', 'breaks', 'block', 'blocks', 'lose', 'loses', 'fail', 'fails', 'leak',
    'leaks', 'miss', 'misses', 'crash', 'crashes', 'hurt', 'hurts', 'forget', 'reach', 'wait', 'waits', 'buy',
    'overwrite', 'overwrites', 'stop', 'stops', 'hide', 'slow', 'lock', 'locks', 'corrupt', 'double', 'charge',
)})
# "X isn't needed", "X doesn't help": the negation points back at the subject, not forward.
WEAK_PREDICATES = frozenset({stem(w) for w in (
    'needed', 'necessary', 'required', 'matter', 'matters', 'help', 'helps', 'important', 'useful', 'relevant',
    'worth', 'recommended', 'thing', 'problem', 'issue', 'concern',
)})
# Words that wave a practice away: "disable autovacuum", "a .dockerignore is pointless".
DISMISSIVE = frozenset({stem(w) for w in (
    'disable', 'disabled', 'disabling', 'unnecessary', 'needless', 'pointless', 'useless', 'irrelevant',
    'overrated', 'overkill', 'skip', 'skipping', 'ignore', 'ignores', 'ignored', 'remove', 'removing',
)})
DISMISS_IT = re.compile(r"\b(never|not|n't|nt) (\w+ ){0,2}(use|need|recommend|bother with|want)s? "
                        r"(it|them|that|those)\b"
                        r"|\b(i|we|i'd|i would|you should) (\w+ )?avoid (it|them)\b"
                        r"|\b(i|we|you should) (\w+ )?(turn|switch) (it|them) off\b", re.IGNORECASE)
# "Postgres always uses it", "a sequential scan never happens": a sweeping rule about the point's own subject.
_ABSOLUTE = re.compile(r"\b(always|never)\b", re.IGNORECASE)
_REMOVAL = frozenset({stem('remove'), stem('removing')})  # dismisses only what it directly takes away
# "I always check the plan" reports a habit, not a universal claim about the subject: no overclaim.
_HABIT = re.compile(r"\b(i|we|i've|we've|i'd|we'd)\s+(almost\s+|nearly\s+)?(always|never)\b", re.IGNORECASE)
# "no" is mostly descriptive ("with no array it runs after every render"); it denies in these shapes only.
_DENYING_NO = re.compile(r"\b(there (is|are|'s|was|were)|is|are|has|have) no\b|\bno (need|longer|point)\b",
                         re.IGNORECASE)
_NARROWING = re.compile(r"\b(is|are|was|were)( really| actually)? (only|just) (for|a |an |about|syntax|documentation)|"
                        r"\bonly exists?\b|\bjust a hint\b|\bonly a hint\b", re.IGNORECASE)
# Opposite properties, by root: "make writes faster" against "slow down inserts".
_ROOTS = {
    'fast': ('fast', 'faster', 'fastest', 'quick', 'quicker', 'speed'), 'slow': ('slow', 'slower', 'slowest'),
    'big': ('big', 'bigger', 'biggest', 'large', 'larger', 'huge', 'bloated'),
    'small': ('small', 'smaller', 'smallest', 'tiny', 'slim', 'lean'),
    'more': ('more', 'increase', 'increases', 'grows'), 'less': ('less', 'fewer', 'decrease', 'decreases', 'reduce'),
    'high': ('high', 'higher', 'highest'), 'low': ('low', 'lower', 'lowest'),
    'safe': ('safe', 'safer', 'safest', 'secure'), 'unsafe': ('unsafe', 'insecure', 'risky', 'dangerous'),
    'on': ('enable', 'enabled'), 'off': ('disable', 'disabled'),
    'temporary': ('temporary', 'short-lived', 'rotate', 'rotating'),
    'permanent': ('permanent', 'forever', 'long-lived'),
    'lazy': ('lazy', 'lazily', 'demand'), 'eager': ('eager', 'eagerly', 'upfront', 'whole'),
    'release': ('release', 'releases', 'released'), 'hold': ('hold', 'holds', 'held'),
    'within': ('within', 'inside'), 'across': ('across', 'global', 'globally'),
    'producer': ('producer', 'producers'), 'consumer': ('consumer', 'consumers'),
    'readiness': ('readiness',), 'liveness': ('liveness',), 'client': ('client', 'clients'),
    'server': ('server', 'servers'), 'before': ('before', 'prior'), 'after': ('after', 'afterwards'),
    'only': ('only',), 'all': ('all', 'every', 'everything'),
}
_OPPOSITE = {'fast': 'slow', 'big': 'small', 'more': 'less', 'high': 'low', 'safe': 'unsafe', 'on': 'off',
             'temporary': 'permanent', 'lazy': 'eager', 'release': 'hold', 'within': 'across',
             'producer': 'consumer', 'readiness': 'liveness', 'client': 'server', 'before': 'after', 'only': 'all'}
_OPPOSITE |= {b: a for a, b in list(_OPPOSITE.items())}
ROOT_OF = {stem(word): root for root, words in _ROOTS.items() for word in words}

# Function words: real sentences are ~40% of them, keyword lists almost none. Coordinators are left out,
# because "indexes and b-tree and disk space" is still a list.
FUNCTION_WORDS = frozenset({
    'a', 'an', 'the', 'this', 'that', 'these', 'those', 'it', 'its', 'i', 'we', 'you', 'they', 'he', 'she', 'my',
    'our', 'your', 'their', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'do', 'does',
    'did', 'can', 'could', 'will', 'would', 'should', 'may', 'might', 'must', 'of', 'in', 'on', 'at', 'to', 'for',
    'from', 'by', 'with', 'about', 'into', 'over', 'under', 'than', 'as', 'if', 'when', 'because', 'so', 'which',
    'who', 'what', 'how', 'there', 'not', "it's", "i'm", "we're", "they're", "don't", "doesn't", "isn't", 'then',
})
COMMON_VERBS = frozenset({stem(w) for w in (
    'get', 'gets', 'got', 'become', 'becomes', 'became', 'make', 'makes', 'made', 'keep', 'keeps', 'kept', 'go',
    'goes', 'went', 'run', 'runs', 'ran', 'take', 'takes', 'took', 'need', 'needs', 'use', 'uses', 'help', 'helps',
    'work', 'works', 'mean', 'means', 'happen', 'happens', 'give', 'gives', 'gave', 'let', 'lets', 'put', 'puts',
    'find', 'finds', 'found', 'say', 'says', 'said', 'show', 'shows', 'know', 'knew', 'think', 'thought', 'come',
    'comes', 'came', 'leave', 'leaves', 'left', 'stay', 'stays', 'stop', 'stops', 'start', 'starts', 'grow', 'grows',
    'block', 'blocks', 'reclaim', 'reclaims', 'cause', 'causes', 'slow', 'slows', 'fail', 'fails', 'return',
    'returns', 'wins', 'matters', 'yield', 'yields', 'store', 'stores', 'split', 'splits', 'share', 'shares',
)})
PREDICATE_HINTS = frozenset({
    'is', 'are', 'was', 'were', 'be', 'been', 'has', 'have', 'had', 'do', 'does', 'did', 'can', 'could', 'will',
    'would', 'should', 'may', 'might', 'must', "it's", "i'm", "we're", "they're", "that's", "there's", 'i', 'we',
    'you', 'they', 'it', 'he', 'she',
})
_NON_ANSWER = re.compile(
    r"\b(i (really )?(do not|don't|dont) know|not sure|no idea|i (have|'ve) (forgotten|forgot)|i forgot|"
    r"can'?t remember|"
    r"(can|could) we skip|skip (this|that)|pass\b|i haven'?t used|i have not used|can'?t think of|"
    r"i'?m sorry|sorry|no answer|nothing to say)",
    re.IGNORECASE)
_SCOPE_END = re.compile(r'[,;:.!?]')
_SINCE = frozenset({'since', 'again', 'anymore'})
# "I haven't had a revert since", "we didn't understand it at first": the speaker's experience, not a claim
# about the subject; it denies no technical point.
_EXPERIENCE = frozenset({"haven't", "hadn't", "didn't", "wasn't", "weren't", 'havent', 'didnt', 'wasnt'})
_FIRST_PERSON = frozenset({'i', 'we', "i've", "we've", "i'd", "we'd"})
_CLAUSE_WORDS = frozenset({'but', 'and', 'so', 'because', 'while', 'whereas', 'which', 'although', 'though', 'or'})


FILLERS = re.compile(
    r"\b(um+|uh+|erm?|ah+|hmm+|you know|i mean|sort of|kind of|basically|literally|so yeah)\b|\blike,",
    re.IGNORECASE)
_SPOKEN_GLUE = re.compile(r"(^|[,;:]\s*)(so|like|well|yeah|right|okay)\b", re.IGNORECASE)


def _is_fragment(words: list[str], text: str) -> bool:
    text = _SPOKEN_GLUE.sub(r'\1', FILLERS.sub('', text))  # "um, so, an index is, like, …" is speech, not a list
    words = [w for w in words if not FILLERS.fullmatch(w) and w not in ('so', 'like', 'well', 'yeah')] or words
    segments = sorted(n for part in re.split(r'[,;:]', text) if (n := len(re.findall(r"[a-z0-9]+", part, re.I))))
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
    r"(?:know(?: about)?|knew|am familiar with|familiar with|(?:have |'ve )?used|(?:have |'ve )?heard(?: of| about)?|"
    r"(?:have |'ve )?worked with|(?:have |'ve )?seen|(?:have |'ve )?(?:some )?experience with|"
    r"am aware of|aware of|understand)\b(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
# What turns the rest into a statement: a clause of its own ("that X does Y", "how X works", "X because …"),
# or a use told with its circumstances ("we used Redis for sessions").
_STATEMENT = re.compile(r"\b(that|because|how|why|what|when|where|which|whether|if|so|since|means?|meaning|"
                        r"mean|lets?|makes?|gives?|is|are|was|were|has|does|do|did|can|cannot|can't|will|"
                        r"would|should|must|not|never|to|for|with|in|on|at|by|from|into|per|across|between|instead|rather|than|"
                        r"after|before|during|until)\b", re.IGNORECASE)  # ("we used Redis for sessions": an experience)


def names_terms_only(sentence: str) -> bool:
    """'I know the cipher suite and the client hello.': acquaintance with terms, no claim about them."""
    found = _ACQUAINTANCE.match(sentence.strip())
    if not found:
        return False
    rest = re.sub(r'\b[A-Z]{2,}\b', ' ', found.group('rest'))  # (SQL's IS NULL is a term, not a verb)
    return bool(re.search(r'[a-z0-9]', rest, re.IGNORECASE)) and not _STATEMENT.search(rest)


def is_non_answer(sentence: str) -> bool:
    """'Sorry, I don't know this one.' — the candidate declines rather than answers."""
    return bool(_NON_ANSWER.search(sentence)) and len(sentence.split()) <= 12


def roots(stems: set[str]) -> set[str]:
    return {ROOT_OF[s] for s in stems if s in ROOT_OF}


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
        if _SCOPE_END.search(transcript[previous.end:token.start]) or token.text in _CLAUSE_WORDS:
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
    if tokens[i].text == 'not' and i and _SCOPE_END.search(transcript[tokens[i - 1].end:tokens[i].start]):
        # "partition by event time, not arrival time": the contrast denies only what is new in it
        before = [t.stem for t in tokens[max(0, i - 6):i]]
        return scope - set(before)
    if (content and content[0].stem in WEAK_PREDICATES) or tokens[i].text == 'impossible':
        for previous, token in zip(reversed(tokens[max(0, i - 3):i + 1]), reversed(tokens[max(0, i - 4):i]),
                                   strict=False):
            if _SCOPE_END.search(transcript[token.end:previous.start]):
                break
            scope.add(token.stem)
    return scope


def _clause_before(tokens: Sequence[Token], i: int, text: str) -> list[Token]:
    """Up to four tokens before i in the same clause: the subject of "query depth limits are unnecessary",
    not "a unique salt per password" before "so rainbow tables are useless"."""
    before: list[Token] = []
    for k in range(i - 1, max(-1, i - 5), -1):
        if _SCOPE_END.search(text[tokens[k].end:tokens[k + 1].start]) or tokens[k].text in _CLAUSE_WORDS:
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
        before = _clause_before(tokens, i, text)
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
    if tokens[i].text != 'not' or not i or not _SCOPE_END.search(text[tokens[i - 1].end:tokens[i].start]):
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


STRONG = frozenset({'negates', 'dismisses', 'affirms what the point denies'})  # reasons rarely seen in sound answers


def _affirms(stems: set[str], denied: set[str], point_specific: set[str]) -> bool:
    """The claim affirms what the point denies: it states the denied thing itself, all of it (all but one
    word of a longer one), not just a word from it: "rebase my commits" does not affirm what "never rebase
    commits that others have pulled" denies, "readers block writers" does affirm "readers do not block writers"."""
    hit = denied & stems
    return bool(hit & point_specific) and len(hit) >= len(denied) - (len(denied) > 3)


def contradiction(tokens: Sequence[Token], text: str, point_specific: set[str], point_stems: set[str],
                  point_negated: set[str], goal_stems: set[str], phrase_negated: set[str] | None = None,
                  point_roots: set[str] | None = None, story: bool = False) -> str | None:
    """Why this claim contradicts the point (or the question's goal), or None when it does not.

    `point_specific` are the point's and its synonyms' stems that the question does not already use: a
    claim must touch one of them to be about this point at all. `point_stems` are all of them,
    `point_negated` the stems the point itself negates ("readers do not block writers" → block, writer),
    `goal_stems` the question's. `text` is the transcript the tokens' offsets point into. `phrase_negated`
    are stems the point's synonyms deny ("never happened again"): a claim denying them agrees. `point_roots`
    are the properties the point's words name, stop words included ("after render" → after). `story`: the
    point asks for a part of a story, where the speaker's own "I didn't …" can deny it.
    """
    stems = {t.stem for t in tokens}
    if not stems & point_specific:
        return None
    negated_here = negated_stems(tokens, text)
    agreeing = point_negated | (phrase_negated or set())
    if agreeing and negated_stems(tokens, text, litotes=False) & agreeing:
        pass  # both deny the same thing: "doesn't run as root" agrees with "run as a non-root user"
    elif negated_here & point_specific and denies(tokens, text, point_specific, point_stems | goal_stems, story):
        return 'negates'
    elif _affirms(stems, point_negated & point_stems, point_specific) \
            and not any(t.text in NEGATORS or t.text == 'without' for t in tokens):
        return 'affirms what the point denies'  # ("readers and writers don't wait" is no affirmation)
    span = text[tokens[0].start:tokens[-1].end]
    if DISMISS_IT.search(span):
        return 'dismisses'
    if _NARROWING.search(span):
        return 'narrows'  # ("they only exist inside the braces" is often true: no plain denial)
    for i, token in enumerate(tokens):
        joined = stem(tokens[i - 1].text + token.text) if i else ''
        # A word the point itself uses ("removing listeners", "docker ignore") dismisses nothing.
        if token.stem in DISMISSIVE and token.stem not in point_stems and joined not in point_stems:
            near = {t.stem for t in _clause_before(tokens, i, text)} | {t.stem for t in tokens[i:i + 5]}
            if token.stem in _REMOVAL:  # "remove regularization", but not "remove permissions that audits show…"
                near = {t.stem for t in tokens[i + 1:i + 3]
                        if not _SCOPE_END.search(text[tokens[i].end:t.start])}
            if near & point_specific:
                return 'dismisses'
    mine, theirs = roots(stems), roots(point_stems | goal_stems) | (point_roots or set())
    if any(_OPPOSITE.get(root) in theirs and _OPPOSITE[root] not in mine for root in mine - theirs):
        return 'says the opposite'
    if (_ABSOLUTE.search(_HABIT.sub(' ', span))
            and not _ABSOLUTE.search(' '.join(sorted(point_stems)))):
        return 'overclaims'
    return None
