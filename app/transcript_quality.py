"""Is a transcript good enough to score as what the candidate said?

Whisper invents text where it hears none or is unsure: the closings of video subtitles it was
trained on ("Thank you for watching", "See you in the next video") and loops of one phrase. The
tiny model with a skill prompt wrote "We'll see you in the next video" after a real answer.
Scoring such text as said gives a candidate credit or blame for words they never spoke, and
"no speech detected" scored 0 penalised a quiet microphone. So:

- known hallucinated sentences and repeated loops are removed from the transcript (`clean`);
- an answer with no speech, mostly invented text, or low recognition confidence is not scored:
  it goes to HR for review with the reason (`review_reason`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.languages import LANGUAGES, primary
from app.providers.stt.base import Transcription

# Said by no candidate in an interview answer; written by whisper from its subtitle training data.
KNOWN_HALLUCINATIONS = (
    'thank you for watching', 'thanks for watching', 'see you in the next video', 'see you next time',
    'please subscribe', 'like and subscribe', 'subscribe to my channel', 'subtitles by',
    'transcribed by', 'thank you for watching this video', 'see you in the next one', "i'll see you next time",
    'captions by', 'amara.org',
)
MIN_AVG_LOGPROB = -1.0  # whisper's own threshold for "this decode failed" (its temperature fallback)
MAX_NO_SPEECH_PROB = 0.6  # whisper's "not speech" threshold
MIN_LANGUAGE_PROBABILITY = 0.8  # default of LANGUAGE_MISMATCH_PROBABILITY (app/config.py)
MIN_FOREIGN_SCRIPT_SHARE = 0.5  # of an English answer's letters, written in a script other than Latin
MAX_INVENTED_SHARE = 0.5  # of the transcript's words
MIN_LOOP_REPEATS = 3  # the same phrase this many times in a row is a decoding loop
_SENTENCE = re.compile(r'[^.!?]+[.!?]*')


@dataclass(frozen=True)
class Cleaned:
    text: str
    invented_words: int  # words removed as hallucinated
    total_words: int  # words before cleaning

    @property
    def invented_share(self) -> float:
        return self.invented_words / self.total_words if self.total_words else 0.0


def clean(text: str) -> Cleaned:
    """The transcript without known hallucinated sentences and with phrase loops said once."""
    total = len(text.split())
    kept: list[str] = []
    for sentence in _SENTENCE.findall(text):
        if sentence.strip() and not _is_hallucination(sentence):
            kept.append(sentence.strip())
    out = _collapse_loops(' '.join(kept))
    return Cleaned(out, total - len(out.split()), total)


def review_reason(result: Transcription, cleaned: Cleaned, language: str = 'en', *,
                  min_language_probability: float = MIN_LANGUAGE_PROBABILITY) -> str | None:
    """Why this answer must be reviewed by a person before it is scored, or None to score it.

    `language` is the interview's: an answer the model heard, with at least `min_language_probability`,
    in another language would be scored as off-topic nonsense."""
    if result.speech_detected is False or (not cleaned.text.strip() and not cleaned.invented_words):
        level = f' (loudest sound {result.peak_dbfs:.0f} dBFS)' if result.peak_dbfs is not None else ''
        return (f'No speech detected in the recording{level}. Listen to it: the microphone may have been '
                'muted or too quiet. Correct the transcript to score it.')
    if cleaned.invented_share >= MAX_INVENTED_SHARE:
        return (f'{cleaned.invented_words} of {cleaned.total_words} transcribed words looked invented by speech '
                'recognition ("See you in the next video", repeated phrases). Listen to the recording and '
                'correct the transcript to score it.')
    mismatch = _language_mismatch(result, cleaned.text, language, min_language_probability)
    if mismatch:
        return mismatch
    if result.avg_logprob is not None and result.avg_logprob < MIN_AVG_LOGPROB:
        return (f'Speech recognition was unsure of this transcript (confidence {result.confidence or 0:.0%}). '
                'Listen to the recording and correct the transcript to score it.')
    if result.no_speech_prob is not None and result.no_speech_prob > MAX_NO_SPEECH_PROB:
        return ('Speech recognition judged most of this recording not to be speech. Listen to it and correct '
                'the transcript to score it.')
    return None


def _language_mismatch(result: Transcription, text: str, language: str, min_probability: float) -> str | None:
    asked = LANGUAGES.get(primary(language), language)
    spoken = primary(result.spoken_language) if result.spoken_language else None
    if spoken and spoken != primary(language) and (result.spoken_language_probability or 0) >= min_probability:
        heard = LANGUAGES.get(spoken, spoken)
        return (f'Spoken in {heard}, the interview is in {asked} (language detection '
                f'{result.spoken_language_probability:.0%} sure). Listen to the recording; correct or translate '
                'the transcript to score it.')
    if spoken is None and primary(language) == 'en':
        # English models (tiny.en) cannot detect a language; a transcript mostly in another script was not
        # English speech. A Latin-script language (Spanish said to tiny.en) is not caught by this.
        script = foreign_script(text)
        if script:
            return (f'The transcript is mostly in {script} script, the interview is in English. Listen to the '
                    'recording; correct or translate the transcript to score it.')
    return None


def foreign_script(text: str) -> str | None:
    """The script most of the text's letters are written in ('Devanagari'), when that is not Latin."""
    scripts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            script = unicodedata.name(char, 'UNKNOWN').split()[0]
            scripts[script] = scripts.get(script, 0) + 1
    letters = sum(scripts.values())
    if not letters:
        return None
    top = max(scripts, key=lambda script: scripts[script])
    if top == 'LATIN' or (letters - scripts.get('LATIN', 0)) / letters < MIN_FOREIGN_SCRIPT_SHARE:
        return None
    return top.title()


def _is_hallucination(sentence: str) -> bool:
    return _only_phrases(' '.join(re.sub(r"[^a-z.' ]", ' ', sentence.lower()).split()))


def _only_phrases(text: str) -> bool:
    """A sentence made of nothing but known hallucinated phrases ('see you in the next video see you …')."""
    rest = text
    for phrase in sorted(KNOWN_HALLUCINATIONS, key=len, reverse=True):
        rest = rest.replace(phrase, ' ')
    leftover = [w for w in rest.replace('.', ' ').split() if w not in ("we'll", 'and', 'so', 'bye', 'okay')]
    return rest != text and not leftover


def _collapse_loops(text: str) -> str:
    """'with the with the with the' → 'with the': a phrase of 1–6 words repeated ≥ 3 times in a row."""
    words = text.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(6, 0, -1):
            phrase = [w.lower().strip(',.') for w in words[i:i + size]]
            if len(phrase) < size:
                continue
            repeats = 1
            while [w.lower().strip(',.') for w in words[i + repeats * size:i + (repeats + 1) * size]] == phrase:
                repeats += 1
            if repeats >= MIN_LOOP_REPEATS:
                out.extend(words[i:i + size])
                i += repeats * size
                break
        else:
            out.append(words[i])
            i += 1
    return ' '.join(out)
