"""Invented text is removed; answers without speech, mostly invented or unsure go to HR, not to a score."""

from __future__ import annotations

from app.providers.stt.base import Transcription
from app.transcript_quality import clean, foreign_script, review_reason

ANSWER = 'I would read the plan with EXPLAIN ANALYZE and add an index on the orders table.'


def test_a_video_closing_after_a_real_answer_is_removed() -> None:
    cleaned = clean(f"{ANSWER} We'll see you in the next video, see you in the next video.")
    assert cleaned.text == ANSWER
    assert cleaned.invented_words == 13
    assert review_reason(Transcription(text=ANSWER, speech_detected=True, avg_logprob=-0.3), cleaned) is None


def test_a_phrase_loop_is_said_once() -> None:
    assert clean('we use the index the index the index the index for lookups').text == \
        'we use the index for lookups'
    assert clean('I checked it twice, twice.').text == 'I checked it twice, twice.'  # two is speech, not a loop


def test_no_speech_goes_to_review_not_to_a_zero() -> None:
    silent = Transcription(text='', speech_detected=False, peak_dbfs=-62.0)
    reason = review_reason(silent, clean(''))
    assert reason is not None and 'No speech detected' in reason and '-62 dBFS' in reason


def test_mostly_invented_transcript_goes_to_review() -> None:
    text = 'Thank you for watching. Please subscribe. See you in the next video.'
    cleaned = clean(text)
    assert cleaned.text == ''
    reason = review_reason(Transcription(text=text, speech_detected=True, avg_logprob=-0.4), cleaned)
    assert reason is not None and 'invented' in reason


def test_low_confidence_goes_to_review() -> None:
    unsure = Transcription(text=ANSWER, speech_detected=True, avg_logprob=-1.4, confidence=0.25)
    reason = review_reason(unsure, clean(ANSWER))
    assert reason is not None and 'unsure' in reason and '25%' in reason


def test_thanking_the_interviewer_is_speech() -> None:
    said = 'Thank you for the question. I would add an index.'
    assert clean(said).text == said


def test_an_answer_in_another_language_goes_to_review() -> None:
    said = 'Usaría EXPLAIN ANALYZE para leer el plan de la consulta.'
    heard = Transcription(text=said, speech_detected=True, avg_logprob=-0.3, spoken_language='es',
                          spoken_language_probability=0.97)
    reason = review_reason(heard, clean(said), 'en')
    assert reason is not None and reason.startswith('Spoken in Spanish, the interview is in English (')
    assert '97% sure' in reason
    assert review_reason(heard, clean(said), 'es-MX') is None
    unsure = heard.model_copy(update={'spoken_language_probability': 0.5})
    assert review_reason(unsure, clean(said), 'en') is None


def test_the_mismatch_threshold_is_the_setting() -> None:
    said = 'I would add an index.'
    heard = Transcription(text=said, speech_detected=True, avg_logprob=-0.3, spoken_language='en',
                          spoken_language_probability=0.85)
    assert review_reason(heard, clean(said), 'es') is not None  # default 0.8
    assert review_reason(heard, clean(said), 'es', min_language_probability=0.9) is None


def test_an_english_job_transcript_mostly_in_another_script_goes_to_review() -> None:
    said = 'मैं पहले query plan देखता हूँ और फिर index जोड़ता हूँ'
    assert foreign_script(said) == 'Devanagari'
    reason = review_reason(Transcription(text=said, speech_detected=True, avg_logprob=-0.3), clean(said), 'en')
    assert reason is not None and 'Devanagari script' in reason and 'English' in reason
    # Accented Latin letters and a few borrowed words are not another script; a Spanish job is not checked.
    assert foreign_script('Usaría un índice en la tabla de pedidos') is None
    assert foreign_script(f'{ANSWER} (インデックス)') is None
    assert review_reason(Transcription(text=said, speech_detected=True, avg_logprob=-0.3), clean(said), 'hi') is None
