"""How alike two candidates' interviews are: 10 synthetic candidates apply to one job; the offline
interviewer plans and writes each one's questions exactly as an interview does.

Run from the project root: `python bench/questions.py [--quick]`. Needs no database or server. Figures:
the share of identical questions between each pair of candidates (mean, max), how many pairs got the
very same set, the same figures with one shared seed (what every candidate got before plans were
seeded per candidate), and two fit checks: hard questions on skills the resume claims only at a basic
level (must be 0) and the share of nice-to-haves on a resume that were asked. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.documents.resume_parser import parse_resume
from app.providers.llm.offline.provider import OfflineLLM
from app.providers.llm.offline.questions import normalize_question
from app.schemas import JobContext, ParsedResume

JOB = JobContext(title='Backend Engineer', description='Python services on PostgreSQL, shipped in containers.',
                 must_have_skills=['Python', 'PostgreSQL', 'Docker', 'REST APIs'],
                 nice_to_have_skills=['Redis', 'Kafka', 'FastAPI', 'Kubernetes'])
LEVELS = ['(basic)', '(intermediate)', '(advanced)', '- 2 years', '- 6 years', '']
PROJECTS = [
    ('Ledger', 'A double-entry bookkeeping API in FastAPI and PostgreSQL for forty small businesses.'),
    ('Courier', 'Route planning for bike couriers, with a Kafka event stream and a Redis cache of live positions.'),
    ('Shelfie', 'A library catalogue with full-text search, deployed on Kubernetes with Helm.'),
    ('Pulse', 'Uptime monitoring that checks ten thousand endpoints a minute and pages on-call by SMS.'),
    ('Tally', 'A survey tool whose reports are built nightly from PostgreSQL materialized views.'),
]


def synthetic_resume(number: int) -> tuple[str, str]:
    """(seed, resume text): a varied but plausible applicant for JOB."""
    rng = random.Random(number)
    skills = ['Python', 'PostgreSQL', 'Docker', 'REST APIs', 'Redis', 'Kafka', 'FastAPI', 'Kubernetes', 'Linux']
    shown = [s for s in skills if rng.random() < 0.75] or ['Python']
    lines = [f'Candidate {number}', f'{rng.randint(1, 12)} years of experience building backend services.',
             'Skills']
    lines += [f'{skill} {rng.choice(LEVELS)}'.strip() for skill in shown]
    lines.append('Projects')
    for name, description in rng.sample(PROJECTS, k=rng.randint(1, 2)):
        lines.append(f'{name} — {description}')
    return f'candidate-{number}', '\n'.join(lines) + '\n'


async def interview(llm: OfflineLLM, resume: ParsedResume, seed: str, count: int) -> list[tuple[str, str, str]]:
    """(normalized text, skill, difficulty) of every planned question, written as the interview would."""
    asked: list[str] = []
    rows: list[tuple[str, str, str]] = []
    for item in await llm.plan(JOB, resume, count, seed=seed):
        question = await llm.question(item, JOB, resume, asked)
        asked.append(question.text)
        rows.append((normalize_question(question.text), item.skill or '', item.difficulty if item.skill else ''))
    return rows


def overlap(plans: list[list[tuple[str, str, str]]]) -> dict[str, float]:
    shares = []
    identical = 0
    for a, b in itertools.combinations(plans, 2):
        common = len({q for q, _, _ in a} & {q for q, _, _ in b})
        shares.append(common / max(len(a), len(b)))
        identical += {q for q, _, _ in a} == {q for q, _, _ in b}
    return {'mean': round(statistics.fmean(shares), 3), 'max': round(max(shares), 3), 'identical_sets': identical}


async def main(quick: bool) -> dict[str, float]:
    llm = OfflineLLM()
    count = 8 if quick else 10
    candidates = [synthetic_resume(n) for n in range(1, 11)]
    parsed = [(seed, parse_resume(text)) for seed, text in candidates]
    seeded = [await interview(llm, resume, seed, count) for seed, resume in parsed]
    one_seed = [await interview(llm, resume, '', count) for _seed, resume in parsed]

    basic_hard = 0
    nice_on_resume = nice_asked = 0
    for (_seed, resume), rows in zip(parsed, seeded, strict=True):
        basic = {s for s, claim in resume.skill_claims.items() if claim.level == 'basic'}
        basic_hard += sum(1 for _q, skill, difficulty in rows if skill in basic and difficulty == 'hard')
        nice = set(JOB.nice_to_have_skills) & set(resume.skills)
        nice_on_resume += len(nice)
        nice_asked += len(nice & {skill for _q, skill, _d in rows})

    seeded_overlap, same_seed_overlap = overlap(seeded), overlap(one_seed)
    figures: dict[str, float] = {
        'candidates': len(parsed),
        'questions_per_interview': count,
        'pairs': len(parsed) * (len(parsed) - 1) // 2,
        'shared_question_share_mean': seeded_overlap['mean'],
        'shared_question_share_max': seeded_overlap['max'],
        'identical_question_sets': seeded_overlap['identical_sets'],
        'one_seed_shared_share_mean': same_seed_overlap['mean'],
        'one_seed_shared_share_max': same_seed_overlap['max'],
        'basic_claims_asked_hard': basic_hard,
        'nice_to_haves_on_resume_asked_share': round(nice_asked / nice_on_resume, 3) if nice_on_resume else 1.0,
    }
    for n, rows in enumerate(seeded[:3], start=1):
        print(f'candidate {n}:', '; '.join(f'{skill or "-"}/{difficulty or "-"}' for _q, skill, difficulty in rows))
    return figures


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--quick', action='store_true', help='8 questions per interview instead of 10')
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.quick))))
