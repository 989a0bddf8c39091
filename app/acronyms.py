"""Write spoken acronyms the way engineers write them: 'c i c d', 'ci cd', 'CI CD' → 'CI/CD'.

Speech recognition hears an acronym as letters ('a w s', 'A.W.S.') or as a lower-case word ('aws').
The table in data/acronyms.json lists each written form with the ways it is heard; a run of tokens
(letters and digits, whatever punctuation sits between them) that equals one of those ways is
replaced by the written form. Only whole tokens are matched, so 'cd' alone or 'postgres' are never
touched, and nothing but the acronym's own tokens is ever replaced.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent.parent / 'data' / 'acronyms.json'
_TOKEN = re.compile(r'[A-Za-z0-9]+')
_JOINER = re.compile(r'^[\s./\-]*$')  # what may sit between the tokens of one acronym ('A.W.S.', 'CI/CD', 'k-8-s')
_DOTTED_END = re.compile(r'\.(?=\s*[a-z,;])')
MAX_TOKENS = 4


@dataclass(frozen=True)
class AcronymTable:
    forms: dict[tuple[str, ...], str]  # heard tokens (lower-case) → written form

    @property
    def written(self) -> list[str]:
        return list(dict.fromkeys(self.forms.values()))


def build_table(entries: list[dict[str, object]]) -> AcronymTable:
    forms: dict[tuple[str, ...], str] = {}
    for entry in entries:
        written = str(entry['written'])
        spoken = [str(s) for s in entry.get('spoken', []) or []]  # type: ignore[attr-defined]
        letters = ''.join(ch for ch in written.lower() if ch.isalnum())
        for heard in [*spoken, ' '.join(letters), written]:
            tokens = tuple(t.lower() for t in _TOKEN.findall(heard))
            if 0 < len(tokens) <= MAX_TOKENS:
                forms.setdefault(tokens, written)
    return AcronymTable(forms)


@lru_cache(maxsize=1)
def acronym_table() -> AcronymTable:
    raw = json.loads(DATA_FILE.read_text(encoding='utf-8'))
    return build_table(raw['acronyms'])


def normalize_acronyms(text: str, table: AcronymTable | None = None) -> str:
    """`text` with every heard form of a known acronym replaced by its written form."""
    table = table or acronym_table()
    tokens = list(_TOKEN.finditer(text))
    if not tokens:
        return text
    out: list[str] = []
    position = 0
    i = 0
    while i < len(tokens):
        size, written = _match(text, tokens, i, table)
        if written is None:
            i += 1
            continue
        out.append(text[position:tokens[i].start()])
        out.append(written)
        position = tokens[i + size - 1].end()
        if size > 1 and '.' in text[tokens[i].end():position] and _DOTTED_END.match(text, position):
            position += 1  # 'A.W.S. and' → 'AWS and': the last dot belongs to the letters, not a sentence
        i += size
    out.append(text[position:])
    return ''.join(out)


def _match(text: str, tokens: list[re.Match[str]], i: int, table: AcronymTable) -> tuple[int, str | None]:
    for size in range(min(MAX_TOKENS, len(tokens) - i), 0, -1):  # longest first: 'c i c d' before 'c i'
        run = tokens[i:i + size]
        if any(not _JOINER.match(text[a.end():b.start()]) for a, b in pairwise(run)):
            continue
        written = table.forms.get(tuple(t.group(0).lower() for t in run))
        if written is not None:
            return size, written
    return 0, None
