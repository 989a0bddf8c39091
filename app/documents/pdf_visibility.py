"""Follows a PDF page's graphics state during text extraction to tell which text a person can see.

pypdf reports text in chunks (visitor_text) after the operators that drew it (visitor_operand_before),
so the state of every text-showing operator is recorded and attached to the chunk it ends up in.
Text counts as hidden when it is drawn invisibly (render mode 3/7), in white or near-white fill
outside any dark area drawn before it (white on a dark banner is ordinary design), at a size below
2 pt, or entirely outside the page's visible box. Text over an image counts as visible, which also
keeps the invisible OCR layer of a scanned page from being flagged.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from app.documents.raw import HiddenReason

TINY_PT = 2.0
WHITE = 0.94  # a channel this light reads as white on paper
_TEXT_OPS = {b'Tj', b'TJ', b"'", b'"'}
_FILL_OPS = {b'f', b'F', b'f*', b'B', b'B*', b'b', b'b*'}
_PATH_END_OPS = {b'n', b'S', b's'}
Matrix = Sequence[float]
Box = tuple[float, float, float, float]  # left, bottom, right, top


@dataclass(frozen=True)
class _GraphicsState:
    fill_white: bool = False
    stroke_white: bool = False
    render_mode: int = 0
    font_size: float = 12.0


@dataclass(frozen=True)
class _DrawnText:
    reason_without_text: HiddenReason | None  # decided by state alone (invisible, white, tiny)
    x: float
    y: float
    size: float


class PageVisibility:
    def __init__(self, page_box: Box) -> None:
        self.box = page_box
        self.state = _GraphicsState()
        self.stack: list[_GraphicsState] = []
        self.covered: list[Box] = []  # dark fills and images: white text on them is visible
        self.path: list[tuple[float, float]] = []
        self.pending: list[_DrawnText] = []
        self.in_text_op = False
        self.chunks: list[tuple[str, HiddenReason | None]] = []

    # --- pypdf visitors -------------------------------------------------------------------------
    def before(self, op: bytes, args: list[Any], cm: Matrix, tm: Matrix) -> None:
        self.in_text_op = op in _TEXT_OPS
        # Malformed operands keep the previous state: they must never fail the extraction.
        with contextlib.suppress(TypeError, ValueError, IndexError, ArithmeticError):
            self._apply(op, args, cm, tm)

    def after(self, op: bytes, args: list[Any], cm: Matrix, tm: Matrix) -> None:
        self.in_text_op = False

    def text(self, text: str, cm: Matrix, tm: Matrix, font: Any, size: Any) -> None:
        if not text:
            return
        if self.in_text_op and self.pending:
            # Flushed while a text operator runs: the chunk is the earlier operators' text, and the
            # running operator's own text (in the chunk only when there is nothing earlier) goes on.
            drawn = self.pending[:-1] or self.pending[-1:]
            self.pending = self.pending[-1:]
        else:
            drawn, self.pending = self.pending, []
        if not text.strip() or not drawn:
            self.chunks.append((text, None))
            return
        reasons = [self._reason(item, text) for item in drawn]
        hidden = [reason for reason in reasons if reason]
        # Mixed chunks (some operators hidden) are reported as hidden too: a human should look at them.
        self.chunks.append((text, hidden[0] if hidden else None))

    # --- state tracking -------------------------------------------------------------------------
    def _apply(self, op: bytes, args: list[Any], cm: Matrix, tm: Matrix) -> None:
        s = self.state
        if op == b'q':
            self.stack.append(s)
        elif op == b'Q':
            self.state = self.stack.pop() if self.stack else _GraphicsState()
        elif op == b'Tf' and len(args) >= 2:
            self.state = replace(s, font_size=abs(float(args[1])))
        elif op == b'Tr' and args:
            self.state = replace(s, render_mode=int(args[0]))
        elif op in (b'g', b'rg', b'k'):
            self.state = replace(s, fill_white=_is_white(args, op))
        elif op in (b'G', b'RG', b'K'):
            self.state = replace(s, stroke_white=_is_white(args, op.lower()))
        elif op in (b'sc', b'scn'):
            self.state = replace(s, fill_white=_is_white_components(args))
        elif op in (b'SC', b'SCN'):
            self.state = replace(s, stroke_white=_is_white_components(args))
        elif op in (b'cs', b'CS'):
            # A new colour space starts at its initial colour: black (or an unknown pattern).
            key = 'fill_white' if op == b'cs' else 'stroke_white'
            self.state = replace(s, **{key: False})
        elif op in (b'm', b'l') and len(args) >= 2:
            self.path.append(_apply_matrix(cm, float(args[0]), float(args[1])))
        elif op in (b'c', b'v', b'y'):
            for i in range(0, len(args) - 1, 2):
                self.path.append(_apply_matrix(cm, float(args[i]), float(args[i + 1])))
        elif op == b're' and len(args) >= 4:
            x, y, w, h = (float(a) for a in args[:4])
            self.path += [_apply_matrix(cm, px, py) for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h))]
        elif op in _FILL_OPS:
            if self.path and not self.state.fill_white:
                self.covered.append(_bounds(self.path))
            self.path = []
        elif op in _PATH_END_OPS:
            self.path = []
        elif op in (b'Do', b'INLINE IMAGE', b'BI'):
            self.covered.append(_bounds([_apply_matrix(cm, px, py) for px, py in ((0, 0), (1, 0), (0, 1), (1, 1))]))
        elif op in _TEXT_OPS:
            self.pending.append(self._drawn(cm, tm))

    def _drawn(self, cm: Matrix, tm: Matrix) -> _DrawnText:
        m = _multiply(tm, cm)
        x, y = m[4], m[5]
        size = self.state.font_size * math.hypot(m[2], m[3])
        s = self.state
        reason: HiddenReason | None = None
        on_dark = any(_inside(x, y + size / 3, box) for box in self.covered)
        white = s.stroke_white if s.render_mode in (1, 5) else s.fill_white
        if s.render_mode in (3, 7) and not on_dark:
            reason = 'invisible'
        elif white and s.render_mode not in (3, 7) and not on_dark:
            reason = 'white'
        elif 0 < size < TINY_PT or size == 0:
            reason = 'tiny'
        return _DrawnText(reason, x, y, size)

    def _reason(self, item: _DrawnText, text: str) -> HiddenReason | None:
        if item.reason_without_text:
            return item.reason_without_text
        left, bottom, right, top = self.box
        width = len(text.strip()) * item.size * 0.5  # rough advance of a proportional font
        if item.x >= right or item.x + width <= left or item.y >= top or item.y + item.size * 0.7 <= bottom:
            return 'outside'
        return None


def _is_white(args: list[Any], op: bytes) -> bool:
    values = [float(a) for a in args]
    if op == b'k':
        return len(values) == 4 and all(v <= 1 - WHITE for v in values)
    return bool(values) and all(v >= WHITE for v in values)


def _is_white_components(args: list[Any]) -> bool:
    values = [float(a) for a in args if isinstance(a, (int, float))]
    if len(values) != len(args):
        return False  # a pattern name: not a plain colour
    if len(values) == 4:
        return all(v <= 1 - WHITE for v in values)
    return len(values) in (1, 3) and all(v >= WHITE for v in values)


def _multiply(m: Matrix, n: Matrix) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def _apply_matrix(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _bounds(points: list[tuple[float, float]]) -> Box:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _inside(x: float, y: float, box: Box) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]
