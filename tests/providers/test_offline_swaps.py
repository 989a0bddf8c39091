"""Role swaps and negators inside names: rules that do not depend on tuning.

"A topic splits a partition" uses every word of "partitions split a topic"; a sentence embedding cannot tell
them apart, so swaps.py does. And the "Not" of "304 Not Modified" belongs to a status name, not to a denial.
"""

from __future__ import annotations

import pytest

from app.providers.llm.base import RubricPoint
from app.providers.llm.offline.negation import negated_stems, part_of_a_name
from app.providers.llm.offline.scoring import evaluate_transcript
from app.providers.llm.offline.swaps import roles_of, swapped
from app.providers.llm.offline.text import tokenize

POINTS = [('A topic is a named stream of records', ['topic', 'stream of records']),
          ('Partitions split a topic for parallelism and keep order within a partition', ['partition', 'ordered']),
          ("Offsets track each consumer's position", ['offset', 'position'])]
ROLES = [roles_of(point, synonyms) for point, synonyms in POINTS]
EVEN = [0.7, 0.7, 0.7]  # the embedding cannot tell the clauses apart: equally close to every point


def test_a_point_knows_its_subject_predicate_and_objects() -> None:
    roles = ROLES[1]
    assert (roles.head, roles.verb) == ('partition', 'split')
    assert 'topic' in roles.objects and 'partition' in roles.heads


@pytest.mark.parametrize('clause', ['a topic splits a partition for parallelism',
                                    'so the topic splits partitions for parallelism'])
def test_b_verb_a_swaps_the_roles_of_a_verb_b(clause: str) -> None:
    assert swapped(tokenize(clause), 1, ROLES, EVEN) == 'swaps who does what'


@pytest.mark.parametrize('clause', ['partitions split a topic for parallelism',
                                    'a topic is split into partitions for parallelism',
                                    'a topic gets split by partitions'])
def test_the_same_roles_in_other_words_or_in_the_passive_are_no_swap(clause: str) -> None:
    assert swapped(tokenize(clause), 1, ROLES, EVEN) is None


def test_another_points_subject_with_this_points_predicate_is_said_of_the_wrong_thing() -> None:
    assert swapped(tokenize('a partition is a named stream of records'), 0, ROLES, EVEN) == 'says it of partition'
    # ... unless the clause is clearly closer in meaning to the point whose subject it names
    assert swapped(tokenize('a partition is a named stream of records'), 0, ROLES, [0.5, 0.9, 0.1]) is None
    # ... or it names the point's own subject as the means ("with an offset")
    assert swapped(tokenize('each partition tracks the consumer position with an offset'), 2, ROLES, EVEN) is None


@pytest.mark.parametrize(('text', 'name'), [('The server answers 304 Not Modified when the ETag matches.', True),
                                            ('Add a NOT NULL constraint on the column.', True),
                                            ('Send Cache-Control no-cache so it revalidates.', True),
                                            ('The server answers with Not Modified and no body.', True),
                                            ('The response is not modified by the proxy.', False),
                                            ('No, the proxy does not cache it.', False),
                                            ('Not every response is cached.', False)])
def test_a_negator_inside_a_name_denies_nothing(text: str, name: bool) -> None:
    tokens = tokenize(text)
    at = next(i for i, t in enumerate(tokens) if t.text in ('no', 'not'))
    assert part_of_a_name(tokens, at, text) is name
    if name:
        assert not negated_stems(tokens, text) & {'modifi', 'null', 'cach'}


def test_a_swapped_claim_never_earns_the_point_and_never_scores_above_the_plain_one() -> None:
    rubric = [RubricPoint(point=p, synonyms=s) for p, s in POINTS]
    question = 'What are topics, partitions and offsets in Kafka?'
    right = evaluate_transcript(question, rubric, 'Partitions split a topic for parallelism, and order is kept '
                                                  'within a partition.')
    wrong = evaluate_transcript(question, rubric, 'A topic splits a partition for parallelism, and order is kept '
                                                  'within a topic.')
    assert POINTS[1][0] in right.matched_points
    assert POINTS[1][0] not in wrong.matched_points
    assert wrong.correctness <= right.correctness
