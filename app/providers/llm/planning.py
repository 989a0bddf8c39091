"""The interview plan's shape: which kinds of question, on which skills, at what difficulty.

This is product policy rather than model judgement, so every LLM provider starts from it (remote
models only refine each item's focus): one warmup, technical questions on the must-have skills the
resume shows (and a basic one on each must-have it lacks), questions about the candidate's own
projects, behavioral questions — and never more items than the job's question count.
"""

from __future__ import annotations

from app.providers.llm.base import Difficulty, PlanItem
from app.schemas import JobContext, ParsedResume
from app.skills import canonical_skill

SENIOR_YEARS = 5.0


def _unique(skills: list[str]) -> list[str]:
    return list(dict.fromkeys(canonical_skill(s) for s in skills if s and s.strip()))


def _shares(count: int, projects: int) -> tuple[int, int, int]:
    """(warmup, project, behavioral) slots for an interview of `count` questions."""
    warmup = 1 if count >= 3 else 0
    behavioral = 0 if count < 4 else 1 if count < 9 else 2
    project = 0 if count < 5 or projects == 0 else min(projects, 1 if count < 8 else 2)
    return warmup, project, behavioral


def plan_interview(job: JobContext, resume: ParsedResume, count: int) -> list[PlanItem]:
    count = max(1, count)
    resume_skills = {s.casefold() for s in _unique(resume.skills)}
    must = _unique(job.must_have_skills)
    nice = [s for s in _unique(job.nice_to_have_skills) if s not in must]
    shown = [s for s in must if s.casefold() in resume_skills]
    lacking = [s for s in must if s.casefold() not in resume_skills]
    nice_shown = [s for s in nice if s.casefold() in resume_skills]
    senior = (resume.experience_years or 0) >= SENIOR_YEARS
    first: Difficulty = 'hard' if senior else 'medium'
    second: Difficulty = 'medium' if senior else 'hard'

    # Technical candidates in priority order; a skill may come back at another difficulty later.
    technical: list[PlanItem] = [PlanItem(type='technical', skill=s, difficulty=first, focus='') for s in shown]
    technical += [PlanItem(type='technical', skill=s, difficulty='easy', focus='basics') for s in lacking]
    technical += [PlanItem(type='technical', skill=s, difficulty='medium', focus='') for s in nice_shown]
    technical += [PlanItem(type='technical', skill=s, difficulty=second, focus='') for s in shown]
    technical += [PlanItem(type='technical', skill=s, difficulty='medium', focus='') for s in lacking]
    technical += [PlanItem(type='technical', skill=s, difficulty='easy', focus='basics')
                  for s in nice if s not in nice_shown]

    warmup, project, behavioral = _shares(count, len(resume.projects))
    technical_slots = count - warmup - project - behavioral
    chosen = technical[:max(0, technical_slots)]
    # Too few skills to fill the technical slots: spend the rest on projects, then behavioral.
    spare = technical_slots - len(chosen)
    if spare > 0:
        extra_projects = min(spare, len(resume.projects) - project)
        project += extra_projects
        behavioral += spare - extra_projects

    items: list[PlanItem] = []
    if warmup:
        items.append(PlanItem(type='warmup', difficulty='easy', focus='introduction'))
    projects = [PlanItem(type='project', difficulty='medium', focus=p.name) for p in resume.projects[:project]]
    # Interleave: a project question after the first two technical ones keeps the interview varied.
    items.extend(chosen[:2])
    items.extend(projects[:1])
    items.extend(chosen[2:])
    items.extend(projects[1:])
    items.extend(PlanItem(type='behavioral', difficulty='medium', focus='') for _ in range(behavioral))
    return items[:count]
