"""People run from the browser (issue 12), in Chromium with axe on every page: the manager invites
a partner's officer, who accepts by the emailed link and chooses a password; the manager ends the
membership; a token is made; a forgotten password is asked for. With JavaScript and without."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


def _errors(page, *messages):
    summary = page.locator(".govuk-error-summary")
    for message in messages:
        expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(page).to_have_title(re.compile("^Error: "))
    axe_check(page)


def _success(page, text):
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(text)
    axe_check(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_manager_invites_and_the_officer_joins_then_leaves(new_page, live_server, manager, housing, javascript):
    page = new_page(javascript=javascript)
    sign_in(page, live_server, manager)
    page.get_by_role("link", name="Directory", exact=True).click()
    page.get_by_role("link", name="People and their roles").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    axe_check(page)
    page.get_by_role("link", name="Invite a person").click()
    axe_check(page)
    page.get_by_role("button", name="Send the invitation").click()
    _errors(page, "Enter their full name", "Enter their work email address", "Choose their organisation",
            "Choose a role")
    page.get_by_label("Full name").fill("Sam Patel")
    page.get_by_label("Work email address").fill("sam.patel@testvale.example")
    page.get_by_label("Organisation").select_option(label="Testvale Homes")
    page.get_by_label("Partner practitioner").check()
    page.get_by_role("button", name="Send the invitation").click()
    _success(page, "Invitation sent to sam.patel@testvale.example")
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", mail.outbox[-1].body).group(0)

    officer = new_page(javascript=javascript)
    officer.goto("/accounts/" + link.split("/accounts/", 1)[1])  # the path: the live server has its own port
    expect(officer.get_by_role("heading", level=1)).to_have_text("Your invitation")
    axe_check(officer)
    officer.get_by_label("Choose a password").fill("password1234")
    officer.get_by_label("The password again").fill("password1234")
    officer.get_by_role("button", name="Accept and create my account").click()
    _errors(officer, "This password is too common.")
    officer.get_by_label("Choose a password").fill("lantern-harbour-97")
    officer.get_by_label("The password again").fill("lantern-harbour-97")
    officer.get_by_role("button", name="Accept and create my account").click()
    _success(officer, "Welcome: you are Partner practitioner for Testvale Homes")

    page.reload()
    page.get_by_role("link", name=re.compile("End membership of Sam Patel")).click()
    axe_check(page)
    page.get_by_role("button", name="End the membership").click()
    _success(page, "Sam Patel's membership ends on")
    officer.goto("/p/testvale/plans/")
    expect(officer.get_by_role("heading", level=1)).to_have_text("Page not found")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_an_api_token_and_a_forgotten_password(new_page, live_server, manager, javascript):
    page = new_page(javascript=javascript)
    sign_in(page, live_server, manager)
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="your API tokens").click()
    axe_check(page)
    page.get_by_role("button", name="Create the token").click()
    _errors(page, "Name the token")
    page.get_by_label("Name").fill("Monthly figures script")
    page.get_by_role("button", name="Create the token").click()
    expect(page.get_by_role("heading", name="Token created")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Sign out").click()

    page.get_by_role("link", name="Forgotten your password?").click()
    axe_check(page)
    page.get_by_label("Your work email address").fill("someone@nowhere.example")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    axe_check(page)
