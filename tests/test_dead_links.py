"""No link leads to a refusal (ADR 42): for each role, every link on the main pages a member uses is
followed, and none may answer 403. A page offers only what its reader may use, so a link shown to a
role that the page behind it then refuses (the plan's text editor to an analyst, a target's actual to
a board member) fails here, whichever template it comes back in."""

import re
from urllib.parse import urldefrag, urlsplit

import pytest

from eunomia.accounts.roles import ROLES
from eunomia.plans import actions as plan_actions

HREF = re.compile(r'href="([^"]+)"')
START_PAGES = [
    "/",
    "/p/testvale/",
    "/p/testvale/plans/",
    "/p/testvale/plans/2024/",
    "/p/testvale/plans/2025/",
    # What is missing before publication, with a link to put each gap right.
    "/p/testvale/plans/2025/preview/",
    "/p/testvale/plans/2025/approve/",
    "/p/testvale/plans/2025/publish/",
    "/p/testvale/figures/",
    "/p/testvale/directory/",
    "/p/testvale/people/",
    "/p/testvale/tasking/",
    "/p/testvale/audit/",
    "/p/testvale/audit/domestic-abuse/",
]
# Links are followed from the start pages and from the pages they lead to.
DEPTH = 2
# Followed elsewhere or not pages: static files, the public site, downloads that build a document.
SKIPPED = re.compile(r"^/(static|published)/|\.(pdf|docx|xlsx|csv)$|/workbook/$")


def links_on(html):
    for href in HREF.findall(html):
        url = urldefrag(href.replace("&amp;", "&"))[0]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIPPED.search(parts.path):
            continue
        yield url


@pytest.mark.parametrize("role", sorted(ROLES))
def test_no_link_shown_to_a_role_is_refused(role, make_member, partnership, council, housing, plans,
                                            council_target, system_user, fast_client_for):
    # A gap in the text, beside the missing actuals: the pages before publication link to its editor.
    plan_actions.save_section(by=system_user, section=plans["current"].sections.get(kind="introduction"), body="")
    organisation = housing if role == "partner_practitioner" else council
    client = fast_client_for(make_member(role, partnership, organisation))
    seen, source, linked, refused = set(START_PAGES), {}, set(), []
    frontier = list(START_PAGES)
    for depth in range(DEPTH + 1):
        following = []
        for url in frontier:
            response = client.get(url)
            if response.status_code == 403 and url in source:
                refused.append(f"{url} (linked from {source[url]})")
            if depth == DEPTH or response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for link in links_on(response.content.decode()):
                linked.add(link)
                if link not in seen:
                    seen.add(link)
                    source[link] = url
                    following.append(link)
        frontier = following

    assert refused == [], f"{ROLES[role].label} is shown links that refuse them"
    # ... and the links a role may use are still there.
    referrals = f"/p/testvale/plans/2024/targets/{plans['referrals'].pk}/actual/"
    council = f"/p/testvale/plans/2024/targets/{council_target.pk}/actual/"
    expected = {"csp_manager": {"/p/testvale/plans/2025/text/introduction/", referrals, council,
                                "/p/testvale/audit/accounts/"},
                "analyst": {referrals, council},
                "partner_practitioner": {referrals},
                "da_specialist": {"/p/testvale/audit/domestic-abuse/"}}.get(role, set())
    assert expected <= linked
    if role == "partner_practitioner":
        assert council not in linked
