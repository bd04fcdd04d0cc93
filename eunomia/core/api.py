"""What the API shares with the pages: the same scoped queries and permissions, and refusals in
plain words. An action's ValidationError becomes a 400 naming the fields, like DRF's own."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from eunomia.accounts.permissions import has_permission
from eunomia.partners.queries import partnerships_visible_to


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)


def partnership_for(request, slug, permission):
    """The partnership in the URL if the caller belongs to it (else 404) and holds `permission`
    there (else 403)."""
    partnership = partnerships_visible_to(request.user).filter(slug=slug).first()
    if partnership is None:
        raise Http404
    if not has_permission(request.user, permission, partnership=partnership):
        raise PermissionDenied
    return partnership


def require_api(user, permission, *, partnership, obj=None):
    if not has_permission(user, permission, partnership=partnership, obj=obj):
        raise PermissionDenied
