"""kpiplan settings: one file, read from the environment, SQLite by default.

Environment variables
    DEBUG                 "1" for development (default off)
    SECRET_KEY            required unless DEBUG=1 (or under pytest, which production never installs)
    ALLOWED_HOSTS         comma-separated (default: localhost names)
    DATABASE_URL          e.g. postgres://user@127.0.0.1:5432/kpiplan (default: SQLite file db.sqlite3)
    KPIPLAN_PRODUCTION    "1" turns on HTTPS-only cookies, HSTS and the SSL redirect
    e-mail                EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
                          EMAIL_USE_TLS, DEFAULT_FROM_EMAIL
    MEDIA_ROOT            where attachments are kept (default: ./media)
    SITE_URL              absolute address used in e-mails and printed letters
    TRUSTED_PROXIES       comma-separated addresses or networks of the reverse proxies in front of the
                          application (e.g. 127.0.0.1 or 10.0.0.0/24); the client's address is then read from
                          TRUSTED_PROXY_HEADER (default HTTP_X_FORWARDED_FOR). Empty (default): the header is
                          ignored and REMOTE_ADDR is the client (kpiplan/lib/clientaddress.py).
    RATE_*                limits of the public pages, e.g. RATE_PASSWORD_RESET_PER_ADDRESS=10/h (see RATE_LIMITS)
    KPIPLAN_TEST_DB       tests on SQLite: keep the test database in this file (with pytest --reuse-db;
                          `make mutation` sets it)
    KPIPLAN_PDF_WORKERS   processes a PDF batch (reports, letters) is laid out on (default: one per core)
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
PRODUCTION = env_bool("KPIPLAN_PRODUCTION")

# Tests run without DEBUG and without a key of their own; pytest is a development dependency
# (requirements-dev.lock), never installed where the application is served.
TESTING = "pytest" in sys.modules

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION or not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: set it in the environment (or DEBUG=1 for development on this machine)"
        )
    SECRET_KEY = "dev-only-insecure-key-kpiplan-not-for-production-use-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "django_tasks_db",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "plans",
    "accounts",
    "voc",
    "kam",
    "complaints",
    "quarters",
    "operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "kpiplan.middleware.PermissionsPolicyMiddleware",
    "kpiplan.middleware.RefusalStatusMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kpiplan.middleware.RefuseNulQueryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kpiplan.middleware.ThaiFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Sign-in throttling (django-axes): keep last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kpiplan.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
            "builtins": ["kpiplan.templatetags_builtins"],
        },
    },
]

WSGI_APPLICATION = "kpiplan.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits; the busy timeout makes writers wait, not fail.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if os.environ.get("KPIPLAN_TEST_DB"):
        # A test database in a file that outlives the run (pytest --reuse-db): `make mutation` runs the tests
        # once per mutant and would otherwise migrate a fresh in-memory database each time.
        DATABASES["default"]["TEST"] = {"NAME": os.environ["KPIPLAN_TEST_DB"]}

# One cache shared by every gunicorn worker (and every app server): the API's throttles count there. A table
# of the database, made by `manage.py createcachetable` (make run, make serve-prod, the load test; the test
# database gets it when it is created).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "kpiplan_cache",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

# Background work (report batches, letters): Django's tasks framework with the database as the queue; the
# worker is `manage.py db_worker` (make run starts one). docs/deploy.md names a real queue for scale.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "plans.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The reverse proxies we believe about the client's address (docs/deploy.md). Sign-in lockout, rate limits and
# the API's anonymous throttle read the address through kpiplan.lib.clientaddress.client_address.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "HTTP_X_FORWARDED_FOR")

# Five wrong passwords for one username from one address lock that username out *at that address* for 15
# minutes: the same person signing in from another address is not locked out by someone else's guessing.
AXES_CLIENT_IP_CALLABLE = "kpiplan.lib.clientaddress.client_address"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False
# Limits of the pages anyone can use (kpiplan/lib/ratelimit.py), counted in the cache; each can be set from the
# environment as RATE_<NAME>, e.g. RATE_REGISTER_PER_ADDRESS=30/h. An office's staff may share one address.
RATE_LIMITS = {
    name: os.environ.get(f"RATE_{name.upper()}", default)
    for name, default in {
        "password_reset_per_address": "10/h",  # reset requests from one address
        "password_reset_per_account": "3/h",  # mails to one e-mail address
        "register_per_address": "20/h",  # failed registrations (a wrong code, …) from one address
        "inquiry_per_address": "5/h",  # help inquiries of people not signed in
        "inquiry_per_user": "20/h",  # help inquiries of a signed-in user
        "reset_code_per_address": "10/h",  # attempts at /password/code/ from one address
        "reset_code_per_account": "5/h",  # attempts at /password/code/ for one username
    }.items()
}
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day, and once
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# A batch of PDFs is laid out on this many worker processes (kpiplan/lib/pdf.py); 0: one per core.
PDF_WORKERS = int(os.environ.get("KPIPLAN_PDF_WORKERS") or 0)

# Argon2id at OWASP's recommendation first (accounts/hashers.py says why these parameters); the others only
# read hashes stored before it, each rehashed with the first at the user's next sign-in.
PASSWORD_HASHERS = [
    "accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end 8 hours after sign-in (a working day) and when the browser closes: office PCs are shared.
# Not refreshed on every request, which would cost a write per page.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Bangkok"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Attachments live under MEDIA_ROOT and are never served from MEDIA_URL (kpiplan/urls.py): views hand them out.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Django 6.1 mailers. EMAIL_BACKEND picks the backend; smtp reads EMAIL_HOST/PORT/HOST_USER/HOST_PASSWORD/
# USE_TLS, the file backend EMAIL_FILE_PATH. Development prints mail on the console.
EMAIL_BACKEND_PATH = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_mail_options: dict = {}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "timeout": 20,
    }
elif EMAIL_BACKEND_PATH.endswith("filebased.EmailBackend"):
    _mail_options = {"file_path": os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))}
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kpiplan <noreply@kpiplan.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Attachments: what a reporter may upload as evidence.
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))
# An imported file (complaints, VOC, surveys, key accounts): its size and its rows, stated on the import pages.
# A file past either is refused before it is read whole; its preview is kept for IMPORT_PREVIEW_HOURS.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "100000"))
IMPORT_PREVIEW_HOURS = int(os.environ.get("IMPORT_PREVIEW_HOURS", "24"))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
# A list filter's empty choice means "any": django-filter's default label is "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")

SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy (Django's middleware): scripts, styles, fonts and images come from this site only;
# no inline script or style runs unless it carries the request's nonce ({{ csp_nonce }}), and no page of
# ours can be framed. Pages' behaviour lives in static/js/, their looks in static/css/. The API docs get a
# wider style-src of their own (kpiplan/api_urls.py); stored files go out sandboxed (kpiplan/lib/downloads.py).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features no page of ours uses are switched off for every page (kpiplan.middleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "serial",
        "hid",
        "browsing-topics",
    )
}
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The REST API (each app's api.py, collected in kpiplan/api_urls.py): tokens, the same permissions as the
# pages, errors naming field and item (kpiplan/lib/api/).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["kpiplan.lib.api.throttles.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("API_RATE", "600/min")},
    "EXCEPTION_HANDLER": "kpiplan.lib.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "kpiplan API",
    # Markdown: the header is code, so that Swagger UI shows "<โทเคน>" instead of reading it as an HTML tag.
    "DESCRIPTION": (
        "แผน ผลการดำเนินงาน และข้อมูลบันทึก (ข้อร้องเรียน เสียงของลูกค้า ความพึงพอใจ ลูกค้ารายสำคัญ) "
        "ของแผนปฏิบัติการด้านลูกค้า\n\n"
        "ทุกคำขอต้องมีส่วนหัว `Authorization: Token <โทเคน>` "
        "ขอโทเคนของตนเองได้ที่ `POST /api/v1/tokens/` (โทเคนแสดงครั้งเดียวเมื่อออก) "
        "สิทธิ์เหมือนกับในหน้าเว็บของผู้ใช้คนนั้น"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several apps have a field called "kind" with choices of their own: each enum named after its owner.
    "ENUM_NAME_OVERRIDES": {"KamActivityKindEnum": "kam.models.Kind"},
}
