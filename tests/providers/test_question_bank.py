"""The shipped question bank: enough variants per skill × difficulty that plans vary and answers cannot
be memorised from the repository, each in the format the scorer reads."""

from __future__ import annotations

import json
from collections import Counter

from app.providers.llm.offline.bank import BANK_DIR, DIFFICULTIES, question_bank
from app.providers.llm.offline.questions import normalize_question
from app.skills import taxonomy

MIN_VARIANTS = 3


def test_every_skill_has_three_variants_at_every_difficulty() -> None:
    bank = question_bank()
    counts = Counter((q.skill, q.difficulty) for q in bank.questions)
    assert len(bank.skills) >= 60
    for skill in bank.skills:
        for difficulty in DIFFICULTIES:
            assert counts[(skill, difficulty)] >= MIN_VARIANTS, (skill, difficulty, counts[(skill, difficulty)])


def test_every_question_has_a_rubric_with_synonyms_in_the_bank_format() -> None:
    bank = question_bank()
    for question in bank.questions:
        assert taxonomy().canonical(question.skill) == question.skill, question.id
        assert question.text.endswith(('?', '.')) and len(question.text) <= 300, question.id
        assert 3 <= len(question.rubric) <= 6, question.id
        for point in question.rubric:
            assert point.point.strip() == point.point and len(point.point) <= 300, (question.id, point.point)
            assert len(point.synonyms) >= 2, (question.id, point.point)
            assert all(s.strip() == s and s for s in point.synonyms), (question.id, point.point)
    # Files keep the compact format: a skill's difficulty holds a list of {"text", "rubric": [[point, synonyms…]]}.
    for path in sorted(BANK_DIR.glob('*.json')):
        for skill, by_difficulty in json.loads(path.read_text(encoding='utf-8')).get('skills', {}).items():
            for difficulty, items in by_difficulty.items():
                assert difficulty in DIFFICULTIES and isinstance(items, list), (path.name, skill)
                for item in items:
                    assert set(item) == {'text', 'rubric'}, (path.name, skill)
                    assert all(isinstance(p, list) and len(p) >= 3 for p in item['rubric']), (path.name, skill)


def test_no_question_is_repeated_and_ids_are_stable() -> None:
    bank = question_bank()
    texts = Counter(normalize_question(q.text) for q in bank.questions)
    assert [t for t, n in texts.items() if n > 1] == []
    assert len({q.id for q in bank.questions}) == len(bank.questions)
    # The first variant keeps its id, so plans and graded sets that name it still find the same question.
    gil = bank.by_id('python-hard-1')
    assert gil is not None and 'Global Interpreter Lock' in gil.text
