"""Read the bulk-invite CSV: `name,email` per line, a header row optional (its columns may be in any order)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from app.errors import Invalid

MAX_CSV_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class CsvRow:
    line: int
    name: str
    email: str


def parse_csv(data: bytes | str, max_rows: int) -> list[CsvRow]:
    """Every non-empty line as a row (validation of each name and email happens when inviting)."""
    if isinstance(data, bytes):
        if len(data) > MAX_CSV_BYTES:
            raise Invalid('The CSV file is larger than 2 MB.', {'csv': 'The CSV file is larger than 2 MB.'})
        try:
            text = data.decode('utf-8-sig')
        except UnicodeDecodeError:
            raise Invalid('Save the CSV as UTF-8 and upload it again.', {'csv': 'Not UTF-8 text.'}) from None
    else:
        text = data
    lines = [(number, cells) for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1)
             if any(cell.strip() for cell in cells)]
    name_at, email_at = 0, 1
    if lines:
        header = [cell.strip().lower() for cell in lines[0][1]]
        if 'email' in header:
            email_at = header.index('email')
            name_at = header.index('name') if 'name' in header else (1 if email_at == 0 else 0)
            lines = lines[1:]
    if not lines:
        raise Invalid('The CSV has no candidates. Put one "name,email" per line.', {'csv': 'No rows.'})
    if len(lines) > max_rows:
        message = f'The CSV has {len(lines)} candidates; at most {max_rows} can be invited at once.'
        raise Invalid(message, {'csv': message})
    rows = []
    for number, cells in lines:
        name = cells[name_at].strip() if len(cells) > name_at else ''
        email = cells[email_at].strip() if len(cells) > email_at else ''
        rows.append(CsvRow(number, name, email))
    return rows
