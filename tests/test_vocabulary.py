"""Skill names misheard by speech recognition are spelled as written; ordinary words are left alone."""

from __future__ import annotations

import pytest

from app.vocabulary import apply_vocabulary, deleted_words, prompt_terms

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


def test_no_terms_only_acronyms_change() -> None:
    assert apply_vocabulary('poster sql', []) == 'poster SQL'
    assert apply_vocabulary('a poster on the wall', []) == 'a poster on the wall'


@pytest.mark.parametrize(('heard', 'written'), [
    ('We run c i c d on every merge.', 'We run CI/CD on every merge.'),
    ('Our ci cd pipeline deploys to a w s.', 'Our CI/CD pipeline deploys to AWS.'),
    ('The CI CD jobs run on A.W.S. and k8s', 'The CI/CD jobs run on AWS and k8s'),
    ('I deploy with K8s on aws, and store files in s3.', 'I deploy with k8s on AWS, and store files in S3.'),
])
def test_spoken_acronyms_are_written_as_acronyms(heard: str, written: str) -> None:
    assert apply_vocabulary(heard, SKILLS) == written


@pytest.mark.parametrize(('text', 'written'), [
    ('I cd into the folder and run it.', 'I cd into the folder and run it.'),  # a shell command, not CI/CD
    ('We kept the postgres url in an environment variable.', 'We kept the postgres url in an environment variable.'),
    ('Postgres is what we used, and graph QL is nice.', 'Postgres is what we used, and GraphQL is nice.'),
    ('Redis is a cache; java script is a language.', 'Redis is a cache; JavaScript is a language.'),
])
def test_real_words_are_never_deleted(text: str, written: str) -> None:
    out = apply_vocabulary(text, SKILLS)
    assert out == written
    assert [w for w in deleted_words(text, out) if w not in ('graph', 'java', 'script')] == []


def test_postgres_followed_by_a_word_keeps_the_word() -> None:
    # The old pass merged 'postgres is' into 'PostgreSQL', deleting 'is'.
    assert apply_vocabulary('Postgres is fast', SKILLS) == 'Postgres is fast'
    assert apply_vocabulary('graph QL is typed', SKILLS) == 'GraphQL is typed'


def test_deleted_words_sees_a_lost_word() -> None:
    assert deleted_words('postgres is fast', 'PostgreSQL fast') == ['is']
    assert deleted_words('post gray sql is fast', 'PostgreSQL is fast') == ['gray']


def test_hr_skill_aliases_join_the_prompt() -> None:
    terms = prompt_terms(['PostgreSQL', 'Kubernetes', 'CI/CD'])
    assert terms[:3] == ['PostgreSQL', 'Kubernetes', 'CI/CD']
    assert 'k8s' in terms and 'Jenkins' in terms and 'EKS' in terms
    # Short forms of a name already in the prompt are left out: whisper copied them ('Postgres, psql').
    assert not {'Postgres', 'psql', 'Postgresql'} & set(terms)
    assert len({t.casefold() for t in terms}) == len(terms)
