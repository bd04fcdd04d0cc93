"""A member's own notifications: the list (read and unread), marking them read, and how they are
emailed. No partnership page: a member of several partnerships reads all of theirs in one place."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from eunomia.core.rendering import form_page, posted, showing_refusal_message
from eunomia.notifications import actions, queries
from eunomia.notifications.forms import PreferenceForm

PAGE_SIZE = 50


def notification_list(request):
    show = request.GET.get("show", "all")
    notifications = queries.notifications_for(request.user).select_related("partnership")
    if show == "unread":
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page, "show": show, "query": "show=unread" if show == "unread" else "",
        "unread": queries.unread_count(request.user),
        "preference": actions.preference_of(request.user)})


@require_POST
def notification_open(request, pk):
    """Mark one read and go to its page (a POST: opening a notice changes it)."""
    notification = get_object_or_404(queries.notifications_for(request.user), pk=pk)
    actions.mark_read(by=request.user, notification=notification)
    if url_has_allowed_host_and_scheme(notification.path, allowed_hosts=None) and notification.path.startswith("/"):
        return redirect(notification.path)
    return redirect("notifications:list")


@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(queries.notifications_for(request.user), pk=pk)
    with showing_refusal_message(request):
        actions.mark_read(by=request.user, notification=notification)
        messages.success(request, "Marked as read")
    return redirect("notifications:list")


@require_POST
def notification_read_all(request):
    count = actions.mark_all_read(by=request.user, notifications=queries.notifications_for(request.user))
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} as read")
    return redirect("notifications:list")


def preferences(request):
    preference = actions.preference_of(request.user)
    form = PreferenceForm(posted(request), initial={"email": preference.email})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.set_preference(by=request.user, email=form.cleaned_data["email"])
            messages.success(request, "Your email preference is saved")
            return redirect("notifications:list")
    return form_page(request, form, page_title="How we email you", caption="Notifications",
                     back_url=reverse("notifications:list"))
