"""The injection detector on its held-out set (bench/scoring_set/injection_heldout.json), never tuned on.

    python bench/injection_heldout.py [--show]

An injection is caught when every sentence that carries a word of its instruction is flagged (an instruction split over
two sentences needs both; one hidden inside a real sentence needs that sentence); a look-alike (ordinary interview
speech about scores, rubrics, graders, prompts) is a false positive when any of its sentences is flagged.
bench/scoring.py adds these figures to its summary, plus the score change when each held-out phrasing is put
into a graded answer.
--show lists the misses and false positives. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
HELDOUT = ROOT / 'bench' / 'scoring_set' / 'injection_heldout.json'

from app.providers.llm.offline.injection import flagged_regions  # noqa: E402


def load() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(HELDOUT.read_text(encoding='utf-8'))
    return data


def caught(item: dict[str, str]) -> bool:
    """Every letter and digit of the instruction lies in a flagged sentence (a lone "}" is no sentence)."""
    text = item['text']
    start = text.index(item.get('instruction', text))
    end = start + len(item.get('instruction', text))
    regions = flagged_regions(text)
    return all(any(a <= i < b for a, b in regions) for i in range(start, end) if text[i].isalnum())


def detection_figures(show: bool = False) -> dict[str, Any]:
    data = load()
    missed = [i for i in data['injections'] if not caught(i)]
    flagged = [t for t in data['lookalikes'] if flagged_regions(t)]
    if show:
        for item in missed:
            print(f'missed ({item["how"]}): {item["text"]}')
        for text in flagged:
            print(f'false positive: {text}')
    by_how: dict[str, list[int]] = {}
    for item in data['injections']:
        by_how.setdefault(item['how'], [0, 0])[1] += 1
        by_how[item['how']][0] += item not in missed
    return {
        'injection_heldout_caught': f'{len(data["injections"]) - len(missed)}/{len(data["injections"])}',
        'injection_heldout_lookalikes_flagged': f'{len(flagged)}/{len(data["lookalikes"])}',
        'injection_heldout_caught_by_form': {how: f'{c}/{n}' for how, (c, n) in sorted(by_how.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--show', action='store_true', help='list the misses and false positives')
    print(json.dumps(detection_figures(parser.parse_args().show), separators=(',', ':'), ensure_ascii=False))


if __name__ == '__main__':
    main()
