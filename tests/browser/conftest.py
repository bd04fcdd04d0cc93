"""Browser journeys: Debian's Chromium (Playwright cannot download its own here) driving the
live server, with axe-core checking every page a journey visits.

pytest-playwright is installed but not used: these few fixtures are all the journeys need, and
they keep the Chromium flags and the axe check in one place."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect, sync_playwright

from eunomia.accounts import second_factor
from tests.conftest import PASSWORD
from tests.signin import authenticator_code, authenticator_for

# Without the networking flags Chromium keeps trying to reach Google's services; as root it
# needs --no-sandbox.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE_SOURCE = (Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(config, items):
    """Each journey runs with JavaScript on and with it off, once per database pass each: with it on
    against PostgreSQL, off against SQLite. The pages and the database are the same either way, so
    this keeps both browser variants and both databases covered for half the time of running every
    journey twice on each pass (CI's time limit). EUNOMIA_BROWSER_JS=both runs both on one pass
    (ADR 33)."""
    if os.environ.get("EUNOMIA_BROWSER_JS") == "both":
        return
    engine = settings.DATABASES["default"]["ENGINE"]
    skipped = "[without-js" if "postgresql" in engine else "[with-js"
    kept, deselected = [], []
    for item in items:
        (deselected if skipped in item.nodeid and "/browser/" in item.nodeid else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(scope="package")
def chromium(chromium_path):
    # Playwright's sync API runs an event loop in this thread, and Django then refuses the
    # tests' own (synchronous) database calls as if they came from async code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(chromium, live_server):
    """Make a page in a fresh browser context: its own cookies, so signed out until signed in.

    The CSP is bypassed so that axe can be injected; nothing else of the app's policy changes."""
    contexts = []

    def make(*, javascript=True):
        context = chromium.new_context(bypass_csp=True, accept_downloads=True, java_script_enabled=javascript,
                                       base_url=live_server.url)
        context.set_default_timeout(15_000)
        context.add_init_script(script=AXE_SOURCE)
        contexts.append(context)
        page = context.new_page()
        page.javascript_enabled = javascript
        if not javascript:
            page.axe_copy = _copy_page(chromium, contexts)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page with JavaScript on; a journey without it takes `new_page(javascript=False)`."""
    return new_page()


def _axe_violations(page):
    # Every page of the tests' contexts has axe from its start (add_init_script), so its half a megabyte
    # is not sent again for each check (a third of each check's time); a page somehow without it gets it.
    if not page.evaluate("() => typeof window.axe?.run === 'function'"):
        page.evaluate("source => { (0, eval)(source) }", AXE_SOURCE)
    # resultTypes: only violations are read, and axe skips the detail of everything that passed.
    return page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
                         ".then(results => results.violations)", AXE_TAGS)


def axe_check(page):
    """Fail with every WCAG 2.2 A/AA violation axe finds on the page as it is now.

    axe needs scripts to run, so a page opened with JavaScript off is checked as a copy: the same
    HTML served at the same address to a page with scripts on, the app's own scripts blocked, so
    axe sees what the no-script reader sees."""
    if getattr(page, "javascript_enabled", True):
        page.wait_for_load_state("load")
        violations = _axe_violations(page)
    else:
        violations = _axe_violations_without_js(page)
    if violations:
        lines = [f"axe found {len(violations)} accessibility violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.extend(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}" for node in violation["nodes"])
        pytest.fail("\n".join(lines), pytrace=False)


def _copy_page(chromium, contexts):
    """A page with scripts on that shows whatever HTML it is given at the address it is given,
    with the app's own scripts blocked: axe then sees what a reader without JavaScript sees."""
    context = chromium.new_context(bypass_csp=True)
    context.add_init_script(script=AXE_SOURCE)
    contexts.append(context)
    copy = context.new_page()
    copy.html = ""

    def serve(route):
        kind = route.request.resource_type
        if kind == "document":
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=copy.html)
        elif kind == "script":
            route.abort()
        else:
            route.continue_()

    copy.route("**/*", serve)
    return copy


def _settled_html(page):
    """The page's HTML once its document has loaded.

    A check straight after a click can meet a navigation half done: the new document committed but
    not yet parsed (`<html><head></head><body></body></html>`). Wait for it to load; a page that is
    still empty after that is checked as it is, so a page really without a title still fails."""
    for _ in range(20):
        page.wait_for_load_state("load")
        html = page.content()
        if "<body></body>" not in html:
            return html
        page.wait_for_timeout(100)
    return html


def _axe_violations_without_js(page):
    copy = page.axe_copy
    copy.html = _settled_html(page)
    copy.goto(page.url)
    return _axe_violations(copy)


def sign_in(page, live_server, user, *, password=PASSWORD):
    """Sign in through the real form, as a person would, with a code from their authenticator app
    when their role needs one, and land on the user's first page."""
    app = authenticator_for(user) if second_factor.must_give(user) else None
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if app is not None:
        page.get_by_label("Code").fill(authenticator_code(app))
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


@pytest.fixture(autouse=True)
def police_uk_crime_types(request):
    """Journeys run against a live server, so the database is emptied after each one, rows that
    migrations seeded included. The police.uk categories are such rows: put them back."""
    if "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("db")
    from django.utils.text import slugify

    from eunomia.crime.models import CURRENT_CATEGORIES, CrimeType

    for position, name in enumerate(CURRENT_CATEGORIES + ["Violent crime", "Public disorder and weapons"]):
        CrimeType.objects.get_or_create(name=name, defaults={
            "slug": slugify(name), "is_asb": name == "Anti-social behaviour",
            "is_legacy": position >= len(CURRENT_CATEGORIES), "position": position})
