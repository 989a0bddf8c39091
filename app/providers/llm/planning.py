"""The interview plan's shape: which kinds of question, on which skills, at what difficulty.

This is product policy rather than model judgement, so every LLM provider starts from it (remote
models only refine each item's focus): one warmup, technical questions on the must-have skills the
resume shows (and a basic one on each must-have it lacks), the nice-to-haves the resume shows,
questions about the candidate's own projects, behavioral questions — and never more items than the
job's question count.

It fits the person: the resume's own claim about a skill ("Python (basic)", "Kafka — 6 years") sets
that skill's difficulty, and which of the bank's variants a candidate gets is drawn from a seed that
belongs to the candidate, so two candidates rarely get the same set while one candidate always gets
the same plan. HR's pinned questions come first; excluded ones are never drawn.
"""

from __future__ import annotations

from app.providers.llm.base import PlanItem
from app.providers.llm.offline.bank import question_bank
from app.providers.llm.variants import pick, stable_number
from app.schemas import Difficulty, JobContext, ParsedResume, SkillClaim
from app.skills import canonical_skill

SENIOR_YEARS = 5.0
BASIC_BELOW_YEARS = 1.5  # fewer years than this with a skill reads as a basic claim
ADVANCED_FROM_YEARS = 4.0


def _unique(skills: list[str]) -> list[str]:
    return list(dict.fromkeys(canonical_skill(s) for s in skills if s and s.strip()))


def _shares(count: int, projects: int) -> tuple[int, int, int]:
    """(warmup, project, behavioral) slots for an interview of `count` questions."""
    warmup = 1 if count >= 3 else 0
    behavioral = 0 if count < 4 else 1 if count < 9 else 2
    project = 0 if count < 5 or projects == 0 else min(projects, 1 if count < 8 else 2)
    return warmup, project, behavioral


def claimed_difficulties(claim: SkillClaim | None, senior: bool) -> tuple[Difficulty, Difficulty]:
    """(first, second) difficulty for a skill the resume shows; a basic claim never reaches 'hard'."""
    level = claim.level if claim else None
    if level is None and claim is not None and claim.years is not None:
        level = ('basic' if claim.years < BASIC_BELOW_YEARS else
                 'advanced' if claim.years >= ADVANCED_FROM_YEARS else 'intermediate')
    if level == 'basic':
        return 'easy', 'medium'
    if level == 'intermediate':
        return 'medium', 'hard'
    if level == 'advanced' or senior:
        return 'hard', 'medium'
    return 'medium', 'hard'


def _technical(job: JobContext, resume: ParsedResume) -> list[PlanItem]:
    """Technical items in priority order; a skill may come back at another difficulty later."""
    claims = {canonical_skill(name): claim for name, claim in resume.skill_claims.items()}
    resume_skills = {s.casefold() for s in _unique(resume.skills)} | {s.casefold() for s in claims}
    must = _unique(job.must_have_skills)
    nice = [s for s in _unique(job.nice_to_have_skills) if s not in must]
    shown = [s for s in must if s.casefold() in resume_skills]
    lacking = [s for s in must if s.casefold() not in resume_skills]
    nice_shown = [s for s in nice if s.casefold() in resume_skills]
    senior = (resume.experience_years or 0) >= SENIOR_YEARS
    levels = {s: claimed_difficulties(claims.get(s), senior) for s in shown + nice_shown}

    def item(skill: str, difficulty: Difficulty, focus: str = '') -> PlanItem:
        return PlanItem(type='technical', skill=skill, difficulty=difficulty, focus=focus)

    technical = [item(s, levels[s][0]) for s in shown]
    # A nice-to-have the candidate put on the resume is worth a question before any second round.
    technical += [item(s, levels[s][0]) for s in nice_shown[:1]]
    technical += [item(s, 'easy', 'basics') for s in lacking]
    technical += [item(s, levels[s][0]) for s in nice_shown[1:]]
    technical += [item(s, levels[s][1]) for s in shown]
    technical += [item(s, 'medium') for s in lacking]
    technical += [item(s, 'easy', 'basics') for s in nice if s not in nice_shown]
    return technical


def _choose_bank_questions(items: list[PlanItem], job: JobContext, seed: str) -> list[PlanItem]:
    """Give each technical item one bank variant, drawn by the candidate's seed; never the same twice."""
    bank = question_bank(job.language)
    excluded = {rule.key for rule in job.questions if rule.excluded}
    used = {rule.key for rule in job.questions if rule.pinned}
    chosen: list[PlanItem] = []
    for item in items:
        if item.type != 'technical' or not item.skill or item.question_key:
            chosen.append(item)
            continue
        pool = [q for q in bank.for_skill(item.skill, item.difficulty) if q.id not in excluded | used]
        exact = [q.id for q in pool if q.difficulty == item.difficulty]
        # None left at this difficulty (HR excluded them): the nearest difficulty's first one.
        key = pick(exact, seed, item.skill, item.difficulty) if exact else pool[0].id if pool else ''
        used.add(key)
        chosen.append(item.model_copy(update={'question_key': key}))
    return chosen


def _pinned(job: JobContext) -> tuple[list[PlanItem], list[PlanItem]]:
    """HR's pinned questions as (technical, behavioral) plan items, in the order HR listed them."""
    technical: list[PlanItem] = []
    behavioral: list[PlanItem] = []
    for rule in job.questions:
        if not rule.pinned or rule.excluded:
            continue
        if rule.skill:
            technical.append(PlanItem(type='technical', skill=canonical_skill(rule.skill),
                                      difficulty=rule.difficulty, question_key=rule.key))
        else:
            behavioral.append(PlanItem(type='behavioral', difficulty=rule.difficulty, question_key=rule.key))
    return technical, behavioral


def _room_for_pins(count: int, shares: tuple[int, int, int], technical: int, behavioral_pins: int,
                   ) -> tuple[int, int, int]:
    """(warmup, project, behavioral) shrunk so every pinned question fits: HR's pins always get asked
    (the service allows no more pins than the job's question count)."""
    warmup, project, behavioral = shares
    behavioral = max(behavioral, behavioral_pins)
    while technical + warmup + project + behavioral > count and (project or behavioral > behavioral_pins or warmup):
        if project:
            project -= 1
        elif behavioral > behavioral_pins:
            behavioral -= 1
        else:
            warmup -= 1
    return warmup, project, behavioral


def plan_interview(job: JobContext, resume: ParsedResume, count: int, seed: str = '') -> list[PlanItem]:
    count = max(1, count)
    pinned_technical, pinned_behavioral = _pinned(job)
    pinned_skills = {item.skill for item in pinned_technical}
    technical = _technical(job, resume)
    # A pinned question on a skill takes that skill's first question; its second round stays.
    first_rounds: set[str] = set()
    rest: list[PlanItem] = []
    for item in technical:
        if item.skill in pinned_skills and item.skill not in first_rounds:
            first_rounds.add(item.skill or '')
            continue
        rest.append(item)
    technical = pinned_technical + rest

    warmup, project, behavioral = _shares(count, len(resume.projects))
    warmup, project, behavioral = _room_for_pins(count, (warmup, project, behavioral),
                                                 len(pinned_technical), len(pinned_behavioral))
    technical_slots = count - warmup - project - behavioral
    chosen = _choose_bank_questions(technical[:max(0, technical_slots)], job, seed)
    # Too few skills to fill the technical slots: spend the rest on projects, then behavioral.
    spare = technical_slots - len(chosen)
    if spare > 0:
        extra_projects = min(spare, len(resume.projects) - project)
        project += extra_projects
        behavioral += spare - extra_projects

    start = stable_number(seed, 'templates') % 1000
    items: list[PlanItem] = []
    if warmup:
        items.append(PlanItem(type='warmup', difficulty='easy', focus='introduction', variant=start))
    projects = [PlanItem(type='project', difficulty='medium', focus=p.name, variant=start + n)
                for n, p in enumerate(resume.projects[:project])]
    # Interleave: a project question after the first two technical ones keeps the interview varied.
    items.extend(chosen[:2])
    items.extend(projects[:1])
    items.extend(chosen[2:])
    items.extend(projects[1:])
    asked_behavioral = pinned_behavioral[:behavioral]
    asked_behavioral += [PlanItem(type='behavioral', difficulty='medium', variant=start + n)
                         for n in range(behavioral - len(asked_behavioral))]
    items.extend(asked_behavioral)
    return items[:count]
