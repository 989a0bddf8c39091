"""Prompt templates from data/prompts with untrusted text in one delimited, JSON-encoded data block.

Job descriptions, resumes and transcripts never become part of the instructions: they are serialised
as JSON (so quotes and newlines are escaped and the block cannot be closed from inside) between the
<<<DATA and DATA>>> markers, which the system prompt declares to be data only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

PROMPT_DIR = Path(__file__).resolve().parents[3] / 'data' / 'prompts'
DATA_START = '<<<DATA'
DATA_END = 'DATA>>>'
TASKS = ('plan', 'question', 'evaluate', 'follow_up', 'report')


@dataclass(frozen=True)
class Prompt:
    task: str
    system: str
    user: str


@cache
def _template(name: str) -> str:
    return (PROMPT_DIR / f'{name}.md').read_text(encoding='utf-8').strip()


def data_block(data: dict[str, Any]) -> str:
    encoded = json.dumps(data, ensure_ascii=False, indent=1)
    # json.dumps never emits a raw newline inside a string, but belt and braces: the end marker
    # must not be able to appear inside the block.
    encoded = encoded.replace(DATA_END, 'DATA> >>')
    return f'{DATA_START}\n{encoded}\n{DATA_END}'


def build_prompt(task: str, data: dict[str, Any]) -> Prompt:
    if task not in TASKS:
        raise ValueError(f'unknown prompt task {task!r}')
    return Prompt(task=task, system=_template('system'), user=_template(task).replace('{{DATA}}', data_block(data)))


def extract_data(user_prompt: str) -> dict[str, Any]:
    """The data block of a rendered prompt (the fake servers use it to answer sensibly)."""
    start = user_prompt.index(DATA_START) + len(DATA_START)
    end = user_prompt.rindex(DATA_END)
    value = json.loads(user_prompt[start:end])
    if not isinstance(value, dict):
        raise ValueError('data block is not an object')
    return value
