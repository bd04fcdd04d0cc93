from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render


def form_page(request, form, *, page_title, back_url=None, caption=None, intro=None,
              template="core/partials/form_page.html", **extra):
    """Render a one-form page; a form with errors answers 400 so tools and tests can tell."""
    context = {"form": form, "page_title": page_title, "back_url": back_url, "caption": caption,
               "intro": intro, **extra}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, context, status=status)


def posted(request):
    """The submitted data for a form, or None on GET. (`request.POST or None` would treat a POST
    with no fields, such as a confirmation button without a CSRF field, as a GET.)"""
    return request.POST if request.method == "POST" else None


@contextmanager
def showing_refusal_message(request):
    """The one way a view runs an action for a button with no form (delete, cancel, mark done):

        with showing_refusal_message(request):
            actions.cancel(by=request.user, job=job)
            messages.success(request, "The job was cancelled")
        return redirect(...)

    An action refusing with a ValidationError leaves the block at once, and its words are shown as
    an error message on the next page."""
    try:
        yield
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
