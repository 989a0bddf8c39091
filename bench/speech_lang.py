"""Word error rate of the offline speech path per interview language: espeak-ng speaks, whisper base hears.

    python bench/speech_lang.py [--quick] [--languages es,hi]

For each language, the competent answers of the graded set (bench/scoring_lang_set/<code>.json) are
spoken by espeak-ng and transcribed by the multilingual whisper base model in that language (beam 5, as
the app runs it). WER is word-level edit distance over the reference's word count, on words normalised
the way the scorer sees them (case and, for Latin scripts, accents folded; punctuation dropped).
espeak-ng's formant voice is harder to hear than a person, so these are pessimistic for clear speech but
compare the languages fairly. Each transcript is then scored against its question (the round trip): how
many of the heard answers score above the typed off-topic and weak answers. Also the real-time factor.
Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SET = ROOT / 'bench' / 'scoring_lang_set'

from app.providers.llm.offline.bank import question_bank  # noqa: E402
from app.providers.llm.offline.intl.lexicon import lexicon  # noqa: E402
from app.providers.llm.offline.intl.scorer import evaluate_in_language  # noqa: E402
from bench.scoring_lang import answer_score  # noqa: E402


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (r != h))
    return row[-1]


async def run(codes: list[str], quick: bool) -> dict[str, Any]:
    from app.providers.stt.multilingual import MultilingualWhisperSTT, bundled_multilingual_path
    from app.providers.tts.cache import AudioCache
    from app.providers.tts.espeak import EspeakTTS, espeak_path

    if espeak_path() is None:
        raise SystemExit('espeak-ng is not installed (apt-get install espeak-ng)')
    stt = MultilingualWhisperSTT(str(bundled_multilingual_path()), workers=1, beam_size=5)
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tts = EspeakTTS(AudioCache(Path(tmp), 64))
        for code in codes:
            lex = lexicon(code)
            data = json.loads((SET / f'{code}.json').read_text(encoding='utf-8'))
            items = data['questions'][:2 if quick else None]
            texts = [q['answers']['competent'] for q in items]
            above_off_topic = above_weak = 0
            errors = words = 0
            audio_s = stt_s = 0.0
            samples = []
            for n, text in enumerate(texts):
                audio = await tts.synthesize(text, code)
                assert audio is not None, f'no espeak-ng voice for {code}'
                path = Path(tmp) / f'{code}-{n}.wav'
                path.write_bytes(audio.data)
                start = time.perf_counter()
                heard = (await stt.transcribe(path, language=code)).text
                stt_s += time.perf_counter() - start
                audio_s += audio.duration_seconds
                ref, hyp = lex.words(text), lex.words(heard)
                errors += edit_distance(ref, hyp)
                words += len(ref)
                samples.append(heard)
                question = question_bank(code).for_skill(items[n]['skill'], 'medium')[0]

                heard_score, off_topic, weak = (
                    answer_score(evaluate_in_language(question.text, list(question.rubric), answer, code))
                    for answer in (heard, items[n]['answers']['off_topic'], items[n]['answers']['weak']))
                above_off_topic += heard_score > off_topic
                above_weak += heard_score > weak
            out[code] = {'wer': round(errors / words, 3), 'words': words, 'rtf': round(stt_s / audio_s, 3),
                         'heard_above_off_topic': f'{above_off_topic}/{len(texts)}',
                         'heard_above_weak': f'{above_weak}/{len(texts)}'}
            print(code, json.dumps(out[code]), samples[0][:300], file=sys.stderr)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--quick', action='store_true')
    parser.add_argument('--languages', default='es,de,fr,hi')
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run([c for c in args.languages.split(',') if c], args.quick))))


if __name__ == '__main__':
    main()
