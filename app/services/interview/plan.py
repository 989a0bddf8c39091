"""The interview plan: one PlanEntry per question slot, stored as JSON in Interview.plan.

Planned entries come from the LLM's PlanItem (type, skill, difficulty, focus); a follow-up entry is
inserted later (follow_ups.py) with the question it follows up and its text already written.
Names: a *plan entry* is a slot's recipe, a *question* is the generated row (models.Question), an
*asked question* is what the candidate sees once it is served (questions.AskedQuestion).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from app.models import QuestionType
from app.providers.llm.base import PlanItem


class PlanEntry(BaseModel):
    type: QuestionType
    skill: str | None = None
    difficulty: str | None = None
    focus: str = ''
    parent_index: int | None = None  # follow-up: the index of the question it follows up
    text: str | None = None  # follow-up or live question: written when it was inserted, not by question generation
    question_key: str = ''  # the bank variant or HR's question the plan chose (PlanItem.question_key)
    variant: int = 0
    rubric: list[dict[str, Any]] | None = None  # live question: HR's key points (empty: shown unscored)
    asked_by_id: int | None = None  # live question: the HR user who asked it
    asked_by: str | None = None

    @property
    def is_live(self) -> bool:
        return self.type == QuestionType.live

    @property
    def is_follow_up(self) -> bool:
        return self.type == QuestionType.follow_up

    @classmethod
    def planned(cls, item: PlanItem) -> PlanEntry:
        return cls(type=QuestionType(item.type), skill=item.skill, difficulty=item.difficulty, focus=item.focus,
                   question_key=item.question_key, variant=item.variant)

    def plan_item(self) -> PlanItem:
        """The LLM's view of a planned (not follow-up) entry, for writing its question."""
        fields = {'type', 'skill', 'difficulty', 'focus', 'question_key', 'variant'}
        return PlanItem.model_validate(self.model_dump(include=fields))

    def stored(self) -> dict[str, Any]:
        return self.model_dump(mode='json', exclude_none=True)


def load_plan(stored: list[dict[str, Any]]) -> list[PlanEntry]:
    return [PlanEntry.model_validate(entry) for entry in stored]


def store_plan(entries: list[PlanEntry]) -> list[dict[str, Any]]:
    return [entry.stored() for entry in entries]
