"""Plain data shapes passed between services and providers (not tables)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Difficulty = Literal['easy', 'medium', 'hard']


class RubricPoint(BaseModel):
    point: str = Field(min_length=1, max_length=300)
    synonyms: list[str] = Field(default_factory=list)


class ResumeProject(BaseModel):
    name: str
    description: str = ''


class SkillClaim(BaseModel):
    """What a resume claims about one skill: a proficiency word and/or years with it."""

    level: Literal['basic', 'intermediate', 'advanced'] | None = None
    years: float | None = None


class ParsedResume(BaseModel):
    """What intake extracts from a resume; stored as Candidate.resume_parsed."""

    skills: list[str] = Field(default_factory=list)  # canonical taxonomy names
    experience_years: float | None = None
    education: list[str] = Field(default_factory=list)
    projects: list[ResumeProject] = Field(default_factory=list)
    # Canonical skill → the resume's own claim ("Python (basic)", "5 years of Kafka"); absent when unstated.
    skill_claims: dict[str, SkillClaim] = Field(default_factory=dict)
    links: list[str] = Field(default_factory=list)


class JobQuestionRule(BaseModel):
    """One of HR's decisions about a job's questions, as the planner and the question writer honour it."""

    key: str  # a bank question id ('python-hard-2'), or 'job-<id>' for a question HR wrote
    skill: str | None = None
    difficulty: Difficulty = 'medium'
    text: str
    rubric: list[RubricPoint] = Field(default_factory=list)
    pinned: bool = False  # asked in every interview for this job
    excluded: bool = False  # never asked


class JobContext(BaseModel):
    """The parts of a Job the interviewer needs."""

    title: str
    description: str = ''
    must_have_skills: list[str] = Field(default_factory=list)
    nice_to_have_skills: list[str] = Field(default_factory=list)
    language: str = 'en'
    # HR's pinned, edited and excluded questions for this job (job_questions). Not sent to remote models.
    questions: list[JobQuestionRule] = Field(default_factory=list, exclude=True)

    def question_rule(self, key: str) -> JobQuestionRule | None:
        return next((rule for rule in self.questions if key and rule.key == key), None)
