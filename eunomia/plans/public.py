"""Published plans: open to everyone, no sign-in. Only frozen versions are ever shown here."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from eunomia.jobs.queries import jobs_visible_to
from eunomia.partners.models import Partnership
from eunomia.plans.queries import file_states, published_file, published_versions

DOWNLOADS = {
    "plan.pdf": ("pdf", "application/pdf", "pdf"),
    "plan-large-print.pdf": ("large_print_pdf", "application/pdf", "pdf"),
    "plan.docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}
LINK_TEXT = {"pdf": "PDF", "large_print_pdf": "Large-print PDF", "docx": "Word document (DOCX)"}


_public_sections = []


def public_section(function):
    """Register function(request, partnership) -> PublicSection or None: what an app above plans shows
    on the partnership's public page (meetings, how to report, the case review), from its `plan_uses`
    module. Sections show in the order registered, after the published plans."""
    _public_sections.append(function)
    return function


class PublicSection:
    """A part of the partnership's public page: a heading and a template given `context`."""

    def __init__(self, heading, template, **context):
        self.heading, self.template, self.context = heading, template, context


def _latest_per_plan(versions):
    latest = {}
    for version in versions.order_by("plan_id", "-number"):
        latest.setdefault(version.plan_id, version)
    return sorted(latest.values(), key=lambda v: (v.plan.partnership.name, -v.plan.start_year))


@require_GET
def index(request):
    versions = published_versions().defer("document", "pdf", "large_print_pdf", "docx")
    return render(request, "plans/public/index.html", {"versions": _latest_per_plan(versions), "nav_section": "published"})


@require_GET
def partnership_plans(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    versions = published_versions().filter(plan__partnership=partnership).defer("document", "pdf", "large_print_pdf", "docx")
    sections = [section for section in (f(request, partnership) for f in _public_sections) if section is not None]
    return render(request, "plans/public/partnership.html",
                  {"public_partnership": partnership, "versions": _latest_per_plan(versions), "sections": sections,
                   "nav_section": "published"})


def _version(slug, year, number=None):
    versions = published_versions().filter(plan__partnership__slug=slug, plan__start_year=year)
    if number is not None:
        versions = versions.filter(number=number)
    version = versions.defer("pdf", "large_print_pdf", "docx").order_by("-number").first()
    if version is None:
        raise Http404
    return version


@require_GET
def plan(request, slug, year):
    return _show(request, _version(slug, year))


@require_GET
def version(request, slug, year, number):
    return _show(request, _version(slug, year, number))


def _show(request, version):
    others = published_versions().filter(plan=version.plan).only("id", "plan_id", "number", "published_at").order_by("-number")
    states, job = file_states(version)
    downloads = [{"filename": filename, "text": LINK_TEXT[field], "state": states[field]}
                 for filename, (field, _, _) in DOWNLOADS.items()]
    # The publisher (or anyone who oversees the partnership's jobs) is shown where to follow the build.
    progress_job = None
    if job is not None and request.user.is_authenticated and any(d["state"] != "ready" for d in downloads):
        progress_job = jobs_visible_to(request.user, version.plan.partnership).filter(pk=job.pk).first()
    return render(request, "plans/public/plan.html", {
        "version": version, "document": version.document, "others": others,
        "is_latest": version.number == others[0].number, "nav_section": "published",
        "downloads": downloads, "progress_job": progress_job,
    })


@require_GET
def download(request, slug, year, number, filename):
    if filename not in DOWNLOADS:
        raise Http404
    field, content_type, extension = DOWNLOADS[filename]
    version = get_object_or_404(
        published_versions().only("id", "number", "plan_id", "plan__start_year", "plan__years", "plan__partnership__slug",
                                  "plan__partnership__name", "document"),
        plan__partnership__slug=slug, plan__start_year=year, number=number,
    )
    content = published_file(version, field)
    if content is None:
        # Not made yet (or its build failed): a page saying so, never a broken or half-written file.
        states, _ = file_states(version)
        response = render(request, "plans/public/document_pending.html", {
            "version": version, "document": version.document, "what": LINK_TEXT[field],
            "preparing": states[field] == "preparing", "nav_section": "published",
        }, status=404)
        response["Cache-Control"] = "no-store"
        return response
    response = HttpResponse(content, content_type=content_type)
    stem = f"{slug}-partnership-plan-{version.plan.file_label}-v{number}"
    if field == "large_print_pdf":
        stem += "-large-print"
    response["Content-Disposition"] = f'attachment; filename="{stem}.{extension}"'
    # A published file never changes, so it may be cached for as long as anyone likes.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
