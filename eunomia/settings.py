"""Eunomia settings: one module, driven by environment variables.

The defaults give the embedded mode a newcomer gets with `make demo`: SQLite in `var/`, debug
off unless asked, a generated secret kept on disk. `EUNOMIA_ENV=production` turns the safe defaults
into loud failures: a production server must be told its secret, database and hosts.
"""

import json
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from eunomia.core.addresses import parse_networks

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("EUNOMIA_VAR_DIR", BASE_DIR / "var"))

ENVIRONMENT = os.environ.get("EUNOMIA_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
TESTING = os.environ.get("EUNOMIA_TESTING") == "1"


def _required_in_production(name, default):
    value = os.environ.get(name)
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set when EUNOMIA_ENV=production")
    return default() if callable(default) else default


def _local_secret_key():
    """A per-checkout secret, so the embedded mode never runs on a key published in the repo."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _required_in_production("SECRET_KEY", _local_secret_key)
DEBUG = os.environ.get("DEBUG", "0") == "1" and not PRODUCTION
ALLOWED_HOSTS = [
    h.strip()
    for h in _required_in_production("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "django_tasks",
    "django_tasks_db",
    "eunomia.core",
    "eunomia.accounts",
    "eunomia.audit",
    "eunomia.partners",
    "eunomia.figures",
    "eunomia.plans",
    "eunomia.documents",
    "eunomia.jobs",
    "eunomia.upkeep",
    "eunomia.geography",
    "eunomia.places",
    "eunomia.crime",
    "eunomia.assessment",
    "eunomia.evidence",
    "eunomia.casework",
    "eunomia.interventions",
    "eunomia.casereview",
    "eunomia.risk",
    "eunomia.referrals",
    "eunomia.taskgroup",
    "eunomia.domesticabuse",
    "eunomia.tasking",
    "eunomia.projects",
    "eunomia.operations",
    "eunomia.governance",
    "eunomia.equality",
    "eunomia.families",
    "eunomia.hatereports",
    "eunomia.records",
    "eunomia.briefing",
    "eunomia.notifications",
    "eunomia.home",
    "eunomia.demo",
]

MIDDLEWARE = [
    # First, so that every answer (a redirect to HTTPS too) carries its request id (ADR 72).
    "eunomia.core.request_ids.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "eunomia.core.middleware.SecurityHeadersMiddleware",
    "eunomia.core.middleware.NoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "eunomia.accounts.sessions.SessionActivityMiddleware",
    "eunomia.accounts.second_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "eunomia.core.middleware.LoginRequiredMiddleware",
    "eunomia.audit.context.AuditContextMiddleware",
]

ROOT_URLCONF = "eunomia.urls"
WSGI_APPLICATION = "eunomia.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "eunomia.core.context_processors.service",
                "eunomia.partners.access.partnership_context",
                "eunomia.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# A connection is kept for the next request of the same worker thread for DB_CONN_MAX_AGE seconds:
# opening one costs PostgreSQL a new server process for every page (docs/adr/0058). Checked before
# reuse, so a connection the server dropped is replaced, not reported as an error. 0 closes it after
# each request.
DATABASES = {
    "default": dj_database_url.parse(
        _required_in_production("DATABASE_URL", f"sqlite:///{VAR_DIR / 'eunomia.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker and the web process read while one writes; IMMEDIATE takes the write
    # lock at the start of a transaction, so two writers queue instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
    }
    VAR_DIR.mkdir(parents=True, exist_ok=True)
else:
    # PostgreSQL's JIT compiler pays off on long analytical queries; on a page's short ones it only
    # adds its compile time (about 90 ms to each larger casework query, ADR 32).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Second factors (ADR 46). Members holding any of these roles must give one after their password;
# anyone who has set one up is always asked for it. Default: the roles that read personal data
# (accounts.roles.PERSONAL_DATA_ROLES). EUNOMIA_SECOND_FACTOR_ROLES=none asks nobody who has not set one up.
SECOND_FACTOR_ROLES = os.environ.get("EUNOMIA_SECOND_FACTOR_ROLES", "")
# The demo (`make demo`) lets its members skip the second factor; never in production.
DEMO = os.environ.get("EUNOMIA_DEMO") == "1" and not PRODUCTION
# Authenticator apps: codes from the step before or after are accepted (a phone's clock may drift),
# and a wrong code makes the next try wait 1, 2, 4, ... seconds (django-otp's throttling).
OTP_TOTP_ISSUER = os.environ.get("EUNOMIA_SERVICE_NAME", "Eunomia")
# Passkeys are a second factor here, after the password, never a sign-in on their own (ADR 46).
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_HELPER_CLASS = "eunomia.accounts.passkeys.PasskeyHelper"
# That helper takes the relying party and origin from the request's host (which ALLOWED_HOSTS checks),
# so the library's own settings for them stay unset and its checks for them are silenced.
SILENCED_SYSTEM_CHECKS = ["otp_webauthn.E010", "otp_webauthn.E030"]

# A password reset link works once (it is bound to the password it replaces) and for two hours.
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60

# Signing in with the organisation's identity provider (OpenID Connect, such as Microsoft Entra ID;
# ADR 47, eunomia.accounts.oidc): on when the issuer, client ID and secret are all set. The endpoints
# come from the issuer's discovery document. It never makes an account: the address the provider
# gives must be a member's, and verified.
OIDC_ISSUER = os.environ.get("EUNOMIA_OIDC_ISSUER", "").strip()
OIDC_RP_CLIENT_ID = os.environ.get("EUNOMIA_OIDC_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = os.environ.get("EUNOMIA_OIDC_CLIENT_SECRET", "")
if any([OIDC_ISSUER, OIDC_RP_CLIENT_ID, OIDC_RP_CLIENT_SECRET]) and not all(
        [OIDC_ISSUER, OIDC_RP_CLIENT_ID, OIDC_RP_CLIENT_SECRET]):
    raise ImproperlyConfigured("EUNOMIA_OIDC_ISSUER, EUNOMIA_OIDC_CLIENT_ID and EUNOMIA_OIDC_CLIENT_SECRET are set "
                               "together or not at all")
# The button says "Sign in with <this>".
OIDC_PROVIDER_NAME = os.environ.get("EUNOMIA_OIDC_PROVIDER_NAME", "your organisation's account")
# Take the provider's email claim without email_verified (Entra ID sends none). Only for a provider
# whose own administrators alone set people's addresses, such as your organisation's Entra tenant.
OIDC_TRUST_EMAIL = os.environ.get("EUNOMIA_OIDC_TRUST_EMAIL", "0") == "1"
# The provider asks everyone for a second factor (say, by Conditional Access) even when its ID token
# does not say so in `amr`: signing in there then counts as the second factor here.
OIDC_ENFORCES_MFA = os.environ.get("EUNOMIA_OIDC_ENFORCES_MFA", "0") == "1"
# mozilla-django-oidc's own settings.
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The proxies in front of the service (addresses or CIDR ranges, comma-separated). Their
# X-Forwarded-For is believed and nobody else's (eunomia.core.addresses, ADR 42); none by default.
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("EUNOMIA_TRUSTED_PROXIES", "").split(",") if p.strip()]
try:
    parse_networks(TRUSTED_PROXIES)
except ValueError as error:
    raise ImproperlyConfigured(f"EUNOMIA_TRUSTED_PROXIES: {error}") from None

# Repeated failed logins lock the account name out for a while, after LOGIN_FAILURE_LIMIT failures
# within the window, and the address they come from after LOGIN_FAILURE_ADDRESS_LIMIT failures (much
# higher: a whole office can share one address; ADR 42). See accounts.throttle.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_ADDRESS_LIMIT = int(os.environ.get("LOGIN_FAILURE_ADDRESS_LIMIT", "50"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))

# Public forms (reporting a hate incident, applying for an ASB case review; ADR 67): sent forms are
# limited per address and per form in a window (an address signed in is limited per person instead),
# and a body larger than PUBLIC_FORM_MAX_BYTES is refused before it is read.
PUBLIC_FORM_ADDRESS_LIMIT = int(os.environ.get("EUNOMIA_PUBLIC_FORM_ADDRESS_LIMIT", "10"))
PUBLIC_FORM_LIMIT = int(os.environ.get("EUNOMIA_PUBLIC_FORM_LIMIT", "300"))
PUBLIC_FORM_STEP_LIMIT = int(os.environ.get("EUNOMIA_PUBLIC_FORM_STEP_LIMIT", "200"))
PUBLIC_FORM_WINDOW_SECONDS = int(os.environ.get("EUNOMIA_PUBLIC_FORM_WINDOW_SECONDS", "3600"))
PUBLIC_FORM_MAX_BYTES = int(os.environ.get("EUNOMIA_PUBLIC_FORM_MAX_BYTES", str(64 * 1024)))

# Whose bank holidays make the working days of statutory deadlines (eunomia.core.working_days): ENG
# (England and Wales), WLS, SCT or NIR.
BANK_HOLIDAY_REGION = os.environ.get("EUNOMIA_BANK_HOLIDAY_REGION", "ENG")
if BANK_HOLIDAY_REGION not in ("ENG", "WLS", "SCT", "NIR"):
    raise ImproperlyConfigured("EUNOMIA_BANK_HOLIDAY_REGION must be ENG, WLS, SCT or NIR")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "build" / "collected"
STATICFILES_DIRS = [
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    BASE_DIR / "build" / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
# Outside production, look files up per request instead of scanning every static file whenever a
# handler starts (each test client starts one).
WHITENOISE_AUTOREFRESH = not PRODUCTION
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60  # and at most this long from signing in (accounts.sessions)
# A session without a request for this long ends (accounts.sessions).
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    # HTTPS only, on this host and every host under it, and fit for browsers' preload lists; each can
    # be turned off with its variable set to 0 (ADR 42). The health check answers over plain HTTP, for
    # load balancers that probe that way.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("EUNOMIA_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("EUNOMIA_HSTS_PRELOAD", "1") == "1"
    SECURE_SSL_REDIRECT = os.environ.get("EUNOMIA_SSL_REDIRECT", "1") == "1"
    SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^health/ready/$"]

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token first, so that a refused token answers 401 with WWW-Authenticate: Token.
        "eunomia.accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "eunomia.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON read with limits on size and nesting (eunomia.core.api, ADR 36).
    "DEFAULT_PARSER_CLASSES": [
        "eunomia.core.api.JsonParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Eunomia API",
    "DESCRIPTION": "Plans, targets and figures of a Community Safety Partnership.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "FigureUnitEnum": "eunomia.core.formatting.Unit",
        "TargetUnitEnum": "eunomia.plans.models.Target.TargetUnit",
        "CaseStatusEnum": "eunomia.casework.models.Case.Status",
        "InterventionKindEnum": "eunomia.interventions.models.Kind",
        "FigureKindEnum": "eunomia.figures.models.Figure.Kind",
        # The domains of ADR 43.
        "ReferralStatusEnum": "eunomia.referrals.models.Referral.Status",
        "ReferralServiceEnum": "eunomia.referrals.models.Referral.Service",
        "CaseReviewStatusEnum": "eunomia.casereview.models.CaseReviewApplication.Status",
        "GroupItemStatusEnum": "eunomia.tasking.models.GroupItem.Status",
        "RiskAssessmentKindEnum": "eunomia.risk.models.QuestionSet.Kind",
        "RiskBandEnum": "eunomia.risk.models.Band",
        "OrganisationKindEnum": "eunomia.partners.models.Organisation.Kind",
        "ProjectStatusEnum": "eunomia.projects.models.Project.Status",
        "ReturnStatusEnum": "eunomia.projects.models.Return.Status",
    },
}

# GOV.UK Notify (eunomia/notifications/notify.py) when its key and template are set, else EMAIL_BACKEND.
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_TEMPLATE_ID = os.environ.get("NOTIFY_TEMPLATE_ID", "")
EMAIL_BACKEND = ("eunomia.notifications.notify.NotifyEmailBackend" if NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID else
                 os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "eunomia@localhost")

SERVICE_NAME = os.environ.get("EUNOMIA_SERVICE_NAME", "Eunomia")
# The address emails link to (notifications: a count and a link, never the record). Required in
# production: a default there would send every member a link to 127.0.0.1.
SITE_URL = _required_in_production("EUNOMIA_SITE_URL", "http://127.0.0.1:8000")
# Open data (ADR 61): the 360Giving publisher prefix grant and organisation identifiers start with,
# after "360G-" ({slug} is the partnership's), and the licence the grants file is published under.
EUNOMIA_360G_PREFIX = os.environ.get("EUNOMIA_360G_PREFIX", "eunomia-{slug}").strip() or "eunomia-{slug}"
EUNOMIA_360G_LICENSE = os.environ.get(
    "EUNOMIA_360G_LICENSE", "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/").strip()
# The hour (London time) from which the daily digest of notifications goes (send_notifications).
NOTIFICATIONS_DIGEST_HOUR = int(os.environ.get("NOTIFICATIONS_DIGEST_HOUR", "7"))
# Notifications are deleted by send_notifications once this many days old: read ones after 90,
# unread ones after a year (ADR 41), unless a rule still gives them.
NOTIFICATIONS_KEEP_READ_DAYS = int(os.environ.get("NOTIFICATIONS_KEEP_READ_DAYS", "90"))
NOTIFICATIONS_KEEP_UNREAD_DAYS = int(os.environ.get("NOTIFICATIONS_KEEP_UNREAD_DAYS", "365"))

# Uploaded files waiting for a background job (imports). Shared storage when there are several machines.
MEDIA_ROOT = Path(os.environ.get("EUNOMIA_MEDIA_ROOT", VAR_DIR / "uploads"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Logs (ADR 72). Every record carries the id of the request or job it came from (`request_id`). In
# production, or with EUNOMIA_LOG_FORMAT=json, each is one JSON object on a line, for a log collector,
# and every request writes a line (logger eunomia.requests, at INFO); EUNOMIA_LOG_FORMAT=text keeps
# plain lines.
LOG_FORMAT = os.environ.get("EUNOMIA_LOG_FORMAT", "json" if PRODUCTION else "text").strip().lower()
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("EUNOMIA_LOG_FORMAT must be json or text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "eunomia.core.request_ids.RequestIdFilter"}},
    "formatters": {"json": {"()": "eunomia.core.request_ids.JsonLines"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             **({"formatter": "json"} if LOG_FORMAT == "json" else {})}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"eunomia.requests": {"level": "INFO"}} if LOG_FORMAT == "json" else {},
}

# /health/ready/ (ADR 72): a worker must have said it is alive (its heartbeat, or a job's) within this
# many seconds, and the disks of the stored files and the backups must have this many MB free.
READY_WORKER_SECONDS = int(os.environ.get("EUNOMIA_READY_WORKER_SECONDS", "120"))
READY_MIN_FREE_MB = int(os.environ.get("EUNOMIA_READY_MIN_FREE_MB", "1024"))

# Checkpoints of the audit chain's head (`manage.py audit_checkpoint`, ADR 42): appended to this file,
# which an operator ships off the machine, and emailed to this address (say, the data protection
# officer) when one is set. `verify_audit` compares the log with the file's latest checkpoint.
AUDIT_CHECKPOINT_FILE = os.environ.get("EUNOMIA_AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.jsonl"))
AUDIT_CHECKPOINT_EMAIL = os.environ.get("EUNOMIA_AUDIT_CHECKPOINT_EMAIL", "")

# Backups (`manage.py backup`, ADR 74). The scheduled backup (`run_schedule`) writes one a night into
# BACKUP_DIR and keeps the newest BACKUP_KEEP. BACKUP_RECIPIENTS: the age or SSH public keys (separated
# by commas or spaces, or a file of them, one a line) a backup is encrypted to; the operator keeps the
# private key off this server. Without recipients a backup is written unencrypted.
BACKUP_DIR = Path(os.environ.get("EUNOMIA_BACKUP_DIR", VAR_DIR / "backups"))
BACKUP_KEEP = int(os.environ.get("EUNOMIA_BACKUP_KEEP", "14"))
BACKUP_RECIPIENTS = os.environ.get("EUNOMIA_BACKUP_RECIPIENTS", "").strip()

# A running background job whose worker has said nothing for this long is taken for one whose worker
# died (eunomia/jobs, docs/adr/0014-task-queue.md).
JOBS_STALE_MINUTES = int(os.environ.get("JOBS_STALE_MINUTES", "10"))

# Scheduled work (`manage.py run_schedule`, ADR 73). A run still going this many hours after it started is
# taken for one whose runner was killed, so its task runs again at its next slot. EUNOMIA_SCHEDULE_OFF
# names tasks not to run on their schedule (comma-separated; `run_schedule --list` shows the names), such
# as a retention task during a legal hold.
SCHEDULE_STALE_HOURS = int(os.environ.get("EUNOMIA_SCHEDULE_STALE_HOURS", "2"))
SCHEDULE_OFF = [name.strip() for name in os.environ.get("EUNOMIA_SCHEDULE_OFF", "").split(",") if name.strip()]

# Where background jobs are sent to run (Django's Tasks interface, ADR 56). By default a table in
# Eunomia's own database, run by `manage.py worker`. EUNOMIA_TASKS_BACKEND names another backend's
# class (an RQ or Celery one, say) to run them on a queue an installation already has; that backend's
# own options go in EUNOMIA_TASKS_OPTIONS as JSON.
def _tasks_options():
    text = os.environ.get("EUNOMIA_TASKS_OPTIONS", "").strip() or "{}"
    try:
        options = json.loads(text)
    except ValueError as problem:
        raise ImproperlyConfigured(f"EUNOMIA_TASKS_OPTIONS is not JSON: {problem}") from None
    if not isinstance(options, dict):
        raise ImproperlyConfigured("EUNOMIA_TASKS_OPTIONS must be a JSON object of option names and values")
    return options


TASKS = {
    "default": {
        "BACKEND": os.environ.get("EUNOMIA_TASKS_BACKEND", "").strip() or "django_tasks_db.DatabaseBackend",
        "OPTIONS": _tasks_options(),
    },
}

# The largest police.uk file (CSV or zip) the import page accepts, in bytes. A national month is
# about 110 MB as CSV; a year of one force as a zip is far less.
CRIME_UPLOAD_MAX_BYTES = int(os.environ.get("CRIME_UPLOAD_MAX_BYTES", str(500 * 1024 * 1024)))
