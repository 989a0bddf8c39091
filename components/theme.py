"""Brand colors and base styling shared by every page."""

from __future__ import annotations

from nicegui import ui

BRAND = '#4338ca'  # indigo-700: strong contrast on white for text buttons and links


def apply_theme() -> None:
    ui.colors(primary=BRAND, secondary='#0f766e', accent='#7c3aed', positive='#15803d', negative='#b91c1c')
    ui.query('body').classes('bg-slate-50 text-slate-800')
