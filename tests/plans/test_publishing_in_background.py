"""Publishing in the background (ADR 54): the page is public at once, the PDF, large-print PDF and
DOCX follow from a job, a failing build is tried again, and one that keeps failing ends failed
with its reason and no file."""

import os

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from eunomia.documents import render
from eunomia.jobs import actions as job_actions
from eunomia.jobs.models import Job
from eunomia.notifications import rules
from eunomia.plans import actions, publishing
from eunomia.plans.jobs import BUILD_DOCUMENTS
from eunomia.plans.models import PublishedDocument
from eunomia.plans.queries import file_states

PAGE = "/published/testvale/2025/v1/"
FILES = {"plan.pdf": b"%PDF", "plan-large-print.pdf": b"%PDF", "plan.docx": b"PK"}


@pytest.fixture
def publishable(manager, board_member, plans):
    current = plans["current"]
    actions.record_actual(by=manager, target=plans["referrals"], value=38, evidence="Mediation returns")
    actions.approve_plan(by=board_member, plan=current)
    return current


@pytest.fixture
def one_process(monkeypatch):
    """Render in the test's own process, so a patched renderer can count its calls."""
    monkeypatch.setattr(publishing, "processes", lambda: 1)


def run_worker():
    return job_actions.run_job(job_actions.claim_next(worker="test"))


def test_publishing_makes_the_page_public_at_once_and_queues_the_documents(publishable, manager, client_for,
                                                                           monkeypatch):
    def no_rendering_in_the_request(*args, **kwargs):
        raise AssertionError("documents rendered inside the request")

    monkeypatch.setattr(render, "to_pdf", no_rendering_in_the_request)
    monkeypatch.setattr(render, "to_docx", no_rendering_in_the_request)

    response = client_for(manager).post("/p/testvale/plans/2025/publish/", {"confirm": "yes"})

    assert response.status_code == 302 and response["Location"] == PAGE
    [job] = Job.objects.all()
    assert (job.kind, job.status, job.created_by, job.params) == (BUILD_DOCUMENTS, Job.Status.QUEUED, manager,
                                                                  {"version": job.params["version"]})
    public = client_for(None).get(PAGE)
    assert public.status_code == 200
    text = public.content.decode()
    assert text.count("being prepared") == 3
    assert "plan.pdf" not in text and "plan.docx" not in text
    assert "Follow the making of the documents" not in text  # not to the public
    assert f"/p/testvale/jobs/{job.pk}/" in client_for(manager).get(PAGE).content.decode()
    for filename in FILES:
        early = client_for(None).get(PAGE + filename)
        assert early.status_code == 404 and early["Cache-Control"] == "no-store"
        assert "is being prepared" in early.content.decode()


def test_the_job_makes_all_three_documents_side_by_side(publishable, manager, client_for):
    assert publishing.processes() == min(3, os.cpu_count())
    version = actions.publish_plan(by=manager, plan=publishable)

    job = run_worker()

    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.result["Documents ready"] == ["PDF", "Large-print PDF", "Word document (DOCX)"]
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert file_states(version)[0] == {"pdf": "ready", "large_print_pdf": "ready", "docx": "ready"}
    page = client_for(None).get(PAGE).content.decode()
    assert "being prepared" not in page and "Follow the making" not in client_for(manager).get(PAGE).content.decode()
    for filename, start in FILES.items():
        assert filename in page
        download = client_for(None).get(PAGE + filename)
        assert download.status_code == 200 and download.content.startswith(start)
    assert client_for(None).get(PAGE + "plan.pdf").content != client_for(None).get(
        PAGE + "plan-large-print.pdf").content


def test_a_build_that_fails_once_is_tried_again(publishable, manager, one_process, monkeypatch):
    version = actions.publish_plan(by=manager, plan=publishable)
    real_to_pdf, calls = render.to_pdf, []

    def to_pdf_failing_once(document, *, large_print=False):
        calls.append(large_print)
        if len(calls) == 1:
            raise OSError("out of memory, for the moment")
        return real_to_pdf(document, large_print=large_print)

    monkeypatch.setattr(render, "to_pdf", to_pdf_failing_once)

    job = run_worker()

    assert job.status == Job.Status.SUCCEEDED, job.error
    assert calls == [True, False, True]  # the large-print PDF failed, then was made on the second try
    assert PublishedDocument.objects.filter(version=version).count() == 3


def test_a_build_that_keeps_failing_ends_failed_with_its_reason_and_no_file(publishable, manager, one_process,
                                                                            client_for, monkeypatch):
    version = actions.publish_plan(by=manager, plan=publishable)
    calls = []

    def broken_to_pdf(document, *, large_print=False):
        calls.append(large_print)
        raise ValueError("the fonts are missing")

    monkeypatch.setattr(render, "to_pdf", broken_to_pdf)

    job = run_worker()

    assert job.status == Job.Status.FAILED
    assert job.error == ("The Large-print PDF could not be made: it failed 3 times in a row (ValueError: the fonts "
                         "are missing). The plan's page stays published without it.")
    assert len(calls) == 2 * publishing.BUILD_TRIES
    assert job.result == {"Version": 1, "Documents ready": ["Word document (DOCX)"]}
    assert list(PublishedDocument.objects.filter(version=version).values_list("kind", flat=True)) == ["docx"]
    page = client_for(None).get(PAGE).content.decode()
    assert page.count("not available yet") == 2 and "plan.docx" in page and "plan.pdf" not in page
    missing = client_for(None).get(PAGE + "plan.pdf")
    assert missing.status_code == 404 and "is not available yet" in missing.content.decode()
    # The publisher is told (the notifications' rule for jobs that finished or failed).
    told = [n for n in rules.notices(now=timezone.now()) if n.path == f"/p/testvale/jobs/{job.pk}/"]
    assert [(n.users, n.title) for n in told] == [(frozenset({manager.pk}), told[0].title)]


def test_a_build_started_again_makes_only_what_is_missing(publishable, manager, one_process, monkeypatch):
    version = actions.publish_plan(by=manager, plan=publishable)
    publishing.store_file(version=version, kind="pdf", content=b"%PDF-1.7 made before the worker died")
    made = []
    monkeypatch.setattr(publishing, "render_file", lambda kind, document: made.append(kind) or b"made")

    job = run_worker()

    assert job.status == Job.Status.SUCCEEDED
    assert made == ["large_print_pdf", "docx"]
    assert bytes(PublishedDocument.objects.get(version=version, kind="pdf").content).startswith(b"%PDF-1.7 made")
    assert not publishing.store_file(version=version, kind="pdf", content=b"again")  # stored once, never replaced


def test_publishing_without_the_background_makes_the_documents_at_once(publishable, manager):
    version = actions.publish_plan(by=manager, plan=publishable, in_background=False)

    assert version.documents_job is None and not Job.objects.exists()
    assert PublishedDocument.objects.filter(version=version).count() == 3


def test_a_stored_document_cannot_be_changed(publishable, manager):
    version = actions.publish_plan(by=manager, plan=publishable)
    publishing.store_file(version=version, kind="docx", content=b"PK stored")

    with pytest.raises(DatabaseError), transaction.atomic():
        PublishedDocument.objects.filter(version=version).update(content=b"PK rewritten")

    assert bytes(PublishedDocument.objects.get(version=version).content) == b"PK stored"
