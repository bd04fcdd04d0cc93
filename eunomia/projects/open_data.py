"""The partnership's grants as 360Giving open data (ADR 61): a page saying what would be published,
and the JSON package, spreadsheet and CSV to download. A file that would not pass the schema is
never sent: the page says what to put right instead. Reading needs what reading the plan needs."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.core.periods import year_label
from eunomia.partners.access import partnership_view
from eunomia.projects import threesixtygiving

NAV = "projects"
FORMATS = {
    "json": ("application/json; charset=utf-8", "json"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}


def _chosen_year(request, partnership):
    """(financial year asked for in ?year=, None for every year; the years there are; what was wrong)."""
    years = threesixtygiving.grant_years(partnership)
    wanted = request.GET.get("year", "").strip()
    if not wanted:
        return None, years, None
    if wanted.isdigit() and int(wanted) in years:
        return int(wanted), years, None
    return None, years, "There are no grants from the funds of the year asked for: choose one of the years listed"


def _page(request, partnership, *, year, years, package=None, problems=(), year_problem=None, status=200):
    query = f"?year={year}" if year is not None else ""
    return render(request, "projects/open_data.html", {
        "year": year, "year_label": year_label(year) if year is not None else None,
        "years": [(y, year_label(y)) for y in years],
        "year_problem": year_problem, "problems": problems, "package": package,
        "total": threesixtygiving.total_awarded(package) if package else None,
        "downloads": [(reverse(f"projects:grants_{fmt}", args=[partnership.slug]) + query, text) for fmt, text in (
            ("json", "JSON file (360Giving package)"), ("xlsx", "Spreadsheet (.xlsx, with a Meta sheet)"),
            ("csv", "CSV file"))],
        "dashboard_url": reverse("projects:dashboard", args=[partnership.slug]),
    }, status=status)


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def open_data(request, partnership):
    year, years, year_problem = _chosen_year(request, partnership)
    if year_problem:
        return _page(request, partnership, year=None, years=years, year_problem=year_problem, status=400)
    package, problems = threesixtygiving.export(partnership, start_year=year)
    return _page(request, partnership, year=year, years=years, package=package, problems=problems)


def _download(request, partnership, fmt):
    year, years, year_problem = _chosen_year(request, partnership)
    if year_problem:
        return _page(request, partnership, year=None, years=years, year_problem=year_problem, status=400)
    package, problems = threesixtygiving.export(partnership, start_year=year)
    if problems:
        # Nothing half-right goes out as open data: the page lists what to put right (409: the records
        # as they stand conflict with the standard).
        return _page(request, partnership, year=year, years=years, package=package, problems=problems, status=409)
    if fmt == "json":
        body = threesixtygiving.package_json(package).encode("utf-8")
    elif fmt == "xlsx":
        body = threesixtygiving.workbook_of(package)
    else:
        body = threesixtygiving.csv_of(package).encode("utf-8")
    audit.record(by=request.user, action="projects.grants_exported", obj=partnership, partnership=partnership,
                 data={"format": fmt, "year": year, "grants": len(package["grants"])})
    content_type, extension = FORMATS[fmt]
    response = HttpResponse(body, content_type=content_type)
    name = f"{threesixtygiving.file_name(partnership, year)}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def grants_json(request, partnership):
    return _download(request, partnership, "json")


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def grants_xlsx(request, partnership):
    return _download(request, partnership, "xlsx")


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def grants_csv(request, partnership):
    return _download(request, partnership, "csv")
