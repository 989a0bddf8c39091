"""Skill names misheard by speech recognition are spelled as written; ordinary words are left alone."""

from __future__ import annotations

import pytest

from app.vocabulary import apply_vocabulary

SKILLS = ['PostgreSQL', 'JavaScript', 'GraphQL', 'Python', 'Tableau', 'Go', 'React', 'Docker', 'Redis']


@pytest.mark.parametrize(('heard', 'written'), [
    ('I have ten years with poster sql.', 'I have ten years with PostgreSQL.'),
    ('We ran it on Postgre SQL with java script', 'We ran it on PostgreSQL with JavaScript'),
    ('the graph QL layer, mostly python', 'the GraphQL layer, mostly Python'),
    ('I used Docker, then react for the UI.', 'I used Docker, then React for the UI.'),
])
def test_misheard_skill_names_are_spelled_right(heard: str, written: str) -> None:
    assert apply_vocabulary(heard, SKILLS) == written


@pytest.mark.parametrize('text', [
    'Let us go home, the docket was long.',  # 'Go' is too short to touch; 'docket' is not Docker
    'I posted the results and it was a great post.',
    'Put it in a table, then it reads faster.',  # not Tableau, not Redis
    'We kept the postgres url in an environment variable.',
    '',
])
def test_ordinary_words_stay(text: str) -> None:
    assert apply_vocabulary(text, SKILLS) == text


def test_no_terms_no_change() -> None:
    assert apply_vocabulary('poster sql', []) == 'poster sql'
