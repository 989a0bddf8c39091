"""Sign-in, sign-up, logout and the account page."""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from nicegui import app, ui

from app.db import run_in_session, run_read
from app.errors import AppError
from app.links import same_origin
from app.models import User
from app.permissions import ROLE_LABELS, Permission
from app.services import accounts, site_settings
from components.forms import clear_errors, error_banner, show_error
from components.frame import post_logout
from components.session import client_ip, hr_page, public_page, session_user, sign_in, sign_out_locally
from components.theme import apply_theme, brand


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an open redirect would let a phishing link bounce through our login.
    if target and target.startswith('/') and not target.startswith('//'):
        return target
    return '/jobs'


def _auth_card(title: str, subtitle: str) -> ui.card:
    apply_theme()
    ui.page_title(f'{title} · Panelist')
    with ui.column().classes('w-full min-h-screen items-center justify-center p-4'):
        brand('medium').classes('mb-4')
        card = ui.card().classes('w-full max-w-md p-8 gap-4 shadow-md')
        with card:
            ui.label(title).classes('text-xl font-semibold')
            ui.label(subtitle).classes('text-sm text-slate-500 -mt-3')
    return card


@public_page('/login')
async def login_page(next: str | None = None) -> RedirectResponse | None:
    if await session_user() is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    with _auth_card('Sign in', 'HR workspace for your organization'):
        banner = error_banner()
        email = ui.input('Work email').props('outlined autocomplete=email type=email').classes('w-full').mark('email')
        password = ui.input('Password', password=True, password_toggle_button=True) \
            .props('outlined autocomplete=current-password').classes('w-full').mark('password')

        async def submit() -> None:
            clear_errors(email, password, banner=banner)
            button.props('loading')
            try:
                user = await run_in_session(accounts.authenticate, email.value or '', password.value or '',
                                            client_ip())
            except AppError as exc:
                show_error(exc, banner=banner)
                return
            finally:
                button.props(remove='loading')
            sign_in(user)
            ui.navigate.to(_safe_next(next))

        password.on('keydown.enter', submit)
        button = ui.button('Sign in', on_click=submit).props('unelevated size=md').classes('w-full').mark('submit')
        if await run_read(site_settings.signup_allowed):
            with ui.row().classes('w-full justify-center text-sm gap-1'):
                ui.label('New to Panelist?').classes('text-slate-500')
                ui.link('Create an organization', '/signup')
    return None


@public_page('/signup')
async def signup_page() -> RedirectResponse | None:
    if await session_user() is not None:
        return RedirectResponse('/jobs', status_code=303)
    if not await run_read(site_settings.signup_allowed):
        with _auth_card('Sign-up is closed', 'New organizations cannot be created on this server'):
            ui.label(accounts.SIGNUP_CLOSED).classes('text-sm').mark('signup-closed')
            ui.link('Sign in', '/login')
        return None
    with _auth_card('Create your organization', 'You become its admin and can invite teammates later'):
        banner = error_banner()
        org = ui.input('Organization').props('outlined autocomplete=organization').classes('w-full') \
            .mark('organization')
        name = ui.input('Your name').props('outlined autocomplete=name').classes('w-full').mark('name')
        email = ui.input('Work email').props('outlined autocomplete=email type=email').classes('w-full').mark('email')
        password = ui.input('Password (8–128 characters)', password=True, password_toggle_button=True) \
            .props('outlined autocomplete=new-password').classes('w-full').mark('password')
        fields = {'organization': org, 'name': name, 'email': email, 'password': password}

        async def submit() -> None:
            clear_errors(*fields.values(), banner=banner)
            data = {key: field.value or '' for key, field in fields.items()}
            try:
                user: User = await run_in_session(accounts.signup, data, client_ip() or 'unknown')
            except AppError as exc:
                show_error(exc, fields, banner)
                return
            sign_in(user)
            ui.navigate.to('/jobs')

        password.on('keydown.enter', submit)
        ui.button('Create organization', on_click=submit).props('unelevated').classes('w-full').mark('submit')
        with ui.row().classes('w-full justify-center text-sm gap-1'):
            ui.label('Already have an account?').classes('text-slate-500')
            ui.link('Sign in', '/login')
    return None


@public_page('/logout')
async def logout_page() -> RedirectResponse | None:
    """A GET never signs out (a link or image on another site could): it asks, and the button POSTs."""
    if await session_user() is None:
        return RedirectResponse('/login', status_code=303)
    with _auth_card('Sign out', 'This signs you out everywhere, API tokens included'):
        ui.button('Sign out', on_click=post_logout).props('unelevated').classes('w-full').mark('confirm-logout')
    return None


@app.post('/logout', include_in_schema=False)
async def logout(request: Request) -> Response:
    """Sign out: revokes every session and API token of the user, not only this browser's.

    A POST, and only from this site: a cross-site form gets 403 (the session cookie is SameSite=Lax too).
    """
    if not same_origin(request):
        return Response('Cross-site sign-out refused.', status_code=403)
    user = await session_user()
    if user is not None:
        await run_in_session(accounts.logout, user, request.client.host if request.client else None)
    sign_out_locally()
    return RedirectResponse('/login', status_code=303)


@hr_page('/account', 'Account', Permission.signed_in)
async def account_page(user: User) -> None:
    ui.label('Account').classes('text-2xl font-semibold')
    with ui.card().classes('w-full max-w-xl p-6 gap-3'):
        ui.label('Signed in as').classes('text-sm text-slate-500')
        ui.label(f'{user.name} · {user.email} · {ROLE_LABELS.get(user.role, user.role)}').classes('font-medium')
    with ui.card().classes('w-full max-w-xl p-6 gap-3'):
        ui.label('Change password').classes('text-lg font-semibold')
        ui.label('Changing it signs you out everywhere, including API tokens.').classes('text-sm text-slate-500')
        banner = error_banner()
        current = ui.input('Current password', password=True).props('outlined').classes('w-full')
        new = ui.input('New password (8–128 characters)', password=True, password_toggle_button=True) \
            .props('outlined autocomplete=new-password').classes('w-full')

        async def submit() -> None:
            clear_errors(current, new, banner=banner)
            try:
                fresh = await run_in_session(accounts.change_password, user,
                                             {'current_password': current.value or '', 'new_password': new.value or ''})
            except AppError as exc:
                show_error(exc, {'current_password': current, 'new_password': new}, banner)
                return
            sign_in(fresh)  # keep this browser signed in with the new token version
            current.set_value('')
            new.set_value('')
            ui.notify('Password changed. Other sessions were signed out.', type='positive')

        ui.button('Change password', on_click=submit).props('unelevated')
