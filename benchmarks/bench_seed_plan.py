"""Entering the real seed plan (Tonbridge and Malling CSP, Partnership Plan 2014-15) into a fresh
installation with the workbook upload (issue 11), instead of the 207 form submissions it took
through the pages: how many submissions, and how long Eunomia takes over them.

The seed's text (../shared/seed/partnership-plan-2014-15.txt, outside the repository; without it
the benchmark says so and stops) is parsed when the benchmark runs into two workbooks, 2013/14 (the
plan its review table reviews) and 2014/15, written to benchmarks/out/seed_plan/ (`seed_plan.py`
says how, and which values are illustrative). Then, on a fresh SQLite database, as a CSP manager
would: `manage.py create_partnership` (one step), and through Django's test client every other
step as a POST: signing in, the partnership's and the council's contact details, each other
organisation (members since April 2009, and the providers that only deliver actions), both
workbooks, then on its own page anything the upload left undone (a section of text, a milestone's
actual or whether it was met: nothing with the upload as it is now), approval and publication of
2014/15 (2013/14 needs no approval: only the published plan does). Every POST counts, refused or
not; a refused one prints the problems the page lists, and publication refused prints its gaps. The time is the whole
run from the command to the published plan (time.perf_counter), not the building of the workbooks,
which stands in for the manager typing them. The published PDF's text (pdftotext) is then checked:
no XX left (other than in the illustrative figures' stated source), the 2013/14 review table and
the members.

Run: `make bench ONLY=seed_plan` (SQLite only: the counts do not depend on the database).
"""

import html
import io
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from common import database_arg, report, setup_django

OUT = Path(__file__).resolve().parent / "out" / "seed_plan"
FORMS_BEFORE = 207  # submissions through the pages, counted in issue 11
SLUG = "tonbridge-malling"
LAD = "E07000115"  # Tonbridge and Malling
MANAGER = "csp.manager@tonbridge-malling.example"


def page_problems(content):
    """What a refused page lists: its error summary and, on the upload page, each problem's row."""
    page = content.decode()
    found = []
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    if summary:
        found += [_text(item) for item in re.findall(r"<li>(.*?)</li>", summary.group(1), re.S)]
    table = re.search(r'id="problems".*?<tbody[^>]*>(.*?)</tbody>', page, re.S)
    if table:
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.S):
            sheet, number, column, message = (_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))
            found.append(f"{sheet}, row {number}, column {column}: {message}")
    return found


def _text(fragment):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment))).strip()


def main(database):
    if database != "sqlite":
        print(f"# seed_plan runs on SQLite only (its counts do not depend on the database): skipped on {database}",
              file=sys.stderr)
        return 0
    setup_django(database)
    import seed_plan
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client

    from eunomia.figures.models import Figure
    from eunomia.jobs import actions as job_actions
    from eunomia.partners.models import Organisation, Partnership
    from eunomia.partners.queries import organisations_in
    from eunomia.plans.actions import publication_gaps
    from eunomia.plans.models import Action, PlanYear, PublishedVersion, Section, Target
    from eunomia.plans.queries import published_file

    if not seed_plan.SEED.exists():
        print(f"# seed_plan skipped: the seed {seed_plan.SEED} is not on this machine (it is kept outside the "
              "repository, in ../shared/seed/)", file=sys.stderr)
        return 0
    seed = seed_plan.read_seed()
    books, actuals = seed_plan.build_workbooks(seed)
    OUT.mkdir(parents=True, exist_ok=True)
    files = {}
    for year, data in books.items():
        files[year] = OUT / f"{SLUG}-plan-{year}-{(year + 1) % 100:02d}.xlsx"
        files[year].write_bytes(data)
    for line in seed["dropped"]:
        print(f"# dropped from the seed's review table as debris of the PDF extraction: {line}", file=sys.stderr)
    failures = []
    posts, step_seconds = Counter(), Counter()
    client = Client()

    def post(step, url, data, *, expect=302):
        began = time.perf_counter()
        response = client.post(url, data)
        step_seconds[step] += time.perf_counter() - began
        posts[step] += 1
        if response.status_code != expect:
            problems = page_problems(response.content) or [f"status {response.status_code}"]
            failures.append(f"{step} refused: {len(problems)} problems")
            print(f"# REFUSED {step} ({url}):", *(f"#   {p}" for p in problems), sep="\n", file=sys.stderr)
        return response

    partnership_details = seed["partnership"]
    council = seed["members"][0]
    start = time.perf_counter()
    output = io.StringIO()
    call_command("create_partnership", "--name", partnership_details["name"], "--slug", SLUG, "--lad", LAD,
                 "--email", partnership_details["email"], "--phone", partnership_details["phone"],
                 "--website", partnership_details["website"],
                 "--organisation", council["name"], "--joined", seed_plan.JOINED.isoformat(),
                 "--manager", MANAGER, "--manager-name", "CSP Manager", stdout=output)
    password = re.search(r"password.*: (\S+)\s*$", output.getvalue()).group(1)
    base = f"/p/{SLUG}"
    post("sign in", "/accounts/sign-in/", {"email": MANAGER, "password": password})
    for year, path in files.items():
        response = post("workbook upload", f"{base}/plans/upload/", {
            "start_year": str(year), "file": SimpleUploadedFile(path.name, path.read_bytes())})
        if response.status_code == 302:
            for message in (m for m in response.wsgi_request._messages if f"loaded from {path.name}" in str(m)):
                print(f"# {message}", file=sys.stderr)

    plan = PlanYear.objects.filter(partnership__slug=SLUG, start_year=seed_plan.PLAN_YEAR).first()
    reviewed = PlanYear.objects.filter(partnership__slug=SLUG, start_year=seed_plan.REVIEWED_YEAR).first()
    # What the upload did not take is entered through its page, as a manager would.
    sections = {s.get_kind_display(): s for s in Section.objects.filter(plan=plan)}
    for label, body in seed["texts"].items():
        if sections and sections[label].body != body.strip():
            post("section text", f"{base}/plans/{plan.start_year}/text/{sections[label].kind}/", {"body": body})
    for target in Target.objects.filter(action__plan=reviewed).select_related("actual"):
        _, value, words = actuals[target.measure]
        if target.unit == "text" and target.milestone_met is None:
            post("milestone actual", f"{base}/plans/{reviewed.start_year}/targets/{target.pk}/actual/", {
                "text_value": words, "milestone_met": "yes", "evidence": seed_plan.ILLUSTRATIVE_ACTUAL})
        elif target.unit != "text" and not target.actual.has_value:
            post("actual the upload left out", f"{base}/plans/{reviewed.start_year}/targets/{target.pk}/actual/",
                 {"value": value, "evidence": seed_plan.ILLUSTRATIVE_ACTUAL})
    if plan is not None:
        post("approve", f"{base}/plans/{plan.start_year}/approve/", {})
        response = post("publish", f"{base}/plans/{plan.start_year}/publish/", {})
        if response.status_code != 302:
            for gap in publication_gaps(plan)[1]:
                print(f"#   gap: {gap.what}" + (f" (owner: {gap.owner})" if gap.owner else ""), file=sys.stderr)
    seconds = time.perf_counter() - start

    submissions = 1 + sum(posts.values())  # the command, then every POST
    print("# submissions: 1 create_partnership, " + ", ".join(f"{n} {step} ({step_seconds[step]:.2f} s)"
                                                           for step, n in posts.items()), file=sys.stderr)
    report("seed_plan_submissions", submissions, "submissions", database)
    report("seed_plan_seconds", seconds, "s", database)
    report("seed_plan_forms_before", FORMS_BEFORE, "submissions", database)
    report("seed_plan_ratio", FORMS_BEFORE / submissions, "x", database)
    partnership = Partnership.objects.get(slug=SLUG)
    report("seed_plan_organisations", Organisation.objects.count(), "organisations", database)
    report("seed_plan_members", organisations_in(partnership).count(), "members", database)
    report("seed_plan_plans", PlanYear.objects.filter(partnership=partnership).count(), "plans", database)
    report("seed_plan_actions", Action.objects.filter(plan__partnership=partnership).count(), "actions", database)
    report("seed_plan_targets", Target.objects.filter(action__plan__partnership=partnership).count(), "targets",
           database)
    report("seed_plan_figures", Figure.objects.filter(partnership=partnership).count(), "figures", database)
    report("seed_plan_sections_with_text", Section.objects.filter(plan__partnership=partnership)
           .exclude(body="").count(), "sections", database)

    version = PublishedVersion.objects.filter(plan__partnership=partnership).first()
    if version is None:
        failures.append("nothing was published")
    else:
        # The worker's step (ADR 54): the documents are made in the background after publication.
        job = job_actions.run_job(job_actions.claim_next(worker="bench"))
        pdf = published_file(version, "pdf")
        if pdf is None:
            failures.append(f"the published PDF was not made: {job.error}")
        else:
            (OUT / f"{SLUG}-published-{version.plan.file_label}.pdf").write_bytes(pdf)
            failures += check_pdf(pdf, seed, seed_plan.ILLUSTRATIVE)
    for failure in failures:
        print(f"# FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


def check_pdf(pdf, seed, illustrative):
    """What is wrong with the published PDF's text: an XX left (other than in the illustrative
    figures' source, `illustrative`), the 2013/14 review table or a member missing."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    flat = re.sub(r"\s+", " ", text)
    failures = []
    # A placeholder is X, XX or XXX on its own: postcodes such as ME14 1XX are addresses.
    leftover = re.findall(r"\bX{1,3}\b", flat.replace(illustrative, ""))
    if leftover:
        failures.append(f"the PDF still prints a placeholder (X, XX or XXX) {len(leftover)} times")
    wanted = (["Review of actions 2013/14", "2013/14 actual"] + list(seed["review"])
              + [m["name"] for m in seed["members"]])
    flat_plain = re.sub(r"\s+", "", text)
    for words in wanted:
        if re.sub(r"\s+", "", words) not in flat_plain:
            failures.append(f"the PDF does not print {words!r}")
    return failures


if __name__ == "__main__":
    sys.exit(main(database_arg()))
