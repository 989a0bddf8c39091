"""What the Gemini and OpenAI-compatible providers share: prompts, retries and output validation.

A subclass only implements `_attempt`: send one request, return the parsed wire model or raise an
Attempt* failure. Everything here runs inside each attempt, so a semantically invalid answer (a
repeated question, a plan that changes the skeleton, a report of the wrong length) is retried like
malformed JSON, and after the last attempt becomes ProviderInvalidOutput — never a stored value.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from difflib import SequenceMatcher
from typing import Any, TypeVar

from pydantic import BaseModel

from app.providers.llm.base import Evaluation, EvidenceItem, GeneratedQuestion, PlanItem, ReportInput, RubricPoint
from app.providers.llm.offline.injection import flagged_regions
from app.providers.llm.offline.questions import normalize_question
from app.providers.llm.offline.scoring import empty_evaluation
from app.providers.llm.planning import plan_interview
from app.providers.llm.prompts import Prompt, build_prompt
from app.providers.llm.wire import WireEvaluation, WireFollowUp, WirePlan, WireQuestion, WireReport
from app.providers.retry import AttemptInvalidOutput, RetryPolicy, call_with_retries
from app.schemas import JobContext, ParsedResume
from app.skills import canonical_skill

M = TypeVar('M', bound=BaseModel)
R = TypeVar('R')

REPORT_WORDS = (120, 320)  # asked for 150–250; models miss word counts by a little, not by half


_SENTENCE_BREAK = re.compile(r'(?<=[.!?;])\s+|\n+')


def strip_evaluator_instructions(transcript: str) -> str:
    """The transcript without sentences addressed to the evaluator (defence in depth for remote models).

    Whole sentences are kept with their own punctuation: the evaluator (and the offline scorer behind
    the fakes) reads sentence boundaries, and a run-on transcript reads as a different answer. The
    instructions are found over the whole transcript, so one split over two sentences goes as a whole.
    """
    regions = flagged_regions(transcript)
    kept, position = [], 0
    for piece in _SENTENCE_BREAK.split(transcript):
        start = transcript.find(piece, position)
        position = start + len(piece)
        if piece.strip() and not any(start < end and begin < position for begin, end in regions):
            kept.append(piece.strip())
    return ' '.join(kept)


def verbatim_quote(transcript: str, quote: str) -> str | None:
    """The transcript's own text for `quote` (case and spacing forgiven), or None if it is not there."""
    quote = quote.strip().strip('"“”').strip()
    if not quote:
        return None
    if quote in transcript:
        return quote
    words = [re.escape(w) for w in quote.split()]
    match = re.search(r'\s+'.join(words), transcript, re.IGNORECASE)
    return match.group(0) if match else None


def _rubric_point(name: str, rubric: list[RubricPoint]) -> str | None:
    wanted = normalize_question(name)
    best, best_ratio = None, 0.0
    for point in rubric:
        ratio = SequenceMatcher(None, wanted, normalize_question(point.point)).ratio()
        if ratio > best_ratio:
            best, best_ratio = point.point, ratio
    return best if best_ratio >= 0.8 else None


class RemoteLLM:
    name = 'remote'

    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy

    async def _attempt(self, prompt: Prompt, schema: type[M]) -> M:
        raise NotImplementedError

    async def _ask(self, task: str, data: dict[str, Any], schema: type[M], check: Callable[[M], R]) -> R:
        prompt = build_prompt(task, data)

        async def attempt() -> R:
            return check(await self._attempt(prompt, schema))

        return await call_with_retries(self.name, attempt, self.policy)

    async def aclose(self) -> None:
        return None

    async def plan(self, job: JobContext, resume: ParsedResume, count: int, *, seed: str = '') -> list[PlanItem]:
        skeleton = plan_interview(job, resume, count, seed)

        def check(out: WirePlan) -> list[PlanItem]:
            if len(out.items) != len(skeleton):
                raise AttemptInvalidOutput(f'plan has {len(out.items)} items, expected {len(skeleton)}')
            refined: list[PlanItem] = []
            for want, got in zip(skeleton, out.items, strict=True):
                if got.type != want.type or canonical_skill(got.skill or '') != canonical_skill(want.skill or ''):
                    raise AttemptInvalidOutput('plan changed the type or skill of an item')
                # A project's focus is its name, which question() looks up in the resume: keep it exact.
                focus = want.focus if want.type == 'project' else (' '.join(got.focus.split()) or want.focus)
                refined.append(want.model_copy(update={'focus': focus}))
            return refined

        data = {'job': job.model_dump(), 'resume': resume.model_dump(),
                'skeleton': [item.model_dump() for item in skeleton]}
        return await self._ask('plan', data, WirePlan, check)

    async def question(
        self, item: PlanItem, job: JobContext, resume: ParsedResume, previous_questions: list[str],
    ) -> GeneratedQuestion:
        previous = [normalize_question(q) for q in previous_questions]

        def check(out: WireQuestion) -> GeneratedQuestion:
            text = normalize_question(out.text)
            if any(text == p or SequenceMatcher(None, text, p).ratio() >= 0.9 for p in previous):
                raise AttemptInvalidOutput('the question repeats one already asked')
            return GeneratedQuestion(
                text=' '.join(out.text.split()),
                rubric=[RubricPoint(point=p.point.strip(), synonyms=[s.strip() for s in p.synonyms if s.strip()])
                        for p in out.rubric])

        data = {'item': item.model_dump(), 'job': job.model_dump(), 'resume': resume.model_dump(),
                'previous_questions': previous_questions}
        return await self._ask('question', data, WireQuestion, check)

    async def evaluate(
        self, question: str, rubric: list[RubricPoint], transcript: str, *,
        skill: str | None = None, duration_seconds: float | None = None,
    ) -> Evaluation:
        if not transcript.strip():
            return empty_evaluation(rubric)  # nothing to judge: no call, and never a made-up score
        clean = await asyncio.to_thread(strip_evaluator_instructions, transcript)
        if not clean.strip():
            return empty_evaluation(rubric, injected=True)

        def check(out: WireEvaluation) -> Evaluation:
            evidence: list[EvidenceItem] = []
            for item in out.evidence:
                quote = verbatim_quote(transcript, item.quote)
                point = _rubric_point(item.point, rubric)
                if quote and point:  # a quote the candidate never said is not evidence
                    evidence.append(EvidenceItem(point=point, quote=quote))
            matched = list(dict.fromkeys(p for name in out.matched_points if (p := _rubric_point(name, rubric))))
            return Evaluation(
                correctness=out.correctness, depth=out.depth, clarity=out.clarity, relevance=out.relevance,
                evidence=evidence, matched_points=matched,
                missing_points=[p.point for p in rubric if p.point not in matched],
                comment=' '.join(out.comment.split()),
                coverage=round(len(matched) / len(rubric), 3) if rubric else 0.0,
            )

        data = {'question': question, 'rubric': [p.model_dump() for p in rubric], 'skill': skill,
                'transcript': clean, 'duration_seconds': duration_seconds}
        return await self._ask('evaluate', data, WireEvaluation, check)

    async def follow_up(self, question: str, rubric: list[RubricPoint], transcript: str) -> str | None:
        if not transcript.strip():
            return None
        clean = await asyncio.to_thread(strip_evaluator_instructions, transcript)

        def check(out: WireFollowUp) -> str | None:
            text = ' '.join(out.question.split())
            if not out.ask:
                return None
            if len(text) < 5:
                raise AttemptInvalidOutput('follow-up requested without a question')
            return text

        data = {'question': question, 'rubric': [p.model_dump() for p in rubric], 'transcript': clean}
        return await self._ask('follow_up', data, WireFollowUp, check)

    async def report(self, data: ReportInput) -> str:
        def check(out: WireReport) -> str:
            text = ' '.join(out.report.split())
            words = len(text.split())
            if not REPORT_WORDS[0] <= words <= REPORT_WORDS[1]:
                raise AttemptInvalidOutput(f'report has {words} words')
            return text

        return await self._ask('report', data.model_dump(), WireReport, check)
