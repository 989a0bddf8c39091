"""Turn resume text into ParsedResume: skills, years of experience, education, projects, links.

Heuristic by design: resumes have no fixed format. Every field is optional, lists are capped, and
anything not recognized stays in the stored text for a human (and the interviewer) to read.
"""

from __future__ import annotations

import re
from datetime import datetime

from app.documents.experience import experience_years
from app.documents.sections import clean_line, split_sections
from app.documents.skill_claims import skill_claims
from app.schemas import ParsedResume, ResumeProject
from app.skills import taxonomy

MAX_EDUCATION = 5
MAX_PROJECTS = 8
MAX_PROJECT_DESCRIPTION = 400  # the interviewer quotes it whole, so keep whole sentences
MAX_LINKS = 10
_DEGREE = re.compile(
    r'\b(bachelor|master|doctor|ph\.?\s?d|mba|m\.?\s?b\.?\s?a|b\.?\s?sc|m\.?\s?sc|b\.?\s?s\b|m\.?\s?s\b|b\.?\s?a\b|'
    r'm\.?\s?a\b|b\.?\s?tech|m\.?\s?tech|b\.?\s?e\b|m\.?\s?e\b|b\.?\s?eng|m\.?\s?eng|bca|mca|associate|diploma|'
    r'degree|a-levels?|high school|abitur|licen[cs]iate)', re.IGNORECASE)
_INSTITUTION = re.compile(r'\b(university|universit[äa]t|college|institute|school|academy|polytechnic|iit|mit)\b',
                          re.IGNORECASE)
_URL = re.compile(r'(?:https?://|www\.)[^\s<>"\'`)\]}|]+|\b(?:linkedin\.com|github\.com|gitlab\.com)/[^\s<>"\'`)\]}|]+',
                  re.IGNORECASE)
_SEPARATOR = re.compile(r'\s+[–—-]\s+|:\s+|\s+\|\s+')
_BULLETS = set('•·▪◦‣∙●○■□►▸-–—*')
_DATE_ONLY = re.compile(r'^[\d\s/.,–—-]*(?:present|current|now)?[\d\s/.,–—-]*$', re.IGNORECASE)


def parse_resume(text: str, extra_links: list[str] | None = None, now: datetime | None = None) -> ParsedResume:
    sections = split_sections(text)
    return ParsedResume(
        skills=taxonomy().find_in_text(text),
        experience_years=experience_years(text, sections.get('experience'), now),
        education=_education(sections, text),
        projects=_projects(sections.get('projects', [])),
        links=_links(text, extra_links or []),
        skill_claims=skill_claims(text),
    )


def _education(sections: dict[str, list[str]], text: str) -> list[str]:
    lines = [clean_line(line) for line in sections.get('education', [])]
    if not lines:  # no Education heading: degree lines anywhere
        lines = [clean_line(line) for line in text.splitlines() if _DEGREE.search(line) and len(line) < 200]
    entries: list[str] = []
    pending_institution: str | None = None
    for line in lines:
        if not line or _DATE_ONLY.match(line):
            continue
        degree, institution = bool(_DEGREE.search(line)), bool(_INSTITUTION.search(line))
        if degree and pending_institution and not institution:
            entries[-1] = f'{line}, {pending_institution}'  # "University of X" then "B.Sc. …" on the next line
            pending_institution = None
        elif degree or institution:
            entries.append(line)
            pending_institution = line if institution and not degree else None
        else:
            pending_institution = None
    return [_cap(entry, 200) for entry in _unique(entries)][:MAX_EDUCATION]


def _projects(lines: list[str]) -> list[ResumeProject]:
    projects: list[ResumeProject] = []
    current: ResumeProject | None = None
    for raw in lines:
        line = clean_line(raw)
        if not line or _DATE_ONLY.match(line):
            continue
        if current is not None and not current.description:
            current.description = _cap(line, MAX_PROJECT_DESCRIPTION)  # the first line under a bare title describes it
            continue
        bullet = raw.lstrip()[:1] in _BULLETS
        name, description = _split_title(line)
        if bullet:
            continue  # further detail of the current project
        if name:
            current = ResumeProject(name=name, description=_cap(description, MAX_PROJECT_DESCRIPTION))
        elif _looks_like_title(line):
            current = ResumeProject(name=_cap(line, 80), description='')
        else:
            continue
        projects.append(current)
        if len(projects) == MAX_PROJECTS:
            break
    return projects


def _split_title(line: str) -> tuple[str, str]:
    """'Name — what it is' / 'Name: what it is' / 'Name | stack' → (name, description)."""
    parts = _SEPARATOR.split(line, maxsplit=1)
    if len(parts) != 2:
        return '', ''
    name, description = parts[0].strip(), parts[1].strip()
    if not name or len(name) > 80 or len(name.split()) > 8 or not description or name.endswith('.'):
        return '', ''
    return name, description


def _looks_like_title(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 6 and len(line) <= 60 and not line.endswith(('.', ',', ';')) \
        and not _DATE_ONLY.match(line) and line[0].isupper()


def _links(text: str, extra: list[str]) -> list[str]:
    found: list[str] = []
    for candidate in [m.group(0) for m in _URL.finditer(text)] + extra:
        url = candidate.strip().rstrip('.,;:!?')
        if url.lower().startswith('www.') or not re.match(r'^[a-z][a-z0-9+.-]*:', url, re.IGNORECASE):
            url = f'https://{url}'
        if not re.match(r'^https?://[^\s/]+', url, re.IGNORECASE) or len(url) > 300:
            continue  # mailto:, javascript: and the like are not links to show
        found.append(url)
    return _unique(found)[:MAX_LINKS]


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.casefold(), item)
    return list(seen.values())


def _cap(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + '…'
