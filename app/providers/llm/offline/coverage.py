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
from app.providers.llm.offline.assertions import keyword_lists, names_terms_only
from app.providers.llm.offline.claims import DISMISS_IT, STRONG
from app.providers.llm.offline.points import anchored, mentions, own_concept, prepare
from app.providers.llm.offline.stories import concrete, disowned_parts, role_similarities, story_parts
from app.providers.llm.offline.subjects import contrasted, point_side, rubric_subjects, side_of, subject_of
from app.providers.llm.offline.swaps import opening, roles_of, swapped
from app.providers.llm.offline.text import content_stems, span_keys, tokenize
from app.providers.llm.offline.units import Unit
from app.providers.llm.offline.vetoes import contradicts, defines, restates, spoken_text

PARAPHRASE = 0.82  # a clause this close to a fact point covers it in any words
FACT_ALONE = 0.66  # ... this close, with at least part of one of the point's own terms
FACT_ANCHORED = 0.44  # ... this close, with one of the point's own terms in it
FACT_PARTIAL = 0.36  # ... this close with a term: half credit
FACT_PHRASE = 0.22  # a clause that states one of the point's multi-word phrases needs only to be on its subject
FACT_DEFINED = 0.55  # a clause that defines one of the point's terms ("X means …") must say what the point says
META_CUE = 0.45  # a story clause this close to one of a meta point's cue phrases counts as the cue
ROLE_FULL = 0.45  # a story clause this close to an example of the point's part plays that part
ROLE_PARTIAL = 0.36
SHORT_SENTENCE = 30  # tokens: a denial vetoes its sibling clauses only within a sentence this short
STORY_POINTS = 3  # a rubric with this many story points asks for a story, not for one remark
CONCRETE_STEMS = 3  # new content words a story clause must bring (beyond the question's and rubric's)
# "I think management decided something": a claim in a hedged sentence is at most half the evidence.
HEDGE = re.compile(r"\b(i think|i guess|maybe|probably|i'?m not (totally |really )?sure|i don'?t remember|"
                   r"something like|or something|kind of|sort of|i believe|somehow)\b", re.IGNORECASE)



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




def measure(question: str, rubric: list[RubricPoint], transcript: str, units: list[Unit]) -> Coverage:
    question_stems = set(content_stems(question))
    points = [prepare(p, question_stems) for p in rubric]
    known = question_stems | {s for p in points for s in p.vocabulary}
    texts = [spoken_text(u.text(transcript)) for u in units]
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
    parts = story_parts(points, point_vecs)
    role_fit = role_similarities(parts, unit_vecs)
    # A clause plays one part of a story: the meta point it fits best (ties go to the closer point text).
    best_part = np.argmax(role_fit + 0.001 * to_points, axis=1) if len(units) else np.zeros(0, dtype=int)

    wholes = [u for u in units if u.whole]
    list_sentences = {wholes[i].sentence for i in keyword_lists([(u.tokens, u.text(transcript)) for u in wholes])}
    # "I know ECDHE and session keys." names terms like a list does, and like a list it asserts nothing.
    list_sentences |= {u.sentence for u in wholes if names_terms_only(u.text(transcript))}
    echo_sentences = {u.sentence for i, u in enumerate(units) if u.whole and restates(
        u, question_stems, float(to_question[i]))}
    usable = [i for i, u in enumerate(units) if u.sentence not in list_sentences | echo_sentences]
    keys = {i: span_keys(units[i]) for i in usable}
    said = set().union(*keys.values()) if keys else set()
    whole_of = {u.sentence: u for u in wholes}
    # "Merge rewrites history": when the question contrasts two subjects, a claim belongs to the one it names.
    sides = contrasted(question, [p.rubric.point for p in points])
    bound = [point_side(p.rubric.point, sides) if sides and not p.meta else None for p in points]
    about = [(side_of(u.tokens, sides) if side_of(u.tokens, sides) is not None
              else side_of(whole_of[u.sentence].tokens, sides)) if sides else None for u in units]
    # Without a contrast, the things the question asks about ("readiness", "liveness"): a clause about one of
    # them that states another's point in its words ("liveness decides whether a pod gets traffic") without
    # naming the point's own subject contradicts that point.
    subjects = rubric_subjects(question, [p.rubric.point for p in points]) if not sides else None
    point_subject = [subject_of(tokenize(p.rubric.point)[:3], subjects) if subjects and not p.meta else None
                     for p in points]
    topic = [(subject_of(u.tokens, subjects) if subject_of(u.tokens, subjects) is not None
              else subject_of(whole_of[u.sentence].tokens, subjects)) if subjects else None for u in units]
    # The concept only this point names ("conflicts"): when two subjects are contrasted, every point shares
    # their words, so a point whose own concept the answer never mentions is not asserted by those words,
    # unless a clause says it all in other words.
    distinct = [own_concept(p, points, question_stems) for p in points]
    split = {u.sentence for u in units if not u.whole}
    named = list(sides or ()) + list(subjects or ())
    both = {u.sentence: sum(1 for side in named if any(t.stem in side for t in u.tokens)) >= 2 for u in wholes}

    # "Multiprocessing is slower and you should never use it": the pronoun carries the dismissal to the
    # points the rest of the sentence is about.
    dismissed = {(u.sentence, j): 'dismisses' for u in wholes if DISMISS_IT.search(u.text(transcript))
                 for j, p in enumerate(points) if {t.stem for t in u.tokens} & p.specific}
    # Story clauses need substance; an announcement ("Two things drew me to this role.") may borrow it
    # from its own sentence, or from the next one that elaborates it when it has some of its own.
    substance = {u.sentence: concrete(u, known) for u in wholes if u.sentence not in list_sentences | echo_sentences}
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
            why = contradicts(u, p, transcript, question_stems, whole_of[u.sentence])
            if why and (why in STRONG or (u.sentence, j) not in objections):
                objections[(u.sentence, j)] = why
            if why in STRONG:
                denial[j] = max(denial[j], round(float(to_points[n, j]), 4))
    matches = [PointMatch(p.rubric) for p in points]
    roles = [roles_of(p.rubric.point, p.rubric.synonyms) for p in points]
    # A sentence that swaps a point's roles in one clause is no evidence for that point as a whole, nor in its
    # other clauses ("invalidation is what happens | when a hot key expires") unless they open with the
    # point's own term.
    swaps: dict[tuple[int, int], str] = {}
    for i in usable:
        for j, p in enumerate(points):
            if not p.meta and (found := swapped(units[i].tokens, j, roles, [float(x) for x in to_points[i]])):
                swaps.setdefault((units[i].sentence, j), found)
    for j, point in enumerate(points):
        match = matches[j]
        for i in usable:
            unit = units[i]
            similarity = round(float(to_points[i, j]), 4)  # rounded: thresholds never ride on float noise
            # A story may use the question's words ("the hardest one was…"); concreteness guards it instead.
            anchor = anchored(keys[i], point, set() if point.meta else question_stems)
            if point.meta:
                own = concrete(unit, known)
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
            if (bound[j] is not None or point_subject[j] is not None) and unit.whole and unit.sentence in split \
                    and both[unit.sentence]:
                continue  # "the client sends its certificate and the server checks it": each clause for itself
            why = why or contradicts(unit, point, transcript, question_stems, whole_of[unit.sentence]) \
                or dismissed.get((unit.sentence, j))
            if not why and (unit.sentence, j) in swaps:
                opened = opening(unit.tokens)
                if unit.whole or not opened or opened[0].stem not in roles[j].heads:
                    why = swaps[(unit.sentence, j)]
            if not why and bound[j] is not None and about[i] is not None and about[i] != bound[j]:
                # about the other subject: with the point's own concept ("merge rewrites history") it
                # contradicts the point; without it ("merge adds a merge commit") it is about something else
                if not distinct[j] or not mentions(distinct[j], keys[i], [keys[i]]):
                    continue
                why = 'says it of the other subject'
            subject = point_subject[j]
            if not why and subjects and subject is not None and topic[i] is not None and topic[i] != subject \
                    and not any(t.stem in subjects[subject] for t in unit.tokens) \
                    and distinct[j] and mentions(distinct[j], keys[i], [keys[i]]):
                why = 'says it of another subject'
            # A point bound to one subject needs its concept in the clause that has (or inherits) the subject:
            # "rebase …, so it rewrites history", not "the client sends …" beside "the server checks …".
            concept_here = mentions(distinct[j], keys[i], [keys[i]])
            if not why and not point.meta and (
                    (sides and similarity < PARAPHRASE and not mentions(distinct[j], said, keys.values()))
                    or (bound[j] is not None and similarity < PARAPHRASE and not concept_here)
                    or (defines(unit, transcript, point) and (unit.sentence in split or similarity < FACT_DEFINED))):
                continue  # shared words without the point's concept; a wrong definition of the point's term
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
    for j in disowned_parts(transcript, parts):  # "it wasn't my fault": no ownership, own action or lesson
        matches[j].credit, matches[j].evidence, matches[j].units = 0.0, None, []
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

