"""Years of experience from a resume: stated ("7+ years of experience") or summed from date ranges."""

from __future__ import annotations

import re
from datetime import UTC, datetime

MONTHS = {
    'jan': 1, 'feb': 2, 'mar': 3, 'apr': 4, 'may': 5, 'jun': 6, 'jul': 7, 'aug': 8, 'sep': 9, 'sept': 9,
    'oct': 10, 'nov': 11, 'dec': 12,
}
MAX_YEARS = 50.0
_MONTH_NAME = r'(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?'
_POINT = (rf'(?:{_MONTH_NAME}\s*[\'’]?\d{{2,4}}'  # Jan 2019, January 2019, Jan '19
          r'|\d{1,2}\s*[/.]\s*\d{4}'  # 03/2019, 03.2019
          r'|\d{4}\s*[/-]\s*\d{1,2}(?!\d)'  # 2019-03
          r'|(?:19|20)\d{2})')  # 2019
_NOW = r'(?:present|current(?:ly)?|now|today|ongoing|date)'
_RANGE = re.compile(rf'(?P<start>{_POINT})\s*(?:-|–|—|to|until|till|→)\s*(?P<end>{_POINT}|{_NOW})', re.IGNORECASE)
_STATED = re.compile(
    r'(?P<n>\d{1,2}(?:\.\d)?)\s*\+?\s*(?:years?|yrs?)\b(?:\s+(?:of|in))?(?:\s+[\w/+#.-]+){0,4}?\s+'
    r'(?:experience|exp\b)', re.IGNORECASE)
_OVER = re.compile(r'(?:over|more than)\s+(?P<n>\d{1,2})\s*(?:years?|yrs?)', re.IGNORECASE)


def experience_years(all_text: str, experience_lines: list[str] | None, now: datetime | None = None) -> float | None:
    """Years of experience, one decimal; None when the resume gives no clue.

    Date ranges are read from the Experience section when there is one (education dates would
    inflate the figure), overlapping jobs count once. A stated figure wins when it is larger: the
    dated list often covers only the recent jobs.
    """
    now = now or datetime.now(UTC)
    source = '\n'.join(experience_lines) if experience_lines else all_text
    months = _months_from_ranges(source, now)
    stated = _stated_years(all_text)
    from_ranges = round(months / 12, 1) if months else None
    candidates = [value for value in (from_ranges, stated) if value]
    if not candidates:
        return None
    return min(max(candidates), MAX_YEARS)


def _stated_years(text: str) -> float | None:
    values = [float(m['n']) for m in _STATED.finditer(text)] + [float(m['n']) for m in _OVER.finditer(text)
                                                                  if 'experience' in text[m.end():m.end() + 60].lower()]
    values = [v for v in values if 0 < v <= MAX_YEARS]
    return max(values) if values else None


def _months_from_ranges(text: str, now: datetime) -> int:
    current = now.year * 12 + now.month - 1
    spans: list[tuple[int, int]] = []
    for match in _RANGE.finditer(text):
        start = _month_index(match['start'], is_end=False, this_year=now.year)
        end_text = match['end']
        if re.fullmatch(_NOW, end_text, re.IGNORECASE):
            end: int | None = current
        else:
            end = _month_index(end_text, is_end=True, this_year=now.year)
        if start is None or end is None:
            continue
        end = max(end, start) if end // 12 == start // 12 else end  # "2019 – 2019": a job within one year
        if not (1950 * 12 <= start <= end <= current + 12):
            continue
        spans.append((start, min(end, current)))
    total = 0
    last_end = -1
    for start, end in sorted(spans):
        if end <= last_end:
            continue
        total += end - max(start, last_end + 1) + 1
        last_end = end
    return total


def _month_index(text: str, *, is_end: bool, this_year: int) -> int | None:
    text = text.strip().lower()
    if m := re.fullmatch(rf'({_MONTH_NAME})\s*[\'’]?(\d{{2,4}})', text):
        month, year = MONTHS.get(m[1][:3]), _year(m[2], this_year)
    elif m := re.fullmatch(r'(\d{1,2})\s*[/.]\s*(\d{4})', text):
        month, year = int(m[1]), int(m[2])
    elif m := re.fullmatch(r'(\d{4})\s*[/-]\s*(\d{1,2})', text):
        year, month = int(m[1]), int(m[2])
    elif re.fullmatch(r'\d{4}', text):
        # A bare year means "some time that year": mid-year on both ends makes 2016–2020 four years.
        year, month = int(text), (6 if is_end else 7)
    else:
        return None
    if month is None or not 1 <= month <= 12 or year is None:
        return None
    return year * 12 + month - 1


def _year(text: str, this_year: int) -> int | None:
    if len(text) == 4:
        return int(text)
    if len(text) == 2:
        value = int(text)
        # 'Jan 24' is 2024, 'Jan 98' is 1998: two-digit years up to next year are this century.
        return 2000 + value if value <= this_year % 100 + 1 else 1900 + value
    return None
