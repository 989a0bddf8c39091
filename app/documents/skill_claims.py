"""What a resume claims about each skill: "Python (basic)", "Expert in Kafka", "Go — 4 years", "Advanced: SQL, Redis".

The interview plan sets a skill's difficulty from this claim, so a candidate who writes "basic" is not
asked the hard question and one who writes "expert" is. Only explicit claims count: a skill named with
no level or years has no claim, and the plan falls back to the overall years of experience.
"""

from __future__ import annotations

import re
from typing import Literal

from app.schemas import SkillClaim
from app.skills import taxonomy

Level = Literal['basic', 'intermediate', 'advanced']
MAX_SKILL_YEARS = 40.0

# A proficiency word, as resumes write them. Longest phrases first in the alternation below.
LEVEL_WORDS: dict[str, Level] = {
    'basic': 'basic', 'basics': 'basic', 'beginner': 'basic', 'elementary': 'basic', 'novice': 'basic',
    'familiar': 'basic', 'familiar with': 'basic', 'familiarity': 'basic', 'exposure': 'basic',
    'exposure to': 'basic', 'some experience': 'basic', 'learning': 'basic', 'entry level': 'basic',
    'basic knowledge': 'basic', 'basic knowledge of': 'basic', 'fundamentals': 'basic', 'academic': 'basic',
    'intermediate': 'intermediate', 'working knowledge': 'intermediate', 'working knowledge of': 'intermediate',
    'competent': 'intermediate', 'good': 'intermediate', 'good knowledge of': 'intermediate',
    'proficient': 'intermediate', 'proficient in': 'intermediate', 'comfortable with': 'intermediate',
    'advanced': 'advanced', 'expert': 'advanced', 'expert in': 'advanced', 'expertise': 'advanced',
    'expertise in': 'advanced', 'strong': 'advanced', 'deep': 'advanced', 'deep knowledge of': 'advanced',
    'extensive': 'advanced', 'extensive experience': 'advanced', 'fluent': 'advanced', 'mastery': 'advanced',
    'senior': 'advanced',
}
_LEVEL = '|'.join(re.escape(w) for w in sorted(LEVEL_WORDS, key=len, reverse=True))
_YEARS = r'(?P<years>\d{1,2}(?:\.\d)?)\s*\+?\s*(?:years?|yrs?)'
# "Advanced: Python, SQL" / "Familiar with: Redis, Kafka" — a level heading over a list of skills.
_LEVEL_LIST = re.compile(rf'^\W*(?P<level>{_LEVEL})\s*(?:level|skills?)?\s*[:\-–—]\s*(?P<rest>.+)$', re.IGNORECASE)
# "(basic)", "— expert", ": 3 years", "(advanced, 6 yrs)" right after a skill. Not after a comma: in
# "Python, expert in Kafka" the level belongs to the next skill.
_AFTER = re.compile(rf'^\s*(?:\(|[:\-–—|]\s*|\s)\s*(?:(?P<level>{_LEVEL})\b[^()\n,;]{{0,12}}?)?[\s,/]*'
                    rf'(?:{_YEARS})?', re.IGNORECASE)
# "expert in Kafka", "5 years of Python", "basic knowledge of Go" right before a skill.
_BEFORE = re.compile(rf'(?:(?P<level>{_LEVEL})|{_YEARS})\s*(?:of|in|with|using)?\s*(?:experience\s+(?:in|with)\s+)?$',
                     re.IGNORECASE)


def skill_claims(text: str) -> dict[str, SkillClaim]:
    """Canonical skill → claim, for every skill the text states a level or years for (first claim wins)."""
    claims: dict[str, SkillClaim] = {}
    for line in text.splitlines():
        listed = _LEVEL_LIST.match(line)
        if listed:
            level = LEVEL_WORDS[listed['level'].casefold()]
            for skill in taxonomy().find_in_text(listed['rest']):
                claims.setdefault(skill, SkillClaim(level=level))
        for skill, start, end in taxonomy().mentions(line):
            claim = _claim_around(line[:start], line[end:])
            if claim is not None and skill not in claims:
                claims[skill] = claim
    return claims


def _claim_around(before: str, after: str) -> SkillClaim | None:
    after_match = _AFTER.match(after)
    level = after_match['level'] if after_match and after_match['level'] else None
    years = after_match['years'] if after_match and after_match['years'] else None
    before_match = _BEFORE.search(before[-40:])
    if before_match:
        level = level or before_match['level']
        years = years or before_match['years']
    if level is None and years is None:
        return None
    value = float(years) if years is not None else None
    return SkillClaim(level=LEVEL_WORDS[level.casefold()] if level else None,
                      years=value if value is not None and 0 < value <= MAX_SKILL_YEARS else None)
