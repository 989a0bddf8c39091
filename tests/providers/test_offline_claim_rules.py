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


UNIQUE = ('What does a UNIQUE constraint do in SQL?', 'Non-null values in a UNIQUE column must be distinct',
          ['non null', 'distinct', 'duplicate'])


def test_denying_a_rule_about_the_points_own_non_term_is_no_agreement() -> None:
    # the "non-" in "non-null" names the point's term; the "no rule" before it is the denial
    assert not _matched(*UNIQUE, "There's no rule about non-null values in a unique column, duplicates are fine.")
    assert _matched(*UNIQUE, 'In a unique column the non-null values must all be distinct, a duplicate is rejected.')


GZIP = ('How do you cut the size of HTTP responses?', 'Compress responses with gzip and announce it with '
        'Content-Encoding', ['gzip', 'content-encoding', '406 Not Acceptable'])


def test_acquaintance_with_terms_earns_nothing_even_when_a_name_holds_a_not() -> None:
    # "406 Not Acceptable" is a name: its "Not" is no predicate that would make the sentence a statement
    assert not _matched(*GZIP, "I'm familiar with gzip, Content-Encoding and 406 Not Acceptable.")
    assert _matched(*GZIP, 'We compress responses with gzip and set Content-Encoding so clients know to unpack them.')


BACKUPS = ("How do you keep a small business's files safe?",
           'Keep an off-site copy and test restoring it', ['off-site', 'restore', 'test restore'])


def test_a_second_acquaintance_after_and_names_terms_too() -> None:
    # "on tape" belongs to the term after "I know about"; the second clause asserts no more than the first
    assert not _matched(*BACKUPS, "I've used off-site copies and restores, and I know about test restores on tape.")
    assert not _matched(*BACKUPS, 'I know how to use off-site copies and test restores.')
    assert _matched(*BACKUPS, 'We keep an off-site copy in another city and test restoring it every month, so a '
                              'fire cannot take the only copy.')


MISSED_DEADLINE = ('Tell me about a deadline you missed.',
                   [('Describes the situation of the missed deadline', ['missed', 'deadline', 'late']),
                    ('Explains what they did in response', ['I called', 'I told', 'we cut scope']),
                    ('Reflects on what they learned', ['learned', 'lesson', 'since then'])])


def _story_points(answer: str) -> set[str]:
    question, points = MISSED_DEADLINE
    rubric = [RubricPoint(point=p, synonyms=s) for p, s in points]
    return set(evaluate_transcript(question, rubric, answer).matched_points)


def test_a_story_that_disowns_the_speakers_part_earns_no_ownership_action_or_lesson() -> None:
    owned = ('We missed the deadline for the shop launch by a week because I planned the payment work badly. '
             'I called the client the same day, we cut scope to the checkout and shipped it on Friday. '
             'I learned to plan the risky integration first; since then I always estimate it before anything else.')
    disowned = ('We missed the deadline for the shop launch by a week, and honestly it was not my fault: the '
                'designers sent the mockups late. I told the client the designers were late and waited for them. '
                'I guess the lesson learned is that designers should plan better.')
    assert len(_story_points(owned)) >= 2
    assert not _story_points(disowned)
