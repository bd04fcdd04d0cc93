from django.shortcuts import render


def form_page(request, form, *, page_title, back_url=None, caption=None, intro=None,
              template="core/partials/form_page.html", **extra):
    """Render a one-form page; a form with errors answers 400 so tools and tests can tell."""
    context = {"form": form, "page_title": page_title, "back_url": back_url, "caption": caption,
               "intro": intro, **extra}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, context, status=status)
