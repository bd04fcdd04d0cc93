"""Cache-Control (ADR 42): every answer that can hold personal data tells browsers and proxies not
to store it; the published plans and static files keep their own long cache."""

import pytest
from django.utils import timezone

from eunomia.plans.models import PublishedVersion
from eunomia.plans.report import plan_document


def stored_nowhere(response):
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("url", [
    "/p/testvale/plans/2025/",                # a page
    "/p/testvale/plans/2024/workbook/",       # a download (XLSX)
    "/p/testvale/audit/",
    "/api/v1/partnerships/testvale/plans/",   # an API answer
    "/p/testvale/no-such-page/",              # even a refusal
])
def test_answers_to_a_signed_in_member_are_not_stored(client_for, manager, plans, url):
    response = client_for(manager).get(url)

    assert response.status_code in (200, 404)
    assert stored_nowhere(response), response.get("Cache-Control")
    assert "private" in response["Cache-Control"]


def test_api_answers_to_an_unknown_caller_are_not_stored(client_for, plans):
    response = client_for(None).get("/api/v1/partnerships/testvale/plans/")

    assert response.status_code in (401, 403)
    assert stored_nowhere(response)


def test_published_plans_and_static_files_keep_their_long_cache(client_for, manager, plans):
    document, _ = plan_document(plans["current"])
    PublishedVersion.objects.create(plan=plans["current"], number=1, published_at=timezone.now(), published_by=manager,
                                    document=document, pdf=b"%PDF-1.7", large_print_pdf=b"%PDF-1.7", docx=b"PK")

    for client in (client_for(None), client_for(manager)):
        download = client.get("/published/testvale/2025/v1/plan.pdf")
        assert download.status_code == 200
        assert download["Cache-Control"] == "public, max-age=31536000, immutable"
        assert not stored_nowhere(client.get("/published/testvale/2025/"))
        static = client.get("/static/govuk/govuk-frontend.min.css")
        assert static.status_code == 200 and not stored_nowhere(static)
