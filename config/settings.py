"""Alianza settings: one module, driven by environment variables.

Every setting that differs between a laptop and production is read from the
environment (see `.env.example`). Defaults are safe for local development:
SQLite under `var/`, DEBUG on only when asked for. A bad value stops the
process at start with a message naming the variable.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
import pycountry
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ALIANZA_VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Under pytest the test settings apply even without ALIANZA_TESTING=1.
TESTING = env_bool("ALIANZA_TESTING", "pytest" in sys.modules)

SECRET_KEY = env_str("SECRET_KEY")
# What Django's deploy check (security.W009) asks of a production key.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see .env.example), "
            "or set DEBUG=1 for local development."
        )
elif not (DEBUG or TESTING) and (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak for DEBUG=0: it must be at least {SECRET_KEY_MIN_LENGTH} "
        f"characters long with at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different characters "
        f"(got {len(SECRET_KEY)} characters, {len(set(SECRET_KEY))} different). Generate one "
        'with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    # Domain apps; imports point one way, top to bottom.
    "alianza.core",
    "alianza.accounts",
    "alianza.audit",
    "alianza.search",
    "alianza.programs",
    "alianza.initiatives",
    "alianza.reference",
    "alianza.systematization",
    # Joint monitoring (issue 4): money, consultancies, risks, board and disputes, dashboard.
    "alianza.finance",
    "alianza.contracts",
    "alianza.risks",
    "alianza.specialists",
    "alianza.deployments",
    "alianza.staffing_plans",
    "alianza.governance",
    "alianza.monitoring",
    "alianza.registry",
    "alianza.iati",
    # Knowledge products, their use and reuse (issue 14): above the three wings.
    "alianza.knowledge",
    "alianza.portal",
    # Backup and restore (issue 15): above every domain app, it reads them all.
    "alianza.operations",
]
if env_str("REDIS_URL"):
    INSTALLED_APPS.append("django_rq")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "alianza.core.middleware.BadQueryParameterMiddleware",
    "alianza.core.middleware.LoginForAnonymousMiddleware",
    "alianza.audit.middleware.AuditContextMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the login page with its message.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Django's form templates, with <select> and its options written in Python (same markup).
FORM_RENDERER = "alianza.core.forms.FormRenderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "alianza.core.context_processors.site",
                "alianza.monitoring.context_processors.notifications",
            ],
        },
    },
]

# Database: SQLite under var/ by default; DATABASE_URL for PostgreSQL.
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'alianza.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0)
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    if not env_str("DATABASE_URL"):
        # The embedded default works from a fresh clone with plain `manage.py migrate`.
        VAR_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Cache: local memory by default; REDIS_URL shares one cache between app servers.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions live in the database so that any app server can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Internationalization: the interface speaks Spanish and English.
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "es")
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/Mexico_City")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Source maps are read by developer tools only: not worth compressing (the API documentation's
# bundles bring 12 MB of them).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
# Pages name static files by their hashed names only ({% static %}): collectstatic keeps (and
# compresses) those alone, which halves its time.
WHITENOISE_KEEP_ONLY_HASHED_FILES = not (DEBUG or TESTING)
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "alianza@localhost")
# The address emails link to (alerts from `send_alerts`): scheme and host, no trailing slash.
ALIANZA_BASE_URL = env_str("ALIANZA_BASE_URL", "http://127.0.0.1:8000")

# Security headers. Behind a TLS-terminating proxy set SECURE_PROXY=1: the proxy's
# X-Forwarded-Proto is trusted, cookies are sent over HTTPS only, plain HTTP is redirected
# and browsers are told to use HTTPS (HSTS). README "Deploying for real" lists the values.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_PROXY = env_bool("SECURE_PROXY", False)
if SECURE_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

# Content-Security-Policy (django-csp): only this origin's files run or style the pages; no
# inline script or style, no eval, no plugins, no framing. The API documentation pages
# (config/api_urls.py) relax it for the third-party Swagger UI and Redoc.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # NONCE: a standalone page (the systematization report) may style itself in a
        # <style nonce> block; the nonce is sent only on responses that use it.
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# How many proxies in front of the app append to X-Forwarded-For (the client address for
# login lockout and API throttles is the one the outermost trusted proxy saw). 0: REMOTE_ADDR.
PROXY_COUNT = env_int("PROXY_COUNT", 1 if env_bool("SECURE_PROXY", False) else 0)

# Login lockout (django-axes, state in the database): LOGIN_FAILURE_LIMIT failed sign-ins for
# one username, or from one address, lock that username / address for LOGIN_COOLOFF_MINUTES
# (each new failure during the lockout restarts it). Administrators unlock in the admin
# (Axes > Access attempts) or with `manage.py axes_reset_username USER` / `axes_reset_ip IP`.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 20)
LOGIN_COOLOFF_MINUTES = env_int("LOGIN_COOLOFF_MINUTES", 30)
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "alianza.accounts.throttling.client_address"
AXES_LOCKOUT_CALLABLE = "alianza.accounts.throttling.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
if AXES_FAILURE_LIMIT < 1 or LOGIN_COOLOFF_MINUTES < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT and LOGIN_COOLOFF_MINUTES must be positive")

# API tokens: stored as SHA-256 digests, shown once, valid for at most API_TOKEN_MAX_DAYS.
API_TOKEN_DEFAULT_DAYS = env_int("API_TOKEN_DEFAULT_DAYS", 90)
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)
if not 1 <= API_TOKEN_DEFAULT_DAYS <= API_TOKEN_MAX_DAYS:
    raise ImproperlyConfigured("API_TOKEN_DEFAULT_DAYS must be between 1 and API_TOKEN_MAX_DAYS")


def env_rate(name: str, default: str) -> str | None:
    """A DRF throttle rate such as 60/minute; "off" disables that throttle."""
    raw = env_str(name, default).strip().lower()
    if raw in ("off", "none", ""):
        return None
    count, _sep, period = raw.partition("/")
    if not count.isdigit() or int(count) < 1 or period[:1] not in ("s", "m", "h", "d"):
        raise ImproperlyConfigured(f"{name} must look like 60/minute (or off), got {raw!r}")
    return raw


DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)

# django-filter: a list filter's empty choice means "do not filter" (it read "---------").
FILTERS_EMPTY_CHOICE_LABEL = _("Any")

REST_FRAMEWORK = {
    "DEFAULT_PARSER_CLASSES": [
        "alianza.core.api.ObjectJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "alianza.accounts.authentication.HashedTokenAuthentication",
    ],
    # Per client (user, or address when anonymous), in the cache (locmem or Redis). The test
    # settings switch them off unless a test sets a rate; token_failure counts failed token
    # checks per address and refuses further token attempts from it once over the rate.
    "DEFAULT_THROTTLE_CLASSES": [
        "alianza.accounts.throttling.AnonRateThrottle",
        "alianza.accounts.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("API_THROTTLE_ANON", "off" if TESTING else "60/minute"),
        "user": env_rate("API_THROTTLE_USER", "off" if TESTING else "600/minute"),
        "token_failure": env_rate("API_TOKEN_FAILURE_RATE", "off" if TESTING else "20/hour"),
    },
    "NUM_PROXIES": PROXY_COUNT,
    "DEFAULT_PERMISSION_CLASSES": ["alianza.core.api.DenyByDefault"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "alianza.core.api.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "alianza.core.api.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "alianza.core.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "alianza.core.api.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Alianza API",
    "DESCRIPTION": (
        "Joint monitoring, systematization and knowledge management of international "
        "development cooperation programs. Authenticate with a session or with "
        "`Authorization: Token <key>` (create one on your profile page, or with "
        "`manage.py token_create USER [--days N]`). Tokens expire and can be revoked. "
        "Requests are throttled per client (HTTP 429 with `Retry-After`)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "alianza.core.openapi.document_errors",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RiskStatusEnum": "alianza.risks.choices.RiskStatus",
        "ActionStatusEnum": "alianza.core.models.ActionStatus",
        "JobStatusEnum": "alianza.core.models.JobStatus",
        "KeyActionStatusEnum": "alianza.systematization.choices.ActionStatus",
        "SscRoleEnum": "alianza.registry.choices.SSCRole",
        "InstitutionKindEnum": "alianza.accounts.choices.InstitutionKind",
        "LessonKindEnum": "alianza.systematization.choices.LessonKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # PDF rendering narrates every font and stylesheet at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Registry spreadsheets (XLSX or CSV uploads, alianza/core/uploads.py): checked before they
# are read and read as streams, so that a small file cannot expand to gigabytes. Each
# refusal names the file and the limit. Defaults:
# - SPREADSHEET_MAX_BYTES (10 MB): the upload itself.
# - SPREADSHEET_MAX_ROWS (5,000): data rows, refused at the first row past it.
# - SPREADSHEET_MAX_COLUMNS (500) and SPREADSHEET_MAX_CELL_CHARS (32,767, Excel's own
#   limit): columns holding a value, and characters in one cell.
# - SPREADSHEET_MAX_LINE_CHARS (1,000,000): characters in one line of a CSV.
# - SPREADSHEET_MAX_UNCOMPRESSED_BYTES (100 MB): what an XLSX may expand to, declared and
#   actually decompressed; SPREADSHEET_MAX_XML_PART_BYTES (10 MB): each XML part other than
#   the sheets and shared strings (styles, workbook, relationships).
# - SPREADSHEET_MAX_ZIP_MEMBERS (1,000): files inside the XLSX archive.
# - SPREADSHEET_MAX_COMPRESSION_RATIO (200): uncompressed / compressed size of a part over
#   1 MB (spreadsheet XML compresses 5 to 30 times; a bomb a thousand times).
# - SPREADSHEET_MAX_SHARED_STRINGS (200,000) and SPREADSHEET_MAX_SHARED_CHARS (20,000,000):
#   distinct texts of a workbook, and their total length.
SPREADSHEET_MAX_BYTES = env_int("SPREADSHEET_MAX_BYTES", 10 * 1024 * 1024)
SPREADSHEET_MAX_ROWS = env_int("SPREADSHEET_MAX_ROWS", 5000)
SPREADSHEET_MAX_COLUMNS = env_int("SPREADSHEET_MAX_COLUMNS", 500)
SPREADSHEET_MAX_CELL_CHARS = env_int("SPREADSHEET_MAX_CELL_CHARS", 32_767)
SPREADSHEET_MAX_LINE_CHARS = env_int("SPREADSHEET_MAX_LINE_CHARS", 1_000_000)
SPREADSHEET_MAX_UNCOMPRESSED_BYTES = env_int("SPREADSHEET_MAX_UNCOMPRESSED_BYTES", 100_000_000)
SPREADSHEET_MAX_XML_PART_BYTES = env_int("SPREADSHEET_MAX_XML_PART_BYTES", 10_000_000)
SPREADSHEET_MAX_ZIP_MEMBERS = env_int("SPREADSHEET_MAX_ZIP_MEMBERS", 1000)
SPREADSHEET_MAX_COMPRESSION_RATIO = env_int("SPREADSHEET_MAX_COMPRESSION_RATIO", 200)
SPREADSHEET_MAX_SHARED_STRINGS = env_int("SPREADSHEET_MAX_SHARED_STRINGS", 200_000)
SPREADSHEET_MAX_SHARED_CHARS = env_int("SPREADSHEET_MAX_SHARED_CHARS", 20_000_000)
for _name in [n for n in dir() if n.startswith("SPREADSHEET_MAX_")]:
    if globals()[_name] <= 0:
        raise ImproperlyConfigured(f"{_name} must be a positive integer, got {globals()[_name]}")

# Cooperation registry and IATI (alianza/registry, alianza/iati).
# The IATI Registry refuses files over 60,000,000 bytes; so does Alianza, and a gzip or ZIP
# upload may not expand beyond IATI_MAX_DECOMPRESSED_BYTES.
IATI_MAX_FILE_BYTES = env_int("IATI_MAX_FILE_BYTES", 60_000_000)
IATI_MAX_DECOMPRESSED_BYTES = env_int("IATI_MAX_DECOMPRESSED_BYTES", 60_000_000)
# Background jobs (IATI and spreadsheet imports, large exports; alianza/core/jobs.py): "rq"
# (needs REDIS_URL and `manage.py rqworker default`), "thread" (in the web process: the
# SQLite default) or "inline" (tests).
_DEFAULT_JOB_MODE = "inline" if TESTING else ("rq" if REDIS_URL else "thread")
JOB_MODE = env_str("JOB_MODE", _DEFAULT_JOB_MODE)
if JOB_MODE not in ("rq", "thread", "inline"):
    raise ImproperlyConfigured(f"JOB_MODE must be rq, thread or inline, got {JOB_MODE!r}")
if JOB_MODE == "rq" and not REDIS_URL:
    raise ImproperlyConfigured("JOB_MODE=rq needs REDIS_URL")
# A running job that has given no sign of life for this many seconds lost its worker: it is
# shown and stored as failed (and can be run again). See `manage.py jobs_reap`.
JOB_HEARTBEAT_TIMEOUT = env_int("JOB_HEARTBEAT_TIMEOUT", 600)
# Uploaded files (IATI, spreadsheets) and finished export files are removed this many days
# after their job was created, by `manage.py purge_uploads`; the job rows stay.
UPLOAD_RETENTION_DAYS = env_int("UPLOAD_RETENTION_DAYS", 30)

# Knowledge products (alianza/knowledge): each file is checked by its content and refused
# over KNOWLEDGE_MAX_FILE_BYTES (50 MB); files go to the storage named KNOWLEDGE_FILE_STORAGE
# in STORAGES ("default": MEDIA_ROOT; an object-storage backend there needs no code change).
# KNOWLEDGE_MAX_TEXT_CHARS bounds the text extracted from one file for the search.
KNOWLEDGE_MAX_FILE_BYTES = env_int("KNOWLEDGE_MAX_FILE_BYTES", 50 * 1024 * 1024)
KNOWLEDGE_FILE_STORAGE = env_str("KNOWLEDGE_FILE_STORAGE", "default")
KNOWLEDGE_MAX_TEXT_CHARS = env_int("KNOWLEDGE_MAX_TEXT_CHARS", 2_000_000)
# IATI exports of more activities than this run as a background job that writes the file
# to MEDIA_ROOT; smaller ones answer at once.
EXPORT_JOB_MIN_ACTIVITIES = env_int("EXPORT_JOB_MIN_ACTIVITIES", 500)
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 3600}}
# Where the product is served: IATI exports name Alianza's own vocabularies with this base.
ALIANZA_PUBLIC_URL = env_str("ALIANZA_PUBLIC_URL", "http://127.0.0.1:8000")
# The registry's own country (ISO 3166-1 alpha-2): its subdivisions are the places the
# registry knows (ISO 3166-2), the "role of <country>" is its role, the map draws it.
REGISTRY_COUNTRY = env_str("REGISTRY_COUNTRY", "MX").strip().upper()
if pycountry.countries.get(alpha_2=REGISTRY_COUNTRY) is None:
    raise ImproperlyConfigured(
        f"REGISTRY_COUNTRY must be an ISO 3166-1 alpha-2 country code, got {REGISTRY_COUNTRY!r}"
    )
# The program `import_iati` imports into when no --program is given.
REGISTRY_DEFAULT_PROGRAM = env_str("REGISTRY_DEFAULT_PROGRAM", "")

# Demo accounts may only be created where this is true (make run sets it).
ALIANZA_DEMO = env_bool("ALIANZA_DEMO", False)
