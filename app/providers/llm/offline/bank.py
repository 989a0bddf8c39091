"""The shipped question bank (data/question_bank/*.json) and interview templates.

Bank files are keyed by canonical taxonomy names, so a job listing "postgres" finds the PostgreSQL
questions. Each entry has a difficulty and a rubric of 3–6 key points, each with synonyms that a
spoken answer might use instead of the point's own words. Other interview languages have their own bank
in data/question_bank/<code>/ (the same layout, written in that language, with fewer skills: a skill it
lacks gets the language's general technical templates).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.providers.llm.base import Difficulty, RubricPoint
from app.skills import canonical_skill, taxonomy

BANK_DIR = Path(__file__).resolve().parents[4] / 'data' / 'question_bank'
DIFFICULTIES: tuple[Difficulty, ...] = ('easy', 'medium', 'hard')


@dataclass(frozen=True)
class BankQuestion:
    id: str
    skill: str
    difficulty: Difficulty
    text: str
    rubric: tuple[RubricPoint, ...]


@dataclass(frozen=True)
class Template:
    id: str
    text: str  # may contain {title}, {skill}, {project}, {project_detail}
    rubric: tuple[RubricPoint, ...]


class QuestionBank:
    def __init__(self, questions: list[BankQuestion], templates: dict[str, list[Template]]) -> None:
        self.questions = questions
        self.templates = templates
        self._by_skill: dict[str, list[BankQuestion]] = {}
        self._by_id = {question.id: question for question in questions}
        for question in questions:
            self._by_skill.setdefault(question.skill, []).append(question)

    @property
    def skills(self) -> list[str]:
        return list(self._by_skill)

    def by_id(self, key: str) -> BankQuestion | None:
        return self._by_id.get(key) if key else None

    def for_skill(self, skill: str, difficulty: Difficulty) -> list[BankQuestion]:
        """Questions at `difficulty` first, then the nearest other difficulties."""
        pool = self._by_skill.get(canonical_skill(skill), [])
        order = sorted(DIFFICULTIES, key=lambda d: abs(DIFFICULTIES.index(d) - DIFFICULTIES.index(difficulty)))
        return [q for d in order for q in pool if q.difficulty == d]

    def category_templates(self, skill: str) -> list[Template]:
        category = taxonomy().category(canonical_skill(skill)) or 'general'
        return self.templates.get(f'technical_{category}', []) + self.templates.get('technical_general', [])


def _rubric(raw: list[Any]) -> tuple[RubricPoint, ...]:
    """Points as {"point", "synonyms"} or, more compactly, ["point", "synonym", "synonym", ...]."""
    return tuple(RubricPoint(point=p[0], synonyms=list(p[1:])) if isinstance(p, list) else RubricPoint.model_validate(p)
                 for p in raw)


def _slug(name: str) -> str:
    return re.sub(r'[^a-z0-9]+', '-', name.casefold()).strip('-')


def _skill_questions(skill: str, by_difficulty: dict[str, Any]) -> list[BankQuestion]:
    """A skill's entry: {"easy": question | [questions], "medium": ..., "hard": ...}."""
    questions: list[BankQuestion] = []
    for difficulty in DIFFICULTIES:
        raw = by_difficulty.get(difficulty, [])
        for number, item in enumerate(raw if isinstance(raw, list) else [raw], start=1):
            questions.append(BankQuestion(f'{_slug(skill)}-{difficulty}-{number}', skill, difficulty,
                                          ' '.join(item['text'].split()), _rubric(item['rubric'])))
    return questions


def bank_languages() -> frozenset[str]:
    """Languages with a question bank: English (the top-level files) and each sub-directory's code."""
    return frozenset({'en'} | {path.name for path in BANK_DIR.iterdir() if path.is_dir()})


@lru_cache(maxsize=8)
def question_bank(language: str = 'en') -> QuestionBank:
    """The bank for `language` (its code, e.g. 'es'); English for 'en' or a language without a bank."""
    code = language.split('-')[0].lower()
    directory = BANK_DIR / code if code != 'en' and (BANK_DIR / code).is_dir() else BANK_DIR
    questions: list[BankQuestion] = []
    templates: dict[str, list[Template]] = {}
    for path in sorted(directory.glob('*.json')):
        raw = json.loads(path.read_text(encoding='utf-8'))
        for group, items in raw.get('templates', {}).items():
            templates.setdefault(group, []).extend(
                Template(item['id'], item['text'], _rubric(item['rubric'])) for item in items)
        for skill, by_difficulty in raw.get('skills', {}).items():
            questions.extend(_skill_questions(canonical_skill(skill), by_difficulty))
    return QuestionBank(questions, templates)
