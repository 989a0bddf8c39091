"""General claim rules of the offline scorer, each as sentences that must or must not earn a point.

The rubrics here are written for the test, not taken from the graded set: a rule that only fixed one graded
answer would fail them.
"""

from __future__ import annotations

from app.providers.llm.base import RubricPoint
from app.providers.llm.offline.scoring import evaluate_transcript


def _matched(question: str, point: str, synonyms: list[str], answer: str) -> bool:
    rubric = [RubricPoint(point=point, synonyms=synonyms)]
    return point in evaluate_transcript(question, rubric, answer).matched_points


VECTORS = ('How would you speed up slow pandas code?', 'Use vectorised column operations instead of apply or loops',
           ['vectorised', 'vectorized'])
CHUNKS = ('How would you load a huge CSV with pandas?', 'Load only the columns you need with usecols',
          ['usecols', 'only the columns'])


def test_saying_the_ruled_out_option_is_the_right_one_earns_nothing() -> None:
    assert not _matched(*VECTORS, 'In pandas, apply is the vectorised way to transform a column.')
    assert _matched(*VECTORS, "I'd avoid apply and loops and use vectorised operations on whole columns.")


def test_what_a_point_does_without_is_no_ruled_out_option() -> None:
    assert _matched('How does HTTP caching work?', 'max-age lets a client reuse a response without asking the server',
                    ['max-age', 'reuse'], 'The server sends a max-age, and the client reuses the response that long '
                                          'without asking again.')


def test_an_imperative_avoid_it_dismisses_the_point() -> None:
    assert not _matched(*CHUNKS, 'usecols makes pandas read the file twice, so avoid it.')
    assert _matched(*CHUNKS, 'With usecols pandas loads only the columns you need, which saves memory.')
