"""Publishing: the demo plan and a plan of 20 priorities and 400 targets (ADR 54).

Publishing freezes the version and makes its page public at once; the PDF, large-print PDF and DOCX
follow from a background job. Two times for each plan: from the click on "Publish" (the POST through
the whole middleware stack) to the public page answering, and the job making all three documents
(the worker's step: claim and run, rendering side by side in up to three child processes).

Reference in the same run: WeasyPrint rendering a one-paragraph page, the fixed cost any PDF made
with it pays (start-up, fonts, layout engine), and each of the demo plan's three files on its own.
Aims (issue 2, issue 13): the demo plan's PDF in under 3 s and all its documents in under 3 s; the
400-target plan's public page within 2 s of the click and all its documents in under 30 s.
"""

import datetime
import io
import os
import time

from bench_pages import build
from common import database_arg, report, setup_django, timed


def main(database):
    setup_django(database)
    from django.core.management import call_command
    from django.test import Client
    from weasyprint import HTML

    from eunomia.accounts.models import Membership, User
    from eunomia.documents import render
    from eunomia.partners import actions as partners
    from eunomia.plans import actions, publishing
    from eunomia.plans.models import PlanYear, PublishedDocument, PublishedVersion

    report("publish_processes", publishing.processes(), "processes", database)
    report("cpu_count", os.cpu_count(), "cores", database)
    seconds, _ = timed(lambda: call_command("load_demo", stdout=io.StringIO()))
    report("demo_build", seconds, "s", database)

    document = PublishedVersion.objects.order_by("-published_at").first().document
    reference, _ = timed(lambda: HTML(string="<p>Eunomia</p>").write_pdf(), repeat=5, warmup=1)
    report("weasyprint_minimal_pdf", reference, "s", database)
    pdf_seconds, pdf = timed(lambda: render.to_pdf(document), repeat=3, warmup=1)
    report("plan_pdf", pdf_seconds, "s", database)
    report("plan_pdf_vs_minimal_pdf", pdf_seconds / reference, "ratio", database)
    report("plan_pdf_size", len(pdf) / 1024, "KiB", database)
    large_seconds, _ = timed(lambda: render.to_pdf(document, large_print=True), repeat=3)
    report("plan_large_print_pdf", large_seconds, "s", database)
    docx_seconds, _ = timed(lambda: render.to_docx(document), repeat=3, warmup=1)
    report("plan_docx", docx_seconds, "s", database)

    # The demo's draft for this year: fill its gaps, approve, publish.
    plan = PlanYear.objects.filter(partnership__slug="harrowdale").order_by("-start_year").first()
    manager = User.objects.get(email="manager@harrowdale.example")
    _fill_gaps(plan, manager)
    actions.approve_plan(by=manager, plan=plan)
    _publish(database, "publish_demo_plan", manager, plan, Client, PublishedDocument)

    # A plan of 20 priorities and 400 targets (bench_pages' plan).
    owner = User.objects.create_user("bench@eunomia.test", "bench-password", full_name="Bench")
    partnership = partners.create_partnership(by=owner, name="Bench CSP", slug="bench",
                                              local_authority_codes=["E07000115"], phone="01234 567890")
    organisation = partners.add_organisation(by=owner, partnership=partnership, name="Bench Council",
                                             joined_on=datetime.date(2000, 1, 1))
    Membership.objects.create(user=owner, partnership=partnership, organisation=organisation, role="csp_manager")
    big = build(owner, partnership, organisation)
    actions.approve_plan(by=owner, plan=big)
    _publish(database, "publish_400_target_plan", owner, big, Client, PublishedDocument)


def _publish(database, name, user, plan, Client, PublishedDocument):
    """Click "Publish", read the public page, then run the worker's step on the queued job."""
    from eunomia.jobs import actions as job_actions

    from eunomia.accounts.second_factor import SATISFIED

    publisher = Client()
    publisher.force_login(user)
    session = publisher.session
    session[SATISFIED] = "authenticator"  # signed in as having given their second factor (ADR 46)
    session.save()
    slug = plan.partnership.slug
    start = time.perf_counter()
    response = publisher.post(f"/p/{slug}/plans/{plan.start_year}/publish/", {})
    assert response.status_code == 302 and response["Location"].startswith("/published/"), response
    page = Client().get(response["Location"])
    assert page.status_code == 200, page.status_code
    live = time.perf_counter() - start
    report(f"{name}_page_live", live, "s", database)

    start = time.perf_counter()
    job = job_actions.run_job(job_actions.claim_next(worker="bench"))
    documents = time.perf_counter() - start
    assert job.kind == "plans.build_documents" and job.status == "succeeded", (job.kind, job.error)
    assert PublishedDocument.objects.filter(version_id=job.params["version"]).count() == 3
    report(f"{name}_documents", documents, "s", database)
    report(f"{name}_total", live + documents, "s", database)


def _fill_gaps(plan, user):
    from eunomia.figures import actions as figure_actions
    from eunomia.figures.models import Figure
    from eunomia.plans import actions
    from eunomia.plans.models import Target

    _, gaps = actions.publication_gaps(plan)
    for gap in gaps:
        if gap.target_id:
            target = Target.objects.get(pk=gap.target_id)
            value = 1 if target.unit == "yes_no" else (50 if target.unit != "text" else None)
            actions.record_actual(by=user, target=target, value=value, text_value="Done" if target.unit == "text" else "",
                                  milestone_met=True if target.unit == "text" else None, evidence="Benchmark")
        elif gap.figure_name:
            figure = Figure.objects.get(partnership=plan.partnership, name=gap.figure_name)
            figure_actions.record_value(by=user, figure=figure, value=1 if figure.unit == "yes_no" else 50,
                                        text_value="Done" if figure.unit == "text" else "", evidence="Benchmark")


if __name__ == "__main__":
    main(database_arg())
