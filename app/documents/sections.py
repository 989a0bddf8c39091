"""Split resume text into its usual sections by their headings ("Experience", "EDUCATION:", …)."""

from __future__ import annotations

import re

SECTION_NAMES: dict[str, tuple[str, ...]] = {
    'experience': ('experience', 'work experience', 'professional experience', 'employment', 'employment history',
                   'work history', 'career history', 'relevant experience', 'professional background',
                   'career', 'experience summary', 'industry experience'),
    'education': ('education', 'academic background', 'education and training', 'academics', 'academic',
                  'qualifications', 'academic qualifications', 'education & certifications',
                  'education and certifications', 'educational background'),
    'projects': ('projects', 'personal projects', 'selected projects', 'key projects', 'academic projects',
                 'side projects', 'project experience', 'open source', 'open-source projects',
                 'open source projects', 'notable projects', 'project work', 'portfolio'),
    'skills': ('skills', 'technical skills', 'core skills', 'key skills', 'technologies', 'tech stack',
               'competencies', 'core competencies', 'tools', 'skills & tools', 'skills and tools', 'expertise'),
    'other': ('summary', 'profile', 'professional summary', 'objective', 'career objective', 'about me', 'about',
              'certifications', 'certificates', 'awards', 'honors', 'honours', 'achievements', 'publications',
              'languages', 'interests', 'hobbies', 'references', 'contact', 'contact information',
              'volunteering', 'volunteer experience', 'courses', 'training', 'activities', 'leadership',
              'personal details', 'links'),
}
_LOOKUP = {name: section for section, names in SECTION_NAMES.items() for name in names}
_BULLET = re.compile(r'^[\s•·▪◦‣∙●○■□►▸\-–—*]+')


def clean_line(line: str) -> str:
    return ' '.join(_BULLET.sub('', line).split())


def heading_of(line: str) -> str | None:
    """The section a heading line starts, or None for an ordinary line."""
    text = clean_line(line).rstrip(':').strip().casefold()
    text = re.sub(r'\s+&\s+', ' & ', text)
    if not text or len(text) > 40:
        return None
    return _LOOKUP.get(text)


def split_sections(text: str) -> dict[str, list[str]]:
    """Lines per section; lines before the first heading go to 'top'. A repeated section appends."""
    sections: dict[str, list[str]] = {'top': []}
    current = 'top'
    for line in text.splitlines():
        section = heading_of(line)
        if section is not None:
            current = section
            sections.setdefault(current, [])
            continue
        # "Skills: Python, SQL" on one line: a heading with its content after the colon.
        head, colon, rest = line.partition(':')
        inline = heading_of(head) if colon and rest.strip() else None
        if inline is not None:
            current = inline
            sections.setdefault(current, []).append(rest.strip())
            continue
        sections[current].append(line)
    return sections
