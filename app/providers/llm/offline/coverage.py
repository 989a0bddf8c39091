"""Which rubric points an answer asserts, and the clause that shows it: meaning first.

For each point the sentence-embedding model compares every clause of the answer with the point. A clause
covers the point when its meaning is close enough, and, below the level where the meaning alone is
convincing, when it also contains one of the point's own terms (not merely the question's). Then rules
veto what embeddings cannot see (app/providers/llm/offline/claims.py): lists of terms, echoes of the
question, negations and contradictions. Thresholds were chosen on the graded set in bench/scoring_set/.

Points that describe what a story should contain rather than a fact ("Explains the actions they took")
cannot be matched by meaning: an empty "I proposed things and we discussed it" is closer to that
description than a real story is. For those, a clause needs one of the point's cues (or a close match to
one) *and* concrete content the question and rubric did not supply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from app.providers.embedding import embed
from app.providers.llm.base import RubricPoint
from app.providers.llm.offline.claims import (
    DISMISS_IT,
    FILLERS,
    NEGATORS,
    STRONG,
    contradiction,
    keyword_lists,
    negated_stems,
    roots,
)
from app.providers.llm.offline.roles import KEYWORDS, ROLES
from app.providers.llm.offline.text import STOPWORDS, contains_stem, content_stems, span_keys, stem, tokenize
from app.providers.llm.offline.units import Unit

PARAPHRASE = 0.82  # a clause this close to a fact point covers it in any words
FACT_ALONE = 0.66  # ... this close, with at least part of one of the point's own terms
FACT_ANCHORED = 0.44  # ... this close, with one of the point's own terms in it
FACT_PARTIAL = 0.36  # ... this close with a term: half credit
FACT_PHRASE = 0.22  # a clause that states one of the point's multi-word phrases needs only to be on its subject
META_CUE = 0.45  # a story clause this close to one of a meta point's cue phrases counts as the cue
ROLE_MAPPED = 0.40  # a meta point this close to a story part's description is about that part (roles.py)
ROLE_FULL = 0.45  # a story clause this close to an example of the point's part plays that part
ROLE_PARTIAL = 0.36
ECHO = 0.78  # a sentence this close to the question restates it
SHORT_SENTENCE = 30  # tokens: a denial vetoes its sibling clauses only within a sentence this short
STORY_POINTS = 3  # a rubric with this many story points asks for a story, not for one remark
CONCRETE_STEMS = 3  # new content words a story clause must bring (beyond the question's and rubric's)
META_VERBS = frozenset({
    'describes', 'explains', 'states', 'names', 'gives', 'justifies', 'reports', 'reflects', 'identifies', 'owns',
    'connects', 'links', 'covers', 'discusses', 'mentions', 'addresses', 'summarises', 'summarizes', 'shows',
    'provides', 'demonstrates', 'chooses', 'models', 'measures', 'considers', 'outlines', 'compares', 'lists',
    'talks', 'walks', 'shares', 'presents', 'uses', 'delivered', 'came', 'result', 'sets', 'admits', 'takes',
})
GENERIC = frozenset({stem(w) for w in (
    'thing', 'things', 'stuff', 'good', 'great', 'better', 'best', 'bad', 'nice', 'even', 'happen', 'happens',
    'question', 'answer', 'basically', 'yes', 'okay', 'right', 'actually', 'honestly', 'definitely', 'important',
    'handle', 'handled', 'work', 'worked', 'working', 'try', 'tried', 'time', 'times', 'always', 'everything',
    'someone', 'something', 'anything', 'people', 'person', 'team', 'company', 'job', 'role', 'fine', 'think',
    'know', 'say', 'said', 'want', 'wanted', 'need', 'needed', 'go', 'going', 'went', 'come', 'came', 'take',
    'took', 'give', 'gave', 'put', 'keep', 'kept', 'see', 'saw', 'look', 'looked', 'hope', 'usual', 'usually',
    'interesting', 'exciting', 'excited', 'lot', 'lots', 'very', 'really', 'big', 'small', 'new', 'old',
    'everyone', 'anyone', 'nobody', 'along', 'remember', 'maybe', 'probably', 'guess', 'sure', 'kind', 'sort',
)})
# "I think management decided something": a claim in a hedged sentence is at most half the evidence.
HEDGE = re.compile(r"\b(i think|i guess|maybe|probably|i'?m not (totally |really )?sure|i don'?t remember|"
                   r"something like|or something|kind of|sort of|i believe|somehow)\b", re.IGNORECASE)


_RULED_OUT = re.compile(r"\b(instead of|rather than|without)\s+((?:\w+\s*){1,3})", re.IGNORECASE)
_FAILS_TO = re.compile(r"\bfail(s|ed)? to\b", re.IGNORECASE)


@dataclass
class PointMatch:
    point: RubricPoint
    credit: float = 0.0  # 1 covered, 0.5 partly, 0 not
    evidence: Unit | None = None
    similarity: float = 0.0  # of the evidence (or of the best contradicting clause)
    contradicted: str | None = None  # why the closest claim contradicts the point, when nothing covers it
    units: list[int] = field(default_factory=list)  # every clause that covers it (for depth)
    against: float = 0.0  # similarity of the closest clause that contradicts it (0 when none does)
    against_why: str | None = None


@dataclass
class Coverage:
    matches: list[PointMatch]
    echo_sentences: set[int]
    list_sentences: set[int]
    topicality: float  # 0–1: how much of the answer is about the question at all
    claims: int  # sentences that make claims (not lists of terms, not the question again)
    denials: int  # ... of which plainly deny or dismiss a rubric point
    denied_points: int  # rubric points some claim plainly denies or dismisses (whatever else supports them)
    question_similarity: float  # mean similarity of the answer's sentences to the question

    @property
    def coverage(self) -> float:
        return sum(m.credit for m in self.matches) / len(self.matches) if self.matches else 0.0

    @property
    def contradictions(self) -> int:
        return sum(1 for m in self.matches if m.contradicted and not m.credit)


@dataclass(frozen=True)
class _Point:
    rubric: RubricPoint
    meta: bool
    phrases: list[list[str]]  # content stems of the point and each synonym that say more than the question
    vocabulary: set[str]
    specific: set[str]  # vocabulary the question does not already use
    negated: set[str]  # stems the point itself denies ("readers do not block writers")
    phrase_negated: set[str]  # stems its synonyms deny ("never happened again"): denying them agrees
    roots: set[str]  # properties its words name, stop words included ("after render" → after)


def _prepare(point: RubricPoint, question_stems: set[str]) -> _Point:
    words = point.point.split()
    meta = bool(words) and words[0].lower().strip(':,') in META_VERBS
    phrases = [stems for text in (point.point, *point.synonyms) if (stems := content_stems(text))]
    informative = [stems for stems in phrases if not set(stems) <= question_stems]
    vocabulary = {s for stems in phrases for s in stems} - NEGATORS
    return _Point(point, meta, informative, vocabulary, vocabulary - question_stems,
                  negated_stems(tokenize(point.point), point.point, litotes=False),
                  # "fails to generalise to new data" is what "it doesn't work on new data" says
                  vocabulary if _FAILS_TO.search(point.point) else
                  {s for text in point.synonyms for s in negated_stems(tokenize(text), text, litotes=False)}
                  | _instead_of(point.point) | _after_negator(point.point),
                  roots({t.stem for text in (point.point, *point.synonyms) for t in tokenize(text)}))


def _instead_of(text: str) -> set[str]:
    """Stems a point rules out in other words: "merge on a key instead of appending" → append."""
    return {s for found in _RULED_OUT.finditer(text) for s in content_stems(found.group(2))}


def _after_negator(text: str) -> set[str]:
    """Stems right after a negator in a point ("bad pods get no traffic" → traffic): saying it so agrees."""
    tokens = tokenize(text)
    return {t.stem for i, n in enumerate(tokens) if n.text in NEGATORS for t in tokens[i + 1:i + 3]}


def _anchor(keys: set[str], point: _Point, question_stems: set[str]) -> float:
    """2 when a whole phrase of two or more words of the point is in the clause ("slower inserts"), 1 for a
    one-word phrase (or three of four words), 0.5 for half of a phrase; a phrase found only through words
    the question itself used does not count."""
    best = 0.0
    for wanted in point.phrases:
        hits = [w for w in wanted if contains_stem(keys, w)]
        if not any(w not in question_stems for w in hits):
            continue
        found = len(hits) / len(wanted)
        if found >= 0.99 and len(wanted) >= 2:
            return 2.0
        if found >= 0.99 or (len(wanted) >= 4 and found >= 0.75):
            best = 1.0
        elif len(wanted) >= 2 and found >= 0.5:
            best = max(best, 0.5)
    return best


def _concrete(unit: Unit, known: set[str]) -> int:
    return len({t.stem for t in unit.tokens if t.text not in STOPWORDS and t.stem not in STOPWORDS
                and t.stem not in known and t.stem not in GENERIC and len(t.text) > 2})


def measure(question: str, rubric: list[RubricPoint], transcript: str, units: list[Unit]) -> Coverage:
    question_stems = set(content_stems(question))
    points = [_prepare(p, question_stems) for p in rubric]
    known = question_stems | {s for p in points for s in p.vocabulary}
    texts = [_spoken_text(u.text(transcript)) for u in units]
    cues = [[s for s in p.rubric.synonyms if len(s.split()) >= 2] for p in points]
    vectors = embed([question, *(p.rubric.point for p in points), *(c for group in cues for c in group), *texts])
    q_vec, rest = vectors[0], vectors[1:]
    point_vecs, rest = rest[:len(points)], rest[len(points):]
    cue_vecs: list[np.ndarray] = []
    for group in cues:
        cue_vecs.append(rest[:len(group)])
        rest = rest[len(group):]
    unit_vecs = rest
    to_question = unit_vecs @ q_vec if len(units) else np.zeros(0)
    to_points = unit_vecs @ point_vecs.T if len(units) else np.zeros((0, len(points)))
    parts = _story_parts(points, point_vecs)
    role_fit = _role_similarities(parts, unit_vecs)
    # A clause plays one part of a story: the meta point it fits best (ties go to the closer point text).
    best_part = np.argmax(role_fit + 0.001 * to_points, axis=1) if len(units) else np.zeros(0, dtype=int)

    wholes = [u for u in units if u.whole]
    list_sentences = {wholes[i].sentence for i in keyword_lists([(u.tokens, u.text(transcript)) for u in wholes])}
    echo_sentences = {u.sentence for i, u in enumerate(units) if u.whole and _restates(
        u, question_stems, float(to_question[i]))}
    usable = [i for i, u in enumerate(units) if u.sentence not in list_sentences | echo_sentences]
    keys = {i: span_keys(units[i]) for i in usable}

    # "Multiprocessing is slower and you should never use it": the pronoun carries the dismissal to the
    # points the rest of the sentence is about.
    dismissed = {(u.sentence, j): 'dismisses' for u in wholes if DISMISS_IT.search(u.text(transcript))
                 for j, p in enumerate(points) if {t.stem for t in u.tokens} & p.specific}
    # Story clauses need substance; an announcement ("Two things drew me to this role.") may borrow it
    # from its own sentence, or from the next one that elaborates it when it has some of its own.
    substance = {u.sentence: _concrete(u, known) for u in wholes if u.sentence not in list_sentences | echo_sentences}
    hedged = {u.sentence for u in wholes if HEDGE.search(u.text(transcript))}
    # A sentence with two claims is no evidence for a point one of its clauses contradicts. A clause that
    # plainly denies or dismisses the point ("you shouldn't set a TTL, keys should live forever") takes
    # the rest of its sentence with it; softer signs (an "always", an opposite word) only the whole sentence.
    objections: dict[tuple[int, int], str] = {}
    sentence_tokens = {u.sentence: len(u.tokens) for u in wholes}
    denial = np.zeros(len(points))  # per point: how closely the claim that plainly denies it is about it
    for n, u in enumerate(units):
        if u.sentence in list_sentences | echo_sentences:
            continue
        for j, p in enumerate(points):
            why = _contradicts(u, p, transcript, question_stems)
            if why and (why in STRONG or (u.sentence, j) not in objections):
                objections[(u.sentence, j)] = why
            if why in STRONG:
                denial[j] = max(denial[j], round(float(to_points[n, j]), 4))
    matches = [PointMatch(p.rubric) for p in points]
    for j, point in enumerate(points):
        match = matches[j]
        for i in usable:
            unit = units[i]
            similarity = round(float(to_points[i, j]), 4)  # rounded: thresholds never ride on float noise
            # A story may use the question's words ("the hardest one was…"); concreteness guards it instead.
            anchor = _anchor(keys[i], point, set() if point.meta else question_stems)
            if point.meta:
                own = _concrete(unit, known)
                if max(own, substance.get(unit.sentence, 0),
                       substance.get(unit.sentence + 1, 0) if own else 0) < CONCRETE_STEMS:
                    continue
                cue_near = len(cue_vecs[j]) and float((cue_vecs[j] @ unit_vecs[i]).max()) >= META_CUE
                role = float(role_fit[i, j]) if j == best_part[i] and own else 0.0
                if anchor >= 1 or cue_near or role >= ROLE_FULL or similarity >= FACT_ALONE:
                    credit = 1.0
                elif role >= ROLE_PARTIAL:  # half a cue ("skills match" → "match") is no sign on its own
                    credit = 0.5
                else:
                    continue
            elif similarity >= PARAPHRASE or (anchor and similarity >= FACT_ALONE) \
                    or (anchor >= 1 and similarity >= FACT_ANCHORED) or (anchor == 2 and similarity >= FACT_PHRASE):
                credit = 1.0
            elif anchor and similarity >= FACT_PARTIAL:
                credit = 0.5
            else:
                continue
            why = objections.get((unit.sentence, j))
            if not unit.whole and (why not in STRONG or sentence_tokens[unit.sentence] > SHORT_SENTENCE):
                why = None  # (an unpunctuated window of speech holds several sentences: each clause for itself)
            why = why or _contradicts(unit, point, transcript, question_stems) or dismissed.get((unit.sentence, j))
            if why:
                if similarity > match.against:
                    match.against, match.against_why = similarity, why
                if similarity > match.similarity and not match.credit:
                    match.contradicted, match.similarity = why, similarity
                continue
            if unit.sentence in hedged:
                credit /= 2
            match.units.append(i)
            if (credit, similarity) > (match.credit, match.similarity if match.evidence else -1.0):
                match.credit, match.evidence, match.similarity, match.contradicted = credit, unit, similarity, None

    # "You don't need to invalidate anything": a point the answer plainly denies, by a claim at least as
    # much about it as the one that seemed to assert it, is contradicted, not covered.
    # Story points are matched by cues, not closeness, and stories deny in passing ("I hadn't tested it on
    # Safari"): there only a story that denies two of its parts ("it wasn't my fault", "I didn't roll back")
    # is contradicted.
    story_denials = sum(1 for j, p in enumerate(points) if p.meta and denial[j])
    for j, match in enumerate(matches):
        if points[j].meta and story_denials < 2:
            continue
        if denial[j] and match.credit and denial[j] >= match.similarity:
            match.credit, match.evidence, match.units = 0.0, None, []
            why = match.against_why if match.against_why in STRONG else 'negates'
            match.contradicted, match.similarity = why, float(denial[j])
    # A story is told as a whole: in an answer to a story question that shows a single part of it ("I learned
    # to be patient" in an anecdote about something else), the cue alone is no evidence.
    story = [m for j, m in enumerate(matches) if points[j].meta]
    if len(story) >= STORY_POINTS and sum(1 for m in story if m.credit) == 1:
        for m in story:
            m.credit, m.evidence, m.units = 0.0, None, []
    on_topic = [max(float(to_question[i]), float(to_points[i].max()) if len(points) else 0.0) for i in usable]
    topicality = float(np.mean([min(1.0, max(0.0, (s - 0.15) / 0.35)) for s in on_topic])) if on_topic else 0.0
    whole = [float(to_question[i]) for i, u in enumerate(units) if u.whole]
    claims = {units[i].sentence for i in usable}
    denials = {sentence for (sentence, _), why in objections.items() if why in STRONG}
    denied_points = len({j for (sentence, j), why in objections.items() if why in STRONG and sentence in claims})
    return Coverage(matches, echo_sentences, list_sentences, topicality, len(claims), len(denials & claims),
                    denied_points, float(np.mean(whole)) if whole else 0.0)


def _contradicts(unit: Unit, point: _Point, transcript: str, question_stems: set[str]) -> str | None:
    return contradiction(unit.tokens, transcript, point.vocabulary if point.meta else point.specific,
                         point.vocabulary, point.negated, question_stems, point.phrase_negated, point.roots)


def _story_parts(points: list[_Point], point_vecs: np.ndarray) -> list[set[str]]:
    """The story part each meta point asks for (empty for fact points and for points no part describes):
    from the point's own words where they name one ("the outcome", "the lesson"; the first one named),
    else from the closest description."""
    names = list(ROLES)
    described = embed([ROLES[n][0] for n in names])
    parts: list[set[str]] = []
    for j, point in enumerate(points):
        named = sorted((found.start(), name) for name, pattern in KEYWORDS.items()
                       if (found := pattern.search(point.rubric.point)))
        closeness = described @ point_vecs[j]
        if not point.meta:
            parts.append(set())
        elif named:
            parts.append({named[0][1]})
        else:
            parts.append({names[int(np.argmax(closeness))]} if closeness.max() >= ROLE_MAPPED else set())
    return parts


def _role_similarities(parts: list[set[str]], unit_vecs: np.ndarray) -> np.ndarray:
    """[unit, point]: how closely each clause plays the story part of each meta point (0 for the others);
    the caller lets a clause play only the part it fits best, so one clause is not a whole story."""
    fit = np.zeros((len(unit_vecs), len(parts)), dtype=np.float32)
    for j, wanted in enumerate(parts):
        for name in sorted(wanted):
            if len(unit_vecs):
                examples = embed(list(ROLES[name][1]))
                fit[:, j] = np.maximum(fit[:, j], (unit_vecs @ examples.T).max(axis=1))
    return np.round(fit, 4)


def _spoken_text(text: str) -> str:
    """What the model reads: the clause without "um", "you know" and the punctuation they leave behind."""
    cleaned = re.sub(r'\s*([,;:.])(?:\s*[,;:.])+', r'\1', ' '.join(FILLERS.sub(' ', text).split()))
    return cleaned.strip(' ,;:') or text


def _restates(unit: Unit, question_stems: set[str], similarity: float) -> bool:
    """'So, an index in PostgreSQL and what it costs': the question again, with at most one word of its own."""
    stems = {t.stem for t in unit.tokens if t.text not in STOPWORDS and t.stem not in GENERIC}
    return len(stems - question_stems) <= 1 and (similarity >= ECHO or len(stems & question_stems) >= 2)
