"""A job's interview questions as HR sees and shapes them before inviting anyone.

The view lists, for every skill of the job, the bank's variants at each difficulty (the pool the planner
draws each candidate's questions from) with HR's decisions applied, plus HR's own questions. HR can edit
a question's text and rubric, pin it (asked in every interview for the job) or exclude it (never drawn).
Only decisions are stored (job_questions); an unchanged bank question has no row. The planner reads them
as JobQuestionRule through `rules_for_job` (app/services/interview/rows.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints, field_validator, model_validator
from sqlmodel import Session, col, select

from app.db_types import utcnow
from app.errors import Invalid
from app.models import Job, JobQuestion, User
from app.providers.llm.offline.bank import BankQuestion, question_bank
from app.schemas import Difficulty, JobQuestionRule, RubricPoint
from app.services import audit
from app.services.jobs import get_job
from app.skills import canonical_skill
from app.validation import parse_input

MAX_RULES = 200
MIN_POINTS, MAX_POINTS = 3, 6
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=1000)]
Point = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class QuestionEdit(BaseModel):
    """One question as HR saves it: a bank question (bank_id) with changes, or HR's own question."""

    key: str | None = Field(default=None, max_length=130)  # 'job-<id>': keeps HR's own question's identity
    bank_id: str | None = Field(default=None, max_length=120)
    skill: str | None = Field(default=None, max_length=100)
    difficulty: Difficulty = 'medium'
    text: Text | None = None  # None: the bank's own wording
    rubric: list[Point | RubricPoint] | None = Field(default=None, max_length=MAX_POINTS)
    pinned: bool = False
    excluded: bool = False

    @field_validator('skill')
    @classmethod
    def _skill(cls, value: str | None) -> str | None:
        return canonical_skill(value) if value and value.strip() else None

    @model_validator(mode='after')
    def _consistent(self) -> QuestionEdit:
        if self.pinned and self.excluded:
            raise ValueError('a question cannot be both pinned and excluded')
        if self.rubric is not None and len(self.rubric) < MIN_POINTS:
            raise ValueError(f'rubric: give at least {MIN_POINTS} key points')
        if self.bank_id is None and (self.text is None or self.rubric is None):
            raise ValueError('your own question needs its text and at least 3 rubric points')
        return self


class QuestionsUpdate(BaseModel):
    questions: list[QuestionEdit] = Field(max_length=MAX_RULES)


@dataclass(frozen=True)
class JobQuestionView:
    key: str  # the bank id, or 'job-<id>' for HR's own question
    bank_id: str | None
    skill: str | None
    difficulty: str
    text: str
    rubric: list[RubricPoint]
    pinned: bool
    excluded: bool
    edited: bool  # HR changed the bank's wording or rubric

    @property
    def custom(self) -> bool:
        return self.bank_id is None

    def edit(self, **changes: Any) -> QuestionEdit:
        """This question as a QuestionEdit, with `changes` applied (what the page sends back)."""
        values = {'key': self.key, 'bank_id': self.bank_id, 'skill': self.skill, 'difficulty': self.difficulty,
                  'text': self.text if self.edited or self.custom else None,
                  'rubric': list(self.rubric) if self.edited or self.custom else None,
                  'pinned': self.pinned, 'excluded': self.excluded, **changes}
        return QuestionEdit.model_validate(values)


def job_skills(job: Job) -> list[str]:
    return list(dict.fromkeys(canonical_skill(s) for s in [*job.must_have_skills, *job.nice_to_have_skills]
                              if s.strip()))


def _rows(session: Session, job_id: int) -> list[JobQuestion]:
    return list(session.exec(select(JobQuestion).where(JobQuestion.job_id == job_id)
                             .order_by(col(JobQuestion.position), col(JobQuestion.id))).all())


def _points(raw: list[dict[str, Any]]) -> list[RubricPoint]:
    return [RubricPoint.model_validate(point) for point in raw]


def _bank_view(question: BankQuestion, row: JobQuestion | None) -> JobQuestionView:
    edited = row is not None and (row.text != question.text or _points(row.rubric) != list(question.rubric))
    return JobQuestionView(
        key=question.id, bank_id=question.id, skill=question.skill, difficulty=question.difficulty,
        text=row.text if row is not None and edited else question.text,
        rubric=_points(row.rubric) if row is not None and edited else list(question.rubric),
        pinned=bool(row and row.pinned), excluded=bool(row and row.excluded), edited=edited)


def job_questions(session: Session, organization_id: int, job_id: int) -> list[JobQuestionView]:
    """Every question the planner may ask for this job, in skill order, then HR's own questions."""
    job = get_job(session, organization_id, job_id)
    rows = _rows(session, job_id)
    by_bank = {row.bank_id: row for row in rows if row.bank_id}
    bank = question_bank(job.language)
    views: list[JobQuestionView] = []
    for skill in job_skills(job):
        for difficulty in ('easy', 'medium', 'hard'):
            views += [_bank_view(q, by_bank.get(q.id)) for q in bank.for_skill(skill, difficulty)
                      if q.difficulty == difficulty]
    listed = {view.key for view in views}
    for row in rows:  # a bank question on a skill the job no longer lists still shows while HR has a rule on it
        question = bank.by_id(row.bank_id or '')
        if question is not None and question.id not in listed:
            views.append(_bank_view(question, row))
        elif row.bank_id is None:
            views.append(JobQuestionView(key=f'job-{row.id}', bank_id=None, skill=row.skill,
                                         difficulty=row.difficulty, text=row.text, rubric=_points(row.rubric),
                                         pinned=row.pinned, excluded=row.excluded, edited=False))
    return views


def _rubric(edit: QuestionEdit, question: BankQuestion | None) -> list[RubricPoint]:
    """Points as given; a point left word for word as the bank has it keeps the bank's synonyms."""
    bank_points = {p.point: p for p in question.rubric} if question else {}
    points: list[RubricPoint] = []
    for point in edit.rubric or []:
        if isinstance(point, RubricPoint):
            points.append(point)
        else:
            points.append(bank_points.get(point) or RubricPoint(point=point, synonyms=[]))
    return points


def save_job_questions(session: Session, user: User, job_id: int,
                       data: QuestionsUpdate | dict[str, Any]) -> list[JobQuestionView]:
    """Replace the job's decisions with `data` (the whole list, as GET returns it); unchanged bank questions
    in it are simply not stored. HR's own questions keep their key ('job-<id>'), which running plans name."""
    update = parse_input(QuestionsUpdate, data)
    job = get_job(session, user.organization_id, job_id)
    bank = question_bank(job.language)
    existing = _rows(session, job_id)
    by_bank = {row.bank_id: row for row in existing if row.bank_id}
    by_key = {f'job-{row.id}': row for row in existing if row.bank_id is None}
    kept: list[JobQuestion] = []
    seen: set[str] = set()
    for number, edit in enumerate(update.questions):
        field = f'questions.{number}'
        question = bank.by_id(edit.bank_id) if edit.bank_id else None
        if edit.bank_id and question is None:
            raise Invalid(f'{field}.bank_id: there is no bank question {edit.bank_id!r}',
                          {f'{field}.bank_id': 'Unknown bank question'})
        identity = edit.bank_id or edit.key or f'new-{number}'
        if identity in seen:
            raise Invalid(f'{field}: {identity} is listed twice', {field: 'Listed twice'})
        seen.add(identity)
        text = edit.text or (question.text if question else '')
        rubric = _rubric(edit, question) if edit.rubric is not None else list(question.rubric if question else [])
        changed = question is None or text != question.text or rubric != list(question.rubric)
        if not (changed or edit.pinned or edit.excluded):
            continue
        row = by_bank.get(edit.bank_id) if edit.bank_id else by_key.get(edit.key or '')
        row = row or JobQuestion(organization_id=user.organization_id, job_id=job_id, bank_id=edit.bank_id)
        row.skill = question.skill if question else edit.skill
        row.difficulty = question.difficulty if question else edit.difficulty
        row.text, row.rubric = text, [p.model_dump() for p in rubric]
        row.pinned, row.excluded, row.position, row.updated_at = edit.pinned, edit.excluded, number, utcnow()
        kept.append(row)
    pinned = sum(1 for row in kept if row.pinned)
    if pinned > job.question_count:
        raise Invalid(f'questions: {pinned} pinned questions, but an interview for this job has only '
                      f'{job.question_count}', {'questions': 'Too many pinned questions'})
    for row in existing:
        if all(row is not other for other in kept):
            session.delete(row)
    for row in kept:
        session.add(row)
    audit.record(session, organization_id=user.organization_id, actor=user, action='job.questions',
                 subject_type='job', subject_id=job_id,
                 detail={'stored': len(kept), 'pinned': pinned, 'excluded': sum(1 for row in kept if row.excluded)})
    session.commit()
    return job_questions(session, user.organization_id, job_id)


def rules_for_job(session: Session, job_id: int) -> list[JobQuestionRule]:
    """HR's decisions as the planner and question writer read them (pinned ones in HR's order)."""
    return [JobQuestionRule(key=row.bank_id or f'job-{row.id}', skill=row.skill,
                            difficulty=row.difficulty if row.difficulty in ('easy', 'medium', 'hard') else 'medium',
                            text=row.text, rubric=_points(row.rubric), pinned=row.pinned, excluded=row.excluded)
            for row in _rows(session, job_id)]
