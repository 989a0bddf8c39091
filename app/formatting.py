"""Plain-text formatting shared by the pages, the components and the printable report (no UI code)."""

from __future__ import annotations


def answer_time(seconds: int) -> str:
    """'30 s', '1 min', '1 min 30 s' — how long a candidate may speak per answer."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f'{rest} s'
    return f'{minutes} min {rest} s' if rest else f'{minutes} min'
