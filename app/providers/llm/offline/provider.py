"""OfflineLLM: the default LLM provider. Deterministic, no network; labelled 'offline' next to scores.

Scoring runs the packaged sentence-embedding model, so it goes through the bounded local-model pool
(app/providers/local_pool.py) like whisper and piper: never on the event loop, never more model runs
at once than the pool allows. The model loads on the first answer scored.
"""

from __future__ import annotations

from app.languages import current_answer_language, primary
from app.providers.embedding.minilm import MODEL_NAME
from app.providers.embedding.model_files import REINSTALL_HINT, load_manifest, problems
from app.providers.llm.base import Evaluation, GeneratedQuestion, PlanItem, ReportInput, RubricPoint
from app.providers.llm.offline.intl.report import write_report_in_language
from app.providers.llm.offline.intl.scorer import evaluate_in_language
from app.providers.llm.offline.questions import offline_lexicon, write_question
from app.providers.llm.offline.report import write_report
from app.providers.llm.offline.scoring import evaluate_transcript
from app.providers.llm.planning import plan_interview
from app.providers.local_pool import Priority, run_local_at
from app.schemas import JobContext, ParsedResume

FOLLOW_UP_BELOW = 0.5  # ask a follow-up when less than half the rubric was covered


def _evaluate(question: str, rubric: list[RubricPoint], transcript: str, language: str, *,
              skill: str | None = None, duration_seconds: float | None = None) -> Evaluation:
    """The English scorer for English, the multilingual one (intl/) for a language with a lexicon."""
    if offline_lexicon(language) is None:
        return evaluate_transcript(question, rubric, transcript, skill=skill, duration_seconds=duration_seconds)
    return evaluate_in_language(question, rubric, transcript, primary(language), duration_seconds=duration_seconds)


def follow_up_question(question: str, rubric: list[RubricPoint], transcript: str,
                       language: str = 'en') -> str | None:
    """A follow-up on the first missing key point, for answers that engaged but stayed thin."""
    evaluation = _evaluate(question, rubric, transcript, language)
    if not transcript.strip() or evaluation.relevance < 1.0 or evaluation.coverage >= FOLLOW_UP_BELOW:
        return None
    missing = evaluation.missing_points
    if not missing:
        return None
    point = missing[0].rstrip('.')
    point = point[0].lower() + point[1:] if point[:2] != point[:2].upper() else point
    lex = offline_lexicon(language)
    if lex is not None:
        return lex.text('follow_up', point=point)
    return f'Thanks. Could you say more about this point: {point}? How have you dealt with it in practice?'


class OfflineLLM:
    name = 'offline'

    def problem(self) -> str | None:
        """Cheap check for /health: the model files are present with the right sizes (hashes at load)."""
        manifest = load_manifest(MODEL_NAME)
        wrong = problems(manifest, manifest.directory, check_hashes=False)
        return f'scoring model {MODEL_NAME}: ' + '; '.join(wrong) + f' ({REINSTALL_HINT})' if wrong else None

    async def plan(self, job: JobContext, resume: ParsedResume, count: int, *, seed: str = '') -> list[PlanItem]:
        return plan_interview(job, resume, count, seed)

    async def question(
        self, item: PlanItem, job: JobContext, resume: ParsedResume, previous_questions: list[str],
    ) -> GeneratedQuestion:
        return write_question(item, job, resume, previous_questions)

    async def evaluate(
        self, question: str, rubric: list[RubricPoint], transcript: str, *,
        skill: str | None = None, duration_seconds: float | None = None,
    ) -> Evaluation:
        return await run_local_at(  # answer scoring: behind speaking questions
            Priority.BACKGROUND, _evaluate, question, rubric, transcript, current_answer_language(), skill=skill,
            duration_seconds=duration_seconds)

    async def follow_up(self, question: str, rubric: list[RubricPoint], transcript: str) -> str | None:
        return await run_local_at(Priority.BACKGROUND, follow_up_question, question, rubric, transcript,
                                  current_answer_language())

    async def report(self, data: ReportInput) -> str:
        if offline_lexicon(data.job.language) is not None:
            return write_report_in_language(data, primary(data.job.language))
        return write_report(data)
