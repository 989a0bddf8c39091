"""The frame around every HR page: header with product name, navigation and the user menu."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import ui

from app.models import User
from app.permissions import ROLE_LABELS, Permission, can
from components.theme import brand

# Each entry shows only to roles whose permissions open it (the page itself refuses the others too).
NAV = [('Jobs', '/jobs', 'work_outline', Permission.jobs_read),
       ('Analytics', '/analytics', 'insights', Permission.jobs_read),
       ('Audit', '/audit', 'history', Permission.audit),
       ('Outbox', '/outbox', 'outgoing_mail', Permission.invitations),
       ('Integrations', '/integrations', 'hub', Permission.integrations),
       ('Team', '/team', 'group', Permission.signed_in),
       ('Settings', '/settings', 'settings', Permission.settings),
       ('Fairness', '/fairness', 'balance', Permission.fairness),
       ('System', '/system', 'monitor_heart', Permission.system)]


@contextmanager
def hr_frame(user: User, current_path: str) -> Iterator[ui.column]:
    with ui.header().classes('bg-white text-slate-800 border-b border-slate-200 px-6 py-2 items-center gap-6'):
        with ui.link(target='/jobs').classes('no-underline'):
            brand()
        with ui.row().classes('gap-1 items-center').mark('main-nav'):
            for label, path, icon, _ in (entry for entry in NAV if can(user, entry[3])):
                active = current_path == path or current_path.startswith(path + '/')
                ui.button(label, icon=icon, on_click=lambda p=path: ui.navigate.to(p)) \
                    .props(f'flat no-caps {"color=primary" if active else "text-color=grey-8"}') \
                    .classes('font-medium' + (' bg-indigo-50' if active else '')).mark(f'nav-{label.lower()}')
        ui.space()
        with ui.button().props('flat no-caps text-color=grey-9').mark('user-menu'):
            with ui.row().classes('items-center gap-2 no-wrap'):
                # ui.avatar treats its text as an icon name, so initials get a plain round badge instead
                ui.label(_initials(user.name)).classes(
                    'w-8 h-8 rounded-full bg-primary text-white text-xs font-semibold flex items-center justify-center')
                with ui.column().classes('gap-0 items-start'):
                    ui.label(user.name).classes('text-sm font-medium leading-tight')
                    ui.label(f'{user.email} · {ROLE_LABELS.get(user.role, user.role)}') \
                        .classes('text-xs text-slate-500 leading-tight').mark('user-role')
                ui.icon('expand_more')
            with ui.menu().props('anchor="bottom right" self="top right"'):
                ui.menu_item('Account', on_click=lambda: ui.navigate.to('/account'))
                if can(user, Permission.team):
                    ui.menu_item('Add teammates', on_click=lambda: ui.navigate.to('/team'))
                ui.separator()
                ui.menu_item('Log out', on_click=post_logout).mark('logout')
    with ui.column().classes('w-full max-w-6xl mx-auto px-6 py-6 gap-6') as body:
        yield body


def _initials(name: str) -> str:
    parts = [p for p in name.split() if p]
    return (''.join(p[0] for p in parts[:2]) or '?').upper()


def post_logout() -> None:
    """Sign out with a POST to /logout (pages/auth.py): a GET never signs anyone out."""
    ui.run_javascript("const f = document.createElement('form'); f.method = 'post'; f.action = '/logout'; "
                      'document.body.appendChild(f); f.submit();')
