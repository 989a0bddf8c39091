"""Side-by-side comparison of 2–4 candidates of one job (effective scores, skills, decisions)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.errors import Invalid, NotFound
from app.formatting import question_type
from app.models import Answer, Candidate, Interview, Question, QuestionType
from app.schemas import ParsedResume
from app.services.interview.scoring import DIMENSIONS
from app.services.jobs import get_job
from app.services.overrides import effective_scored, overrides_of
from app.services.review_access import CANDIDATE_NOT_FOUND

MIN_COMPARE, MAX_COMPARE = 2, 4


@dataclass(frozen=True)
class CompareColumn:
    candidate_id: int
    name: str
    email: str
    status: str
    interview_status: str | None
    score: float | None
    recommendation: str | None
    ai_score: float | None
    ai_recommendation: str | None
    averages: dict[str, float | None]
    must_have_match: float | None
    skills: list[str]
    experience_years: float | None
    flag_count: int
    focus_lost: int
    skill_scores: dict[str, float]  # question skill (or 'project question' …) → effective score 0–100
    answered: int
    questions: int


def compare_candidates(session: Session, organization_id: int, job_id: int, candidate_ids: list[int],
                       ) -> list[CompareColumn]:
    ids = list(dict.fromkeys(candidate_ids))
    if not MIN_COMPARE <= len(ids) <= MAX_COMPARE:
        raise Invalid(f'Pick {MIN_COMPARE} to {MAX_COMPARE} different candidates to compare.',
                      {'ids': f'{MIN_COMPARE}–{MAX_COMPARE} candidates'})
    get_job(session, organization_id, job_id)
    rows = {c.id: (c, i) for c, i in session.exec(
        select(Candidate, Interview).outerjoin(Interview, col(Interview.candidate_id) == col(Candidate.id))
        .where(col(Candidate.id).in_(ids), Candidate.organization_id == organization_id,
               Candidate.job_id == job_id)).all()}
    if len(rows) != len(ids):
        raise NotFound(CANDIDATE_NOT_FOUND)
    return [_column(session, *rows[candidate_id]) for candidate_id in ids]


def _column(session: Session, candidate: Candidate, interview: Interview | None) -> CompareColumn:
    assert candidate.id is not None
    parsed = ParsedResume.model_validate(candidate.resume_parsed or {})
    skill_scores: dict[str, float] = {}
    answered = 0
    if interview is not None and interview.id is not None:
        overrides = {(o.answer_id, o.field): o for o in overrides_of(session, interview.id)}
        per_skill: dict[str, list[float]] = defaultdict(list)
        for question, answer in session.exec(select(Question, Answer).join(
                Answer, col(Answer.question_id) == col(Question.id)).where(Question.interview_id == interview.id)):
            answered += 1
            if answer.correctness is None or question.type == QuestionType.warmup:  # the icebreaker is not scored
                continue
            weighted = effective_scored(question.type, answer, overrides).weighted()
            per_skill[question.skill or f'{question_type(question.type)} question'].append(weighted * 20)
        skill_scores = {skill: round(sum(v) / len(v), 1) for skill, v in sorted(per_skill.items())}
    integrity = interview.integrity if interview else {}
    return CompareColumn(
        candidate_id=candidate.id, name=candidate.name, email=candidate.email, status=candidate.status,
        interview_status=interview.status if interview else None,
        score=interview.effective_score if interview else None,
        recommendation=interview.effective_recommendation if interview else None,
        ai_score=interview.final_score if interview else None,
        ai_recommendation=interview.recommendation if interview else None,
        averages={d: getattr(interview, f'effective_{d}') if interview else None for d in DIMENSIONS},
        must_have_match=candidate.must_have_match, skills=parsed.skills, experience_years=parsed.experience_years,
        flag_count=len(candidate.resume_flags), focus_lost=int(integrity.get('focus_lost_count', 0) or 0),
        skill_scores=skill_scores, answered=answered, questions=interview.question_total if interview else 0)
