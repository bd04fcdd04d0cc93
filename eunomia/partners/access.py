"""Access to everything under a partnership, for pages and the API alike: the partnership comes
through the user's scoped query (another partnership's pages are a 404) and the permission is
checked before the view runs (a member without it gets a 403)."""

import functools

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from eunomia.accounts.permissions import has_permission, may_see_people, permissions_in
from eunomia.accounts.roles import Permission
from eunomia.partners.queries import partnerships_visible_to


def partnership_view(permission, *, nav_section=""):
    """`permission` None: any member of the partnership, the view deciding what more it needs."""
    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, slug, *args, **kwargs):
            partnership = get_object_or_404(partnerships_visible_to(request.user), slug=slug)
            if permission is not None and not has_permission(request.user, permission, partnership=partnership):
                raise PermissionDenied
            request.partnership = partnership
            request.nav_section = nav_section
            return view(request, partnership, *args, **kwargs)

        return wrapped

    return decorate


def require(user, permission, *, partnership, obj=None):
    if not has_permission(user, permission, partnership=partnership, obj=obj):
        raise PermissionDenied


def partnership_context(request):
    partnership = getattr(request, "partnership", None)
    if partnership is None:
        return {}
    held = permissions_in(request.user, partnership)
    urls = {
        "plans": reverse("plans:list", args=[partnership.slug]),
        "figures": reverse("figures:list", args=[partnership.slug]),
        "directory": reverse("partners:directory", args=[partnership.slug]),
    }
    if Permission.ASSESSMENT_VIEW in held:
        urls["assessment"] = reverse("assessment:page", args=[partnership.slug])
        urls["crime"] = reverse("crime:data", args=[partnership.slug])
    if may_see_people(request.user, partnership):
        urls["people"] = reverse("partners:people", args=[partnership.slug])
    if Permission.PLAN_VIEW in held:
        urls["tasking"] = reverse("tasking:dashboard", args=[partnership.slug])
        urls["projects"] = reverse("projects:dashboard", args=[partnership.slug])
        urls["operations"] = reverse("operations:log", args=[partnership.slug])
        urls["governance"] = reverse("governance:dashboard", args=[partnership.slug])
    if Permission.CASE_VIEW in held:
        urls["casework"] = reverse("casework:reports", args=[partnership.slug])
        urls["families"] = reverse("families:list", args=[partnership.slug])
    elif Permission.CLAIM_VERIFY in held or Permission.FAMILY_MANAGE in held:
        urls["families"] = reverse("family_claims:home", args=[partnership.slug])  # the claims, not the families
    if Permission.DA_VIEW in held:
        urls["domesticabuse"] = reverse("domesticabuse:home", args=[partnership.slug])
    if Permission.AUDIT_VIEW in held:
        urls["audit"] = reverse("home:audit_log", args=[partnership.slug])
    elif Permission.DA_AUDIT_VIEW in held:
        # A DA specialist or auditor reads only the DA audit log (ADR 42).
        urls["audit"] = reverse("home:da_audit_log", args=[partnership.slug])
    return {
        "partnership": partnership,
        "perms_here": {p.value for p in held},
        "partnership_urls": urls,
        "nav_section": getattr(request, "nav_section", ""),
    }


def partnership_for(request, slug, permission):
    """For the API: the partnership in the URL if the caller belongs to it (else 404) and holds
    `permission` there (else 403)."""
    partnership = partnerships_visible_to(request.user).filter(slug=slug).first()
    if partnership is None:
        raise Http404
    require(request.user, permission, partnership=partnership)
    return partnership
