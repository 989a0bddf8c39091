"""Counterfactual fairness: the same recorded answers, given by candidates who differ only in name, email
and the personal details of their resume (and in their self-identification), get identical questions,
scores and recommendations; what the scorer is given holds no name, email or self-identification; and
nothing of the self-identification reaches a remote model."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from app.db import session_scope
from app.models import Answer, Question
from app.providers.llm.base import Evaluation, RubricPoint
from app.providers.llm.offline.provider import OfflineLLM
from app.providers.llm.openai_compat import OpenAICompatibleLLM
from app.providers.llm.prompts import extract_data
from app.services import self_identification
from app.services.interview.pipeline import build_pipeline
from app.services.self_identification import RACE_LABELS
from tests.providers.conftest import fast_settings
from tests.support.engine_doubles import ScriptedTTS, TextSTT
from tests.support.engine_setup import Rig, spoken
from tests.support.factories import make_admin, make_interview, make_job
from tests.support.fakes import FakeServers, start_fakes
from tests.support.review_setup import load_interview

pytestmark = pytest.mark.usefixtures('database')


@dataclass(frozen=True)
class Persona:
    name: str
    email: str
    education: str
    link: str
    sex: str
    race: str


PERSONAS = [
    Persona('Emily Walsh', 'emily.walsh@example.com', 'BSc Computer Science, University of Vermont',
            'https://linkedin.com/in/emilywalsh', 'female', 'white'),
    Persona('Lakisha Washington', 'lakisha.washington@example.net', 'BSc Computer Science, Spelman College',
            'https://linkedin.com/in/lakishawashington', 'female', 'black'),
    Persona('José Hernández', 'jose.hernandez@example.org', 'Ingeniería de Sistemas, Universidad de los Andes',
            'https://linkedin.com/in/josehernandez', 'male', 'hispanic_latino'),
    Persona('Wei Zhang', 'wei.zhang@example.cn', 'BEng Software Engineering, Tsinghua University',
            'https://linkedin.com/in/weizhang', 'male', 'asian'),
    Persona('Keoni Kahananui', 'keoni.k@example.com', 'BS Information Systems, University of Hawaii',
            'https://linkedin.com/in/keonikahananui', 'declined', 'pacific_islander'),
]
# Job-relevant content is the same for everyone; only personal details differ.
SHARED_RESUME: dict[str, Any] = {'skills': ['Python', 'PostgreSQL', 'Docker'], 'experience_years': 4,
                                 'projects': [{'name': 'Ledger service', 'description': 'payments ledger in Python'}]}
ANSWERS = [
    'I have spent four years building Python services and I enjoy database work.',
    'I would add an index on the filtered columns, check the plan with explain analyze, and batch the writes.',
    'Use a transaction with the right isolation level so concurrent updates do not lose data.',
    'In the ledger service I designed idempotent payment handlers and replayed events to rebuild balances.',
    'I would containerise it with Docker, keep the image small and pin the dependencies.',
]


class RecordingLLM(OfflineLLM):
    """The real offline interviewer and scorer, keeping every evaluate() input and the plan's seed.

    Each candidate's questions are drawn with a seed (so answers cannot be memorised from the bank); the
    seed comes from the candidate's row id, never from who they are. The test records it, checks it holds
    nothing personal, and plans every persona with one fixed seed so their interviews can be compared.
    """

    def __init__(self) -> None:
        self.evaluate_inputs: list[dict[str, Any]] = []
        self.seeds: list[str] = []

    async def plan(self, job: Any, resume: Any, count: int, *, seed: str = '') -> Any:
        self.seeds.append(seed)
        return await super().plan(job, resume, count, seed='counterfactual')

    async def evaluate(self, question: str, rubric: list[RubricPoint], transcript: str, *,
                       skill: str | None = None, duration_seconds: float | None = None) -> Evaluation:
        self.evaluate_inputs.append({'question': question, 'rubric': [p.model_dump() for p in rubric],
                                     'transcript': transcript, 'skill': skill, 'duration_seconds': duration_seconds})
        return await super().evaluate(question, rubric, transcript, skill=skill, duration_seconds=duration_seconds)


async def _interview(llm: Any, persona: Persona, job: Any) -> int:
    """One persona answers every question with ANSWERS, states their self-identification at the end (before
    scoring has finished), and the result is awaited. Returns the interview id."""
    rig = Rig(llm, ScriptedTTS(), TextSTT(), build_pipeline(llm, ScriptedTTS(), TextSTT(), max_attempts=2,
                                                            base_delay_seconds=0.01, concurrency=2))
    engine = rig.engine
    await rig.pipeline.start()
    try:
        resume = {**SHARED_RESUME, 'education': [persona.education], 'links': [persona.link]}
        interview = make_interview(job, name=persona.name, email=persona.email, resume=resume)
        state = await engine.start(interview.token)
        while state.question is not None:
            await engine.submit_answer(interview.token, state.question.index, spoken(ANSWERS[state.question.index]))
            state = await engine.room(interview.token)
        with session_scope() as session:
            self_identification.save_answers(session, interview.token,
                                             {'sex': persona.sex, 'race_ethnicity': persona.race})
        await rig.wait_idle()
    finally:
        await rig.pipeline.stop()
    return interview.id or 0


def _result(interview_id: int) -> tuple[Any, ...]:
    interview = load_interview(interview_id)
    with session_scope(read_only=True) as session:
        rows = session.exec(select(Question.text, Answer.correctness, Answer.depth, Answer.clarity, Answer.relevance,
                                   Answer.matched_points).join(Answer, col(Answer.question_id) == col(Question.id))
                            .where(Question.interview_id == interview_id).order_by(col(Question.index))).all()
    return interview.final_score, interview.recommendation, [tuple(r) for r in rows]


def _identity_strings(persona: Persona) -> list[str]:
    return [persona.name, *persona.name.split(), persona.email, persona.email.split('@')[0], persona.education,
            persona.link, RACE_LABELS[persona.race]]


async def test_same_answers_same_scores_whoever_gives_them() -> None:
    job = make_job(make_admin(), question_count=len(ANSWERS))
    results, inputs = [], []
    for persona in PERSONAS:
        llm = RecordingLLM()
        results.append(_result(await _interview(llm, persona, job)))
        inputs.append(llm.evaluate_inputs)
        scoring_input = json.dumps(llm.evaluate_inputs, ensure_ascii=False)
        for secret in _identity_strings(persona):
            assert secret not in scoring_input, f'{secret!r} was given to the scorer'
            assert all(secret not in seed for seed in llm.seeds), f'{secret!r} shaped the question draw'
    final_score, recommendation, answers = results[0]
    assert final_score is not None and recommendation is not None and len(answers) == len(ANSWERS)
    assert all(result == results[0] for result in results), results
    # The scorer saw exactly the same things every time (in any order: two answers are scored at once).
    seen = [sorted(json.dumps(call, sort_keys=True, ensure_ascii=False) for call in batch) for batch in inputs]
    assert all(batch == seen[0] for batch in seen)


@pytest.fixture
def fake() -> Iterator[FakeServers]:
    with start_fakes() as servers:
        yield servers


async def test_self_identification_never_reaches_a_remote_model(fake: FakeServers, tmp_path: Path) -> None:
    job = make_job(make_admin(), question_count=3)
    # The fake model answers with the offline scorer, whose sentence model loads on the first call (seconds
    # on a busy machine): fast_settings' 0.5 s timeout failed every answer when this test ran first.
    llm = OpenAICompatibleLLM(fast_settings(fake, tmp_path, llm_provider='openai', provider_timeout_seconds=30))
    try:
        for persona in PERSONAS[:3]:
            await _interview(llm, persona, job)
    finally:
        await llm.aclose()
    bodies = [json.loads(request.body) for request in fake.openai.requests]
    tasks = [extract_data(body['messages'][-1]['content']) for body in bodies]
    assert sum(1 for data in tasks if 'duration_seconds' in data) >= 3 * 3  # every answer was scored remotely
    assert sum(1 for data in tasks if 'candidate_name' in data) == 3  # and every report written remotely
    sent = json.dumps(bodies, ensure_ascii=False)
    for label in ('Black or African American', 'Hispanic or Latino', 'White', 'Female', 'female', 'Prefer not',
                  'hispanic_latino', 'declined', 'race_ethnicity', 'self_ident'):
        assert label not in sent, f'{label!r} was sent to the model'
    scoring = json.dumps([data for data in tasks if 'duration_seconds' in data], ensure_ascii=False)
    for persona in PERSONAS[:3]:
        for secret in _identity_strings(persona):
            assert secret not in scoring, f'{secret!r} was sent with an answer to score'

