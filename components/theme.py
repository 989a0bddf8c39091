"""Brand colors, the logo and base styling shared by every page."""

from __future__ import annotations

from typing import Literal

from nicegui import ui

BRAND = '#4338ca'  # indigo-700: strong contrast on white for text buttons and links
# icon size and text class: headers, the sign-in card, the landing page
LOGO_SIZES = {'small': ('26px', 'text-xl'), 'medium': ('34px', 'text-3xl'), 'large': ('42px', 'text-4xl')}


def apply_theme() -> None:
    ui.colors(primary=BRAND, secondary='#0f766e', accent='#7c3aed', positive='#15803d', negative='#b91c1c')
    ui.query('body').classes('bg-slate-50 text-slate-800')


def brand(size: Literal['small', 'medium', 'large'] = 'small') -> ui.row:
    """The logo: the product's icon and name."""
    icon, text = LOGO_SIZES[size]
    with ui.row().classes('items-center gap-2 no-wrap') as logo:
        ui.icon('record_voice_over', size=icon, color='primary')
        ui.label('Panelist').classes(f'{text} font-semibold tracking-tight text-slate-900')
    return logo
