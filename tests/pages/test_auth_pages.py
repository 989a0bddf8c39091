"""Sign-up, sign-in and logout in the browser UI."""

from __future__ import annotations

from nicegui.testing import User

from tests.pages.conftest import log_out, sign_in
from tests.support.factories import PASSWORD, make_admin


async def test_signup_lands_on_empty_jobs_page(user: User) -> None:
    await user.open('/signup')
    user.find(marker='organization').type('Acme')
    user.find(marker='name').type('Ann Lee')
    user.find(marker='email').type('ann@acme.io')
    user.find(marker='password').type('password123')
    user.find(marker='submit').click()
    await user.should_see('No jobs yet', retries=30)
    await user.should_see('Ann Lee', retries=30)


async def test_signup_errors_are_shown_next_to_fields(user: User) -> None:
    make_admin(email='taken@acme.io')
    await user.open('/signup')
    user.find(marker='organization').type('Acme')
    user.find(marker='name').type('Ann')
    user.find(marker='email').type('taken@acme.io')
    user.find(marker='password').type('password123')
    user.find(marker='submit').click()
    await user.should_see('An account with this email already exists.', retries=30)
    user.find(marker='email').clear().type('bad-email')
    user.find(marker='password').clear().type('short')
    user.find(marker='submit').click()
    await user.should_see('Please fix the highlighted fields.', retries=30)


async def test_wrong_password_shows_one_generic_message(user: User) -> None:
    make_admin(email='ann@acme.io')
    await user.open('/login')
    user.find(marker='email').type('ann@acme.io')
    user.find(marker='password').type('not the password')
    user.find(marker='submit').click()
    await user.should_see('Incorrect email or password.', retries=30)
    user.find(marker='email').clear().type('nobody@acme.io')
    user.find(marker='submit').click()
    await user.should_see('Incorrect email or password.', retries=30)
    await user.should_not_see(marker='user-menu')


async def test_hr_pages_require_sign_in_and_logout_ends_the_session(user: User) -> None:
    await user.open('/jobs')
    await user.should_see('Sign in')  # redirected to the login page
    admin = make_admin(email='ann@acme.io')
    await sign_in(user, admin.email, PASSWORD)
    await user.should_see('No jobs yet', retries=30)
    await log_out(user)
    await user.should_see('Sign in', retries=30)
    await user.open('/jobs')
    await user.should_not_see(marker='user-menu')
    await user.should_see('Sign in', retries=30)


async def test_admin_adds_a_teammate_who_can_sign_in(user: User) -> None:
    admin = make_admin(email='boss@acme.io')
    await sign_in(user, admin.email)
    await user.open('/team')
    user.find(marker='member-name').type('Hana')
    user.find(marker='member-email').type('hana@acme.io')
    user.find(marker='member-password').type('hana-password')
    user.find(marker='add-member').click()
    await user.should_see('Teammate added.', retries=30)
    await user.should_see(marker='team-table', retries=30)  # the table is rebuilt after the add (a DB read)
    table = user.find(marker='team-table').elements.pop()
    assert [row['email'] for row in table.rows] == ['boss@acme.io', 'hana@acme.io']
    await log_out(user)
    await sign_in(user, 'hana@acme.io', 'hana-password')
    await user.open('/team')
    await user.should_see('Only an admin of your organization can add teammates.', retries=30)
    await user.should_not_see(marker='reviewer-assignments')


async def test_a_get_or_a_cross_site_post_never_signs_out(user: User) -> None:
    admin = make_admin(email='ann@acme.io')
    await sign_in(user, admin.email, PASSWORD)
    await user.open('/logout')  # e.g. an <img src=".../logout"> on another site
    await user.should_see(marker='confirm-logout')
    forged = await user.http_client.post('/logout', headers={'Origin': 'https://evil.example'})
    assert forged.status_code == 403
    await user.open('/jobs')
    await user.should_see(marker='user-menu', retries=30)  # still signed in
    await log_out(user)
    await user.open('/jobs')
    await user.should_see('Sign in', retries=30)


async def test_the_site_admin_closes_sign_up(user: User) -> None:
    admin = make_admin(email='ann@acme.io')
    other = make_admin(email='bob@other.io')  # an admin of a later organization: not the site admin
    await sign_in(user, other.email, PASSWORD)
    await user.open('/settings')
    await user.should_see(marker='retention-card')
    await user.should_not_see(marker='signup-card')
    await log_out(user)
    await sign_in(user, admin.email, PASSWORD)
    await user.open('/settings')
    user.find(marker='allow-signup').click()
    await user.should_see('Sign-up is closed.', retries=30)
    await log_out(user)
    await user.should_not_see('Create an organization')
    await user.open('/signup')
    await user.should_see(marker='signup-closed')
    await user.should_not_see(marker='submit')
