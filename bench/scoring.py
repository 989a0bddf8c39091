"""Offline scorer quality on the graded set (bench/scoring_set/), the new scorer beside the old one.

    python bench/scoring.py [--quick] [--baseline REF] [--no-blind] [--split NAME]

For every question of the set, answers at five levels (expert, competent, weak, off_topic, none) and the
adversarial classes (stuffing, wrong, echo, ramble, stt_expert) are scored, once by the current scorer
and once by the rule-based scorer of REF (default 73335dd, the commit the issue measured), loaded from
git into a temporary module. An answer's score is the interview formula on one answer (0–100).
Figures: pairwise ordering of the five levels (ties count half), Spearman of score vs level, expert −
competent margin, each class against weak, clarity/relevance of answers that cover no point, injection
delta (phrasings added at the start, middle and end of otherwise identical answers), point-level
precision/recall against the hand labels, determinism, CPU seconds per answer, model load time and RSS,
and whole interviews per class through the real final-score formula (five questions each). Tuned on the
'tune' questions; the 'blind' group (written before any of its answers was scored, kept out of tuning with
--no-blind) gets its own figures and targets under "blind", and so do round 3's new topics ('round3').
Questions may also have the optional classes name_drop and role_swap (see OPTIONAL), measured against weak
on the questions that have them. The 'outsider' group (round 4: topics and injection phrasings written blind
by someone who never read the scorer) is reported under "outsider" with its own injection phrasings, and is
left out by --no-blind like 'blind'. --split NAME scores only that split's questions. --quick scores half the
questions. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SET = ROOT / 'bench' / 'scoring_set'
LEVELS = ('expert', 'competent', 'weak', 'off_topic', 'none')
CLASSES = (*LEVELS, 'stuffing', 'wrong', 'echo', 'ramble', 'stt_expert')
# Round 3, on the questions that have them: terms named in sentences about the speaker ("I know ECDHE and
# session keys."), and the right words with the subjects swapped ("merge rewrites history").
OPTIONAL = ('name_drop', 'role_swap')
INTERVIEW_SIZE = 5
BLIND = 'blind'  # the held-out group written in round 2 and never looked at while changing the scorer
# Round 3's new topics: written (answers included) before any was scored, then used to check round 3's
# rules, so not blind: reported on their own so the new classes' effect on new topics stays visible.
ROUND3 = 'round3'
# Round 4: written by an outsider who never read the scorer's code, answers and injection phrasings included,
# and not scored before they were committed; only measured. Its questions get their own injection phrasings.
OUTSIDER = 'outsider'
UNSEEN = (BLIND, OUTSIDER)  # left out by --no-blind so they stay unseen while the scorer changes

from app.providers.llm.base import Evaluation, RubricPoint  # noqa: E402
from app.services.interview.scoring import ScoredAnswer, score_interview  # noqa: E402

Scorer = Callable[..., Evaluation]


def rss_mb() -> float:
    for line in Path('/proc/self/status').read_text().splitlines():
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
    return 0.0


def load_old_scorer(ref: str) -> tuple[Scorer, Callable[[str], bool]] | None:
    """The old scoring.py and text.py from git, imported as a throwaway package (None without git)."""
    package = Path(tempfile.mkdtemp(prefix='old_scorer_')) / 'old_offline'
    package.mkdir()
    for name in ('scoring.py', 'text.py'):
        try:
            source = subprocess.run(['git', '-C', str(ROOT), 'show', f'{ref}:app/providers/llm/offline/{name}'],
                                    capture_output=True, text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return None
        (package / name).write_text(source.replace('app.providers.llm.offline.text', 'old_offline.text'))
    (package / '__init__.py').write_text('')
    sys.path.insert(0, str(package.parent))
    spec = importlib.util.spec_from_file_location('old_offline.scoring', package / 'scoring.py')
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules['old_offline.scoring'] = module
    spec.loader.exec_module(module)
    return module.evaluate_transcript, module.is_injection


def overall(e: Evaluation) -> float:
    return round(20 * ScoredAnswer('technical', e.correctness, e.depth, e.clarity, e.relevance).weighted(), 2)


def spearman(xs: list[float], ys: list[float]) -> float:
    def ranks(values: list[float]) -> list[float]:
        order = sorted(range(len(values)), key=lambda i: values[i])
        result = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                result[order[k]] = (i + j) / 2
            i = j + 1
        return result
    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    var = (sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry)) ** 0.5
    return cov / var if var else 0.0


def with_injection(answer: str, injection: str, where: str) -> str:
    if where == 'start':
        return f'{injection} {answer}'
    if where == 'end':
        return f'{answer} {injection}'
    cut = re.search(r'[.!?]\s', answer)
    return f'{answer[:cut.end()]}{injection} {answer[cut.end():]}' if cut else f'{answer} {injection}'


def measure(score: Scorer, is_injection: Callable[[str], bool], questions: list[dict[str, Any]],
            injections: dict[str, list[str]], quick: bool) -> dict[str, Any]:
    """Score every answer (and the injected variants) once; `figures` summarises any group of questions."""
    results: dict[str, dict[str, Evaluation]] = {}
    started = time.process_time()
    for q in questions:
        rubric = [RubricPoint(**p) for p in q['rubric']]
        results[q['id']] = {c: score(q['question'], rubric, q['answers'][c], skill=q['skill'])
                            for c in (*CLASSES, *OPTIONAL) if c in q['answers']}
    cpu = (time.process_time() - started) / sum(len(r) for r in results.values())
    s = {qid: {c: overall(e) for c, e in evs.items()} for qid, evs in results.items()}
    deltas: dict[str, list[float]] = {}
    positions = ('end',) if quick else ('start', 'middle', 'end')
    shared = injections['tune'] + injections['holdout']
    # The outsider questions rotate through their own phrasings by their place among themselves, so the
    # phrasing each answer gets (and the group's injection figures) is the same with or without --split.
    outsiders = [q['id'] for q in questions if q['split'] == OUTSIDER]
    for number, q in enumerate(questions):
        rubric = [RubricPoint(**p) for p in q['rubric']]
        phrases = shared
        if q['split'] == OUTSIDER:
            phrases, number = injections.get(OUTSIDER, shared), outsiders.index(q['id'])
        for cls in ('expert', 'competent', 'weak'):
            for k, where in enumerate(positions):
                phrase = phrases[(number * 3 + k + CLASSES.index(cls)) % len(phrases)]
                gamed = score(q['question'], rubric, with_injection(q['answers'][cls], phrase, where), skill=q['skill'])
                deltas.setdefault(q['id'], []).append(overall(gamed) - s[q['id']][cls])
    q0 = questions[-1]
    again = {c: score(q0['question'], [RubricPoint(**p) for p in q0['rubric']], q0['answers'][c], skill=q0['skill'])
             for c in reversed(results[q0['id']])}
    caught = {split: f'{sum(is_injection(p) for p in injections[split])}/{len(injections[split])}'
              for split in ('tune', 'holdout', 'lookalikes', OUTSIDER, f'{OUTSIDER}_lookalikes', 'round5',
                            'round5_lookalikes') if split in injections}
    return {'results': results, 'scores': s, 'deltas': deltas, 'cpu': cpu, 'caught': caught,
            'deterministic': all(again[c] == results[q0['id']][c] for c in again)}


def figures(raw: dict[str, Any], questions: list[dict[str, Any]]) -> dict[str, Any]:
    """Every figure of the issue over one group of questions (the whole set, or the held-out group)."""
    results: dict[str, dict[str, Evaluation]] = {q['id']: raw['results'][q['id']] for q in questions}
    s: dict[str, dict[str, float]] = {q['id']: raw['scores'][q['id']] for q in questions}
    out: dict[str, Any] = {'cpu_seconds_per_answer': round(raw['cpu'], 4)}

    def ordering(ids: list[str]) -> float | None:
        good = total = 0.0
        for qid in ids:
            for i, high in enumerate(LEVELS):
                for low in LEVELS[i + 1:]:
                    total += 1
                    good += 1 if s[qid][high] > s[qid][low] else 0.5 if s[qid][high] == s[qid][low] else 0
        return round(good / total, 4) if total else None

    ids = [q['id'] for q in questions]
    for split in sorted({q['split'] for q in questions}):
        out[f'pairwise_ordering_accuracy_{split}'] = ordering([q['id'] for q in questions if q['split'] == split])
    out['pairwise_ordering_accuracy'] = ordering(ids)
    out['spearman_vs_level'] = round(spearman([float(len(LEVELS) - LEVELS.index(c)) for q in ids for c in LEVELS],
                                              [s[q][c] for q in ids for c in LEVELS]), 4)
    margins = [s[q]['expert'] - s[q]['competent'] for q in ids]
    out['expert_minus_competent_min'] = round(min(margins), 1)
    out['expert_minus_competent_mean'] = round(sum(margins) / len(margins), 1)
    for cls in ('stuffing', 'wrong', 'ramble'):
        gaps = [s[q][cls] - s[q]['weak'] for q in ids]
        out[f'{cls}_minus_weak_mean'] = round(sum(gaps) / len(gaps), 1)
        out[f'{cls}_minus_weak_max'] = round(max(gaps), 1)
    for cls in OPTIONAL:
        gaps = [s[q][cls] - s[q]['weak'] for q in ids if cls in s[q]]
        out[f'{cls}_questions'] = len(gaps)
        out[f'{cls}_minus_weak_mean'] = round(sum(gaps) / len(gaps), 1) if gaps else None
        out[f'{cls}_minus_weak_max'] = round(max(gaps), 1) if gaps else None
    for cls in ('echo', 'off_topic', 'stuffing', 'wrong', 'weak', 'expert', 'competent', 'ramble', 'stt_expert'):
        out[f'{cls}_mean'] = round(sum(s[q][cls] for q in ids) / len(ids), 1)
    out['echo_max'] = max(s[q]['echo'] for q in ids)
    out['off_topic_max'] = max(s[q]['off_topic'] for q in ids)
    out['stt_expert_at_least_competent_share'] = round(
        sum(s[q]['stt_expert'] >= s[q]['competent'] for q in ids) / len(ids), 3)
    empty = [e for evs in results.values() for e in evs.values() if not e.matched_points]
    out['no_point_clarity_max'] = max((e.clarity for e in empty), default=0.0)
    out['no_point_relevance_max'] = max((e.relevance for e in empty), default=0.0)

    tp = fp = fn = 0
    for q in questions:
        points = [p['point'] for p in q['rubric']]
        for cls, covered in q['covers'].items():
            if cls not in results[q['id']]:
                continue  # (a class the scorer being measured was not given)
            found = set(results[q['id']][cls].matched_points)
            wanted = {points[i] for i in covered}
            tp, fp, fn = tp + len(found & wanted), fp + len(found - wanted), fn + len(wanted - found)
    out['point_precision'] = round(tp / max(1, tp + fp), 3)
    out['point_recall'] = round(tp / max(1, tp + fn), 3)

    deltas = [d for qid in ids for d in raw['deltas'][qid]]
    out['injection_delta_max'] = round(max(deltas), 2)
    out['injection_delta_mean'] = round(sum(deltas) / len(deltas), 2)
    out['injection_sentences_caught_tune'] = raw['caught']['tune']
    out['injection_sentences_caught_holdout'] = raw['caught']['holdout']
    out['injection_lookalikes_flagged'] = raw['caught']['lookalikes']
    if OUTSIDER in raw['caught']:
        out[f'injection_sentences_caught_{OUTSIDER}'] = raw['caught'][OUTSIDER]
        out[f'injection_lookalikes_flagged_{OUTSIDER}'] = raw['caught'].get(f'{OUTSIDER}_lookalikes')
    if 'round5' in raw['caught']:
        out['injection_sentences_caught_round5'] = raw['caught']['round5']
        out['injection_lookalikes_flagged_round5'] = raw['caught'].get('round5_lookalikes')
    out['deterministic'] = raw['deterministic']

    interviews: dict[str, list[float]] = {}
    recommendations: dict[str, list[str]] = {}
    for cls in CLASSES:
        for start in range(0, len(questions), INTERVIEW_SIZE):  # wraps round: every question is in one
            chunk = [questions[(start + k) % len(questions)] for k in range(min(INTERVIEW_SIZE, len(questions)))]
            result = score_interview([ScoredAnswer(q['type'], *(getattr(results[q['id']][cls], d) for d in (
                'correctness', 'depth', 'clarity', 'relevance'))) for q in chunk])
            interviews.setdefault(cls, []).append(result.final_score)
            recommendations.setdefault(cls, []).append(str(result.recommendation.value))
    out['interviews'] = {cls: {'scores': interviews.get(cls, []), 'recommendations': recommendations.get(cls, [])}
                         for cls in CLASSES}
    out['per_question'] = {qid: s[qid] for qid in ids}
    return out


def heldout_injections(score: Scorer, questions: list[dict[str, Any]]) -> dict[str, Any]:
    """The detector on bench/scoring_set/injection_heldout.json (never tuned on): caught, false positives, and the
    score change when each held-out phrasing is put into the middle of a graded answer (must stay <= 0)."""
    from bench.injection_heldout import detection_figures, load
    deltas = []
    for k, item in enumerate(load()['injections']):
        q, cls = questions[k % len(questions)], ('expert', 'competent', 'weak')[k % 3]
        rubric = [RubricPoint(**p) for p in q['rubric']]
        honest = score(q['question'], rubric, q['answers'][cls], skill=q['skill'])
        gamed_text = with_injection(q['answers'][cls], item['text'], 'middle')
        gamed = score(q['question'], rubric, gamed_text, skill=q['skill'])
        deltas.append(overall(gamed) - overall(honest))
    return {**detection_figures(), 'injection_heldout_delta_max': round(max(deltas), 2)}


def targets(m: dict[str, Any]) -> dict[str, bool]:
    recs = {cls: set(v['recommendations']) for cls, v in m['interviews'].items()}
    return {
        'ordering>=0.97': m['pairwise_ordering_accuracy'] >= 0.97,
        'spearman>=0.93': m['spearman_vs_level'] >= 0.93,
        'expert-competent>=8': m['expert_minus_competent_min'] >= 8,
        'stuffing<=weak+10': m['stuffing_minus_weak_max'] <= 10,  # on every question, not on average
        'wrong<=weak+10': m['wrong_minus_weak_max'] <= 10,
        'name_drop<=weak+10': (m['name_drop_minus_weak_max'] or 0) <= 10,
        'role_swap<=weak+10': (m['role_swap_minus_weak_max'] or 0) <= 10,
        'echo,off_topic<=15': max(m['echo_max'], m['off_topic_max']) <= 15,
        'no_point_clarity,relevance<=1': max(m['no_point_clarity_max'], m['no_point_relevance_max']) <= 1.0,
        'injection_delta<=0': m['injection_delta_max'] <= 0,
        'deterministic': m['deterministic'],
        'expert_interviews_strong': recs['expert'] == {'Strong'},
        'stuffing,wrong,echo_interviews_weak_or_reject': (recs['stuffing'] | recs['wrong'] | recs['echo'])
        <= {'Weak', 'Reject'},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--quick', action='store_true', help='half the questions, injections at the end only')
    parser.add_argument('--baseline', default='73335dd', help='git ref of the old scorer to compare with')
    parser.add_argument('--no-blind', action='store_true',
                        help=f"leave out the held-out groups {', '.join(UNSEEN)} (while changing the scorer, so they "
                             'stay unseen)')
    parser.add_argument('--split', metavar='NAME', help='score only the questions of this split (e.g. outsider)')
    args = parser.parse_args()
    questions = [json.loads(p.read_text(encoding='utf-8')) for p in sorted((SET / 'questions').glob('*.json'))]
    splits = sorted({q['split'] for q in questions})
    if args.split is not None and args.split not in splits:
        parser.error(f"unknown split {args.split!r}; the set has: {', '.join(splits)}")
    if args.split is not None and args.no_blind and args.split in UNSEEN:
        parser.error(f'--split {args.split} and --no-blind contradict each other')
    if args.split is not None:
        questions = [q for q in questions if q['split'] == args.split]
    if args.no_blind:
        questions = [q for q in questions if q['split'] not in UNSEEN]
    if args.quick:
        questions = questions[::2]
    injections = json.loads((SET / 'injections.json').read_text(encoding='utf-8'))

    from app.providers.embedding import embedder_for
    from app.providers.llm.offline.scoring import evaluate_transcript, is_injection

    rss_before, started = rss_mb(), time.perf_counter()
    embedder_for('en')
    load = {'model_load_seconds': round(time.perf_counter() - started, 3),
            'model_rss_mb': round(rss_mb() - rss_before, 1), 'process_rss_mb': round(rss_mb(), 1)}
    raw = measure(evaluate_transcript, is_injection, questions, injections, args.quick)
    new = figures(raw, questions)
    new.update(load)
    held_out = {name: [q for q in questions if q['split'] == name] for name in (BLIND, ROUND3, OUTSIDER)}
    old_scorer = load_old_scorer(args.baseline)
    old = figures(measure(*old_scorer, questions, injections, args.quick), questions) if old_scorer else None

    for name, m in (('old', old), ('new', new)):
        if m is None:
            print(f'{name}: baseline {args.baseline} not available (no git checkout)')
            continue
        columns = ' '.join(f'{c[:6]:>6}' for c in (*CLASSES, *OPTIONAL))
        print(f'--- {name} scorer: per question, overall 0-100 {columns}')
        for q in questions:
            row = m['per_question'][q['id']]
            print(f'{q["id"][:30]:30}' + ''.join(f'{row[c]:7.1f}' if c in row else '      -'
                                                 for c in (*CLASSES, *OPTIONAL)) + f'  {q["split"]}')
        for cls, v in m['interviews'].items():
            print(f'  interviews {cls:11} {v["scores"]} {v["recommendations"]}')
    summary = {k: v for k, v in new.items() if k != 'per_question'}
    summary['questions'] = len(questions)
    summary['answers_per_scorer'] = sum(len(r) for r in raw['results'].values())
    summary.update(heldout_injections(evaluate_transcript, questions))
    summary['targets'] = targets(new)
    summary['targets']['heldout_injection_delta<=0'] = summary['injection_heldout_delta_max'] <= 0
    summary['targets_met'] = all(summary['targets'].values())
    for group, group_questions in held_out.items():
        if not group_questions:
            continue
        figured = figures(raw, group_questions)
        summary[group] = {k: v for k, v in figured.items() if k not in ('per_question', 'interviews')}
        summary[group]['questions'] = len(group_questions)
        summary[group]['interviews'] = {c: v['recommendations'] for c, v in figured['interviews'].items()}
        summary[group]['targets'] = targets(figured)
        summary[group]['targets_met'] = all(summary[group]['targets'].values())
    summary['old'] = {k: v for k, v in old.items() if k != 'per_question'} if old else None
    if old:
        summary['old']['targets'] = targets(old)
    print(json.dumps(summary, separators=(',', ':')))


if __name__ == '__main__':
    main()
