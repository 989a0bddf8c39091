"""A whole Spanish interview offline, on the real providers, from the application to HR's report (the issue's
"done when"): the candidate applies through the service the apply page calls, the offline interviewer plans
and asks in Spanish, espeak-ng speaks the questions and the candidate's answers, whisper base transcribes them
in Spanish, the multilingual scorer scores them, the report is written in Spanish, and HR's report (what the
report page and GET /api/v1/candidates/{id}/report show) carries it all. No doubles. The room itself in
another language is covered in a browser by tests/browser/test_candidate_languages.py, the quality label on the
job form by tests/browser/test_job_languages.py."""

from __future__ import annotations

import asyncio
import subprocess
import uuid
import wave
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlmodel import select

from app.config import get_settings
from app.db import session_scope
from app.languages import answer_language
from app.models import AnswerStatus, Interview, InterviewStatus, Question
from app.providers.llm.base import RubricPoint
from app.providers.llm.offline.provider import OfflineLLM
from app.providers.stt.multilingual import MultilingualWhisperSTT, bundled_multilingual_path
from app.providers.tts.cache import AudioCache
from app.providers.tts.espeak import EspeakTTS, espeak_path
from app.services.interview.answers import AnswerUpload
from app.services.interview.pipeline import InterviewPipeline, build_pipeline
from app.services.language_support import language_support
from app.services.reports import candidate_report
from tests.support import resumes
from tests.support.factories import apply, make_admin, make_interview, make_job
from tests.support.review_setup import answers_of, load_interview

NO_ESPEAK = 'espeak-ng is not installed (apt-get install espeak-ng)'
pytestmark = [pytest.mark.usefixtures('database'), pytest.mark.skipif(espeak_path() is None, reason=NO_ESPEAK)]

# What the candidate says to each kind of question (spoken by espeak-ng, heard by whisper base).
POSTGRES_ANSWER = ('Primero reviso pg_stat_statements para encontrar las consultas más lentas. Después ejecuto '
                   'explain analyze y leo el plan de ejecución. Si veo un escaneo secuencial en una tabla grande, '
                   'creo un índice compuesto o reescribo la consulta.')
GENERAL_ANSWER = ('Trabajo como ingeniera de software desde hace seis años. En mi último proyecto desarrollé una '
                  'plataforma de pagos y me encargué de la base de datos. Me interesa este puesto porque quiero '
                  'crecer en sistemas de datos.')
IN_ENGLISH = ('I usually start with the slow query log, then I run explain analyze and read the query plan. '
              'If there is a sequential scan on a large table, I add an index.')
OFF_TOPIC = 'Los fines de semana me gusta ir a la playa con mis amigos y comer paella.'
ENGLISH_WORDS = {'the', 'tell', 'what', 'your', 'how', 'and', 'you', 'thanks', 'scored', 'answers'}


@pytest.fixture
async def pipeline(tmp_path: Path) -> AsyncIterator[InterviewPipeline]:
    stt = MultilingualWhisperSTT(str(bundled_multilingual_path()), workers=1, beam_size=5)
    built = build_pipeline(OfflineLLM(), EspeakTTS(AudioCache(tmp_path, 8)), stt, max_attempts=1,
                           base_delay_seconds=0.01, concurrency=1)
    await built.start()
    try:
        yield built
    finally:
        await built.stop()


def load_interview_by_token(token: str) -> Interview:
    with session_scope(read_only=True) as session:
        return session.exec(select(Interview).where(Interview.token == token)).one()


async def _say(text: str, tmp_path: Path) -> AnswerUpload:
    audio = await EspeakTTS(AudioCache(tmp_path / 'answers', 8)).synthesize(text, 'es')
    assert audio is not None
    return AnswerUpload(data=audio.data, mime='audio/wav', upload_key=uuid.uuid4().hex,
                        duration_seconds=audio.duration_seconds)


def _say_in_english(text: str, tmp_path: Path) -> AnswerUpload:
    """espeak-ng's English voice (the interview languages' voice table has no English: piper speaks it)."""
    path = tmp_path / f'{uuid.uuid4().hex}.wav'
    subprocess.run([str(espeak_path()), '-v', 'en-us', '-w', str(path)], input=text.encode(), check=True,
                   timeout=60)
    with wave.open(str(path), 'rb') as wav:
        seconds = wav.getnframes() / wav.getframerate()
    return AnswerUpload(data=path.read_bytes(), mime='audio/wav', upload_key=uuid.uuid4().hex,
                        duration_seconds=seconds)


async def test_a_spanish_interview_runs_offline_from_application_to_hr_report(pipeline: InterviewPipeline,
                                                                             tmp_path: Path) -> None:
    admin = make_admin()
    job = make_job(admin, title='Ingeniera de backend', language='es', question_count=3,
                   must_have_skills=['PostgreSQL'], nice_to_have_skills=[])
    # What the job form shows for Spanish: offline, no "beta" label (Hindi's is checked below).
    support = language_support('es', get_settings())
    assert support.offline and not support.beta and 'human review advised' not in support.summary()
    applied = apply(job, email='lucia@example.com', name='Lucía',
                    data=resumes.pdf_resume(['Lucía Pérez', 'Ingeniera de software', 'PostgreSQL, Python']))
    assert applied.created and applied.token
    interview = load_interview_by_token(applied.token)
    engine = pipeline.engine
    state = await engine.start(interview.token)
    asked: list[str] = []
    while state.question is not None:
        asked.append(state.question.text)
        slow_query = 'consulta lenta' in state.question.text
        await engine.submit_answer(interview.token, state.question.index,
                                   await _say(POSTGRES_ANSWER if slow_query else GENERAL_ANSWER, tmp_path))
        state = await engine.room(interview.token)
    async with asyncio.timeout(600):
        await pipeline.wait_idle()

    # Asked in Spanish, from the Spanish bank, each with spoken audio.
    assert len(asked) == 3 and any('consulta lenta en PostgreSQL' in q for q in asked), asked
    for text in asked:
        assert not set(text.casefold().replace('?', ' ').split()) & ENGLISH_WORDS, text
    with session_scope(read_only=True) as session:
        questions = session.exec(select(Question).where(Question.interview_id == interview.id)).all()
        assert all(q.audio_file for q in questions)
        rubrics = {q.text: [RubricPoint.model_validate(p) for p in q.rubric] for q in questions}
    assert any('índice' in p.point for points in rubrics.values() for p in points)

    done = load_interview(interview.id)
    answers = answers_of(interview.id)
    assert [a.status for a in answers] == [AnswerStatus.scored] * 3, [(a.status, a.error) for a in answers]
    assert done.status == InterviewStatus.completed and done.final_score is not None
    technical = next(a for a, q in zip(answers, asked, strict=True) if 'consulta lenta' in q)
    heard = technical.transcript.casefold()
    assert sum(term in heard for term in ('consultas', 'plan de ejecución', 'índice', 'tabla')) >= 3, heard
    assert (technical.correctness or 0) >= 2.5 and technical.evidence, technical.comment
    assert technical.comment.startswith(('Cubrió', 'Cubrió en parte')), technical.comment

    # The same question scored on an off-topic answer comes out below the spoken answer.
    question = next(text for text in rubrics if 'consulta lenta' in text)
    with answer_language('es'):
        off_topic = await OfflineLLM().evaluate(question, rubrics[question], OFF_TOPIC)
    assert off_topic.correctness < (technical.correctness or 0) and 'no trató' in off_topic.comment

    # HR's report, written in Spanish.
    assert done.report and 'Lucía respondió 3 preguntas' in done.report, done.report
    assert not set(done.report.casefold().split()) & ENGLISH_WORDS, done.report
    with session_scope(read_only=True) as session:
        report = candidate_report(session, admin.organization_id, applied.candidate_id)
    assert report.interview is not None and report.interview.report == done.report
    assert report.interview.effective.final_score == done.final_score
    assert [item.answer.status for item in report.items if item.answer] == [AnswerStatus.scored] * 3
    assert any('índice' in (item.answer.transcript or '') for item in report.items if item.answer)


def test_hindi_is_labelled_beta_where_the_job_form_shows_it() -> None:
    support = language_support('hi', get_settings())
    assert support.offline and support.beta and 'human review advised' in support.summary()


async def test_an_answer_spoken_in_english_in_a_spanish_interview_goes_to_review(
        pipeline: InterviewPipeline, tmp_path: Path) -> None:
    job = make_job(make_admin(), title='Ingeniera de backend', language='es', question_count=3,
                   must_have_skills=['PostgreSQL'], nice_to_have_skills=[])
    interview = make_interview(job, name='Lucía', resume={'skills': ['PostgreSQL'], 'projects': []})
    engine = pipeline.engine
    state = await engine.start(interview.token)
    while state.question is not None:  # the first answer in English, the others in Spanish
        first = state.question.index == 0
        await engine.submit_answer(interview.token, state.question.index, _say_in_english(IN_ENGLISH, tmp_path)
                                   if first else await _say(GENERAL_ANSWER, tmp_path))
        state = await engine.room(interview.token)
    async with asyncio.timeout(600):
        await pipeline.wait_idle()

    english, spanish, _ = answers_of(interview.id)
    # The English answer: transcribed in Spanish as always and kept, not scored, sent to HR with the reason.
    assert english.status == AnswerStatus.needs_review, (english.status, english.error, english.transcript)
    assert english.transcript and english.stt_language == 'en'
    reason = english.review_reason or ''
    assert reason.startswith('Spoken in English, the interview is in Spanish'), reason
    assert english.correctness is None
    print('english answer held:', reason)
    # The Spanish answer to the same interview is scored as usual.
    assert spanish.status == AnswerStatus.scored, (spanish.status, spanish.review_reason, spanish.transcript)
    assert spanish.stt_language == 'es' and spanish.correctness is not None
    assert load_interview(interview.id).needs_review
