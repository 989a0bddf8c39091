"""Plain data shapes passed between services and providers (not tables)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ResumeProject(BaseModel):
    name: str
    description: str = ''


class ParsedResume(BaseModel):
    """What intake extracts from a resume; stored as Candidate.resume_parsed."""

    skills: list[str] = Field(default_factory=list)  # canonical taxonomy names
    experience_years: float | None = None
    education: list[str] = Field(default_factory=list)
    projects: list[ResumeProject] = Field(default_factory=list)
    links: list[str] = Field(default_factory=list)


class JobContext(BaseModel):
    """The parts of a Job the interviewer needs."""

    title: str
    description: str = ''
    must_have_skills: list[str] = Field(default_factory=list)
    nice_to_have_skills: list[str] = Field(default_factory=list)
    language: str = 'en'
