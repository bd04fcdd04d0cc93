from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import resolve
from django.utils.cache import add_never_cache_headers

# URL names open to everyone: signing in, the published plans and the partnership's meetings (ADR 64),
# and the health checks.
PUBLIC_URL_NAMES = {
    "accounts:login",
    "accounts:oidc_start",
    "accounts:oidc_callback",
    "accounts:invitation",
    "accounts:password_reset",
    "accounts:password_reset_sent",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "core:health",
    # Whether the installation can do its work: database, worker, disk, migrations (ADR 72).
    "health-ready",
    "published:index",
    "published:partnership",
    "published:plan",
    "published:version",
    "published:download",
    # How a published figure was counted, and the open data behind it (ADR 69).
    "published:how_counted",
    "published:how_counted_records",
    "meetings:list",
    "meetings:meeting",
    "meetings:calendar",
    "meetings:paper",
    # Reporting a hate incident (ADR 62).
    "report_hate:start",
    "report_hate:step",
    "report_hate:check",
    "report_hate:sent",
    # Applying for an ASB case review and following it, and the partnership's case review page (ADR 63).
    "casereview_public:page",
    "casereview_public:start",
    "casereview_public:step",
    "casereview_public:incidents",
    "casereview_public:incident",
    "casereview_public:incident_remove",
    "casereview_public:check",
    "casereview_public:sent",
    "casereview_public:status",
    # The partnership's Family Focus figures (ADR 68).
    "families_public:page",
}

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class LoginRequiredMiddleware:
    """Everything needs a signed-in user except the public URL names above and the API (which
    answers 401/403 itself in JSON). One place decides, and tests/test_url_sweep.py walks every URL
    to prove it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated:
            return None
        match = request.resolver_match or resolve(request.path_info)
        if match.view_name in PUBLIC_URL_NAMES:
            return None
        if match.namespace == "api":
            return None
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        return redirect_to_login(request.get_full_path())


# Swagger UI, on the API documentation page only, sets inline styles as it draws.
API_DOCS_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        docs = request.resolver_match is not None and request.resolver_match.url_name == "api-docs"
        response["Content-Security-Policy"] = API_DOCS_POLICY if docs else CONTENT_SECURITY_POLICY
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class NoStoreMiddleware:
    """Nothing the service answers may be kept by a browser or a proxy on the way (ADR 42): pages,
    PDFs, workbooks and API answers can hold personal data, and a shared council PC's cache or a
    caching proxy would keep it. The exceptions are static files and the published plans, which
    are public and set their own long cache (eunomia/plans/public.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(settings.STATIC_URL):
            return response
        match = request.resolver_match
        if match is not None and match.namespace == "published":
            return response
        add_never_cache_headers(response)
        return response
