"""General claim rules of the offline scorer, each as sentences that must or must not earn a point.

The rubrics here are written for the test, not taken from the graded set: a rule that only fixed one graded
answer would fail them.
"""

from __future__ import annotations

import pytest

from app.providers.llm.base import RubricPoint
from app.providers.llm.offline.assertions import names_terms_only
from app.providers.llm.offline.scoring import evaluate_transcript


@pytest.mark.parametrize('sentence', [
    "I'm familiar with ETags and 304 Not Modified.",  # a negator inside a name is no claim
    "I've used no-store, and I know about private and public caching on CDNs.",  # two clauses, both name-drops
    "I'm familiar with health checks and with layer 4 and layer 7 load balancing.",
    "I know how to use documentation and tutorials, and I'm familiar with pair programming.",
    "I've dealt with serialization failures.",
])
def test_acquaintance_with_terms_asserts_nothing(sentence: str) -> None:
    assert names_terms_only(sentence)


@pytest.mark.parametrize('sentence', [
    'I know the planner skips the index on small tables.',  # a predicate with its object
    'We used Redis for sessions.',  # a use told with its circumstances
    'I know that ECDHE lets both sides derive the same key.',
    "I know ETags, and I'd send If-None-Match because the server answers 304 when nothing changed.",
    'I know readers never block writers.',
])
def test_a_claim_after_i_know_is_still_a_claim(sentence: str) -> None:
    assert not names_terms_only(sentence)


def _matched(question: str, point: str, synonyms: list[str], answer: str) -> bool:
    rubric = [RubricPoint(point=point, synonyms=synonyms)]
    return point in evaluate_transcript(question, rubric, answer).matched_points


CDN = ('How does HTTP caching work?', 'Responses can be validated with an ETag and answered with 304 Not Modified',
       ['etag', '304 not modified', 'conditional request'])
DISK = ('What does an index cost in PostgreSQL?', 'Indexes take extra disk space', ['disk space', 'storage'])
VECTORS = ('How would you speed up slow pandas code?', 'Use vectorised column operations instead of apply or loops',
           ['vectorised', 'vectorized'])
CHUNKS = ('How would you load a huge CSV with pandas?', 'Load only the columns you need with usecols',
          ['usecols', 'only the columns'])


def test_a_name_drop_earns_no_point_and_the_explanation_does() -> None:
    assert not _matched(*CDN, "I'm familiar with ETags and 304 Not Modified.")
    assert _matched(*CDN, 'The server sends an ETag, the browser sends it back in If-None-Match, and when the '
                          'resource has not changed the server answers 304 Not Modified with no body.')


def test_theres_no_denies_like_there_is_no() -> None:
    assert not _matched(*DISK, "There's no extra disk space for an index, it lives inside the table pages.")
    assert _matched(*DISK, 'Indexes take extra disk space on top of the table itself.')


def test_saying_the_ruled_out_option_is_the_right_one_earns_nothing() -> None:
    assert not _matched(*VECTORS, 'In pandas, apply is the vectorised way to transform a column.')
    assert _matched(*VECTORS, "I'd avoid apply and loops and use vectorised operations on whole columns.")


def test_an_imperative_avoid_it_dismisses_the_point() -> None:
    assert not _matched(*CHUNKS, 'usecols makes pandas read the file twice, so avoid it.')
    assert _matched(*CHUNKS, 'With usecols pandas loads only the columns you need, which saves memory.')
