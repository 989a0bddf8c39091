"""The skill taxonomy shipped in data/skills.json: canonical names, categories and aliases.

Used to canonicalize skills typed by HR ("postgres" → "PostgreSQL"), to find skills in resume and
job-description text, and to key the offline question bank.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent.parent / 'data' / 'skills.json'


@dataclass(frozen=True)
class Skill:
    name: str
    category: str
    aliases: tuple[str, ...]
    case_sensitive: bool = False


class Taxonomy:
    def __init__(self, skills: list[Skill]) -> None:
        self.skills = skills
        self.by_name = {s.name: s for s in skills}
        self._lookup: dict[str, str] = {}
        for skill in skills:
            for term in (skill.name, *skill.aliases):
                self._lookup.setdefault(_norm(term), skill.name)
        self._pattern = self._build_pattern()

    def canonical(self, term: str) -> str | None:
        """The taxonomy name for a skill or alias, or None when the term is unknown."""
        return self._lookup.get(_norm(term))

    def category(self, name: str) -> str | None:
        skill = self.by_name.get(name)
        return skill.category if skill else None

    def find_in_text(self, text: str) -> list[str]:
        """Canonical skills mentioned in free text, in order of first mention, without repeats."""
        return list(dict.fromkeys(name for name, _start, _end in self.mentions(text)))

    def mentions(self, text: str) -> list[tuple[str, int, int]]:
        """Every skill mention in the text: (canonical name, start, end), in order."""
        found: list[tuple[str, int, int]] = []
        for match in self._pattern.finditer(text):
            term = match.group(0)
            name = self._case_sensitive_hits.get(term) or self._lookup.get(_norm(term))
            if name is None:
                continue
            skill = self.by_name[name]
            if skill.case_sensitive and term not in (skill.name, *skill.aliases) and _norm(term) == _norm(skill.name):
                continue  # "go" / "c" / "r" in lower case are ordinary words, not the language
            found.append((name, match.start(), match.end()))
        return found

    def _build_pattern(self) -> re.Pattern[str]:
        self._case_sensitive_hits: dict[str, str] = {}
        terms: set[str] = set()
        for skill in self.skills:
            for term in (skill.name, *skill.aliases):
                terms.add(term)
                if skill.case_sensitive:
                    self._case_sensitive_hits[term] = skill.name
        # Longest first so "Spring Boot" wins over "Spring" and "JavaScript" over "Java".
        alternation = '|'.join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        # Skill names contain symbols (C++, C#, .NET, CI/CD), so \b is not enough on both sides.
        return re.compile(rf'(?<![\w+#.]){"(?:" + alternation + ")"}(?![\w+#]|\.\w)', re.IGNORECASE)


def _norm(term: str) -> str:
    return ' '.join(term.casefold().replace('_', ' ').split())


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    raw = json.loads(DATA_FILE.read_text(encoding='utf-8'))
    return Taxonomy([
        Skill(s['name'], s['category'], tuple(s.get('aliases', [])), bool(s.get('case_sensitive')))
        for s in raw['skills']
    ])


def canonical_skill(term: str) -> str:
    """Canonical name when the taxonomy knows the term, else the term tidied (HR may list niche skills)."""
    cleaned = ' '.join(term.split())
    return taxonomy().canonical(cleaned) or cleaned
