"""Publishing the demo plan: PDF, large-print PDF and DOCX, and the whole publish action.

Reference in the same run: WeasyPrint rendering a one-paragraph page, the fixed cost any PDF made
with it pays (start-up, fonts, layout engine). The ratio says how much our plan document adds.
Aim (issue 2): the plan's PDF in under 3 s.
"""

import io

from common import database_arg, report, setup_django, timed


def main(database):
    setup_django(database)
    from django.core.management import call_command
    from weasyprint import HTML

    from eunomia.accounts.models import User
    from eunomia.documents import render
    from eunomia.plans import actions
    from eunomia.plans.models import PlanYear, PublishedVersion

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

    # The whole publication of this year's draft: fill its gaps, approve, publish (recalculate,
    # build, render three files, store).
    plan = PlanYear.objects.filter(partnership__slug="harrowdale").order_by("-start_year").first()
    manager = User.objects.get(email="manager@harrowdale.example")
    _fill_gaps(plan, manager)
    actions.approve_plan(by=manager, plan=plan)
    seconds, version = timed(lambda: actions.publish_plan(by=manager, plan=plan))
    report("publish_plan_total", seconds, "s", database)


def _fill_gaps(plan, user):
    from eunomia.figures import actions as figure_actions
    from eunomia.plans import actions

    _, gaps = actions.publication_gaps(plan)
    for gap in gaps:
        if gap.target_id:
            from eunomia.plans.models import Target

            target = Target.objects.get(pk=gap.target_id)
            value = 1 if target.unit == "yes_no" else (50 if target.unit != "text" else None)
            actions.record_actual(by=user, target=target, value=value, text_value="Done" if target.unit == "text" else "",
                                  milestone_met=True if target.unit == "text" else None, evidence="Benchmark")
        elif gap.figure_name:
            from eunomia.figures.models import Figure

            figure = Figure.objects.get(partnership=plan.partnership, name=gap.figure_name)
            figure_actions.record_value(by=user, figure=figure, value=1 if figure.unit == "yes_no" else 50,
                                        text_value="Done" if figure.unit == "text" else "", evidence="Benchmark")


if __name__ == "__main__":
    main(database_arg())
