"""ITA Portal settings. Every value a deployment changes comes from the environment (see README)."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from itaportal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "import_export",
    "simple_history",
    "axes",
    "agencies",
    "assessments",
    "measures",
    "reports",
    "oit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "itaportal.middleware.RequestLogMiddleware",
    "csp.middleware.CSPMiddleware",
    # last, as django-axes asks: it turns a locked-out login into the lock-out page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "itaportal.urls"
WSGI_APPLICATION = "itaportal.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that stops answering must fail a request (and /healthz) quickly, not hang the worker.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 3)
    if env_int("DATABASE_STATEMENT_TIMEOUT_MS", 30000) > 0:  # 0 sends nothing (PgBouncer refuses startup options)
        _options["options"] = " ".join(filter(None, [
            _options.get("options"), f"-c statement_timeout={env_int('DATABASE_STATEMENT_TIMEOUT_MS', 30000)}"]))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Pages and rendered PDFs are cached under keys that change with the data (measures/revisions.py), so a copy is
# never stale. Several app processes or servers should share one cache: Redis (CACHE_URL=redis://host:6379/0) or
# a directory every server mounts (CACHE_DIR). Without either, each process keeps its own copies in memory.
CACHE_URL = env_str("CACHE_URL")
CACHE_DIR = env_str("CACHE_DIR")
# Django's default of 300 entries would throw rendered PDFs away long before memory or disk runs short.
CACHE_MAX_ENTRIES = env_int("CACHE_MAX_ENTRIES", 5000)
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_DIR:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": CACHE_DIR,
                          "OPTIONS": {"MAX_ENTRIES": CACHE_MAX_ENTRIES}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                          "OPTIONS": {"MAX_ENTRIES": CACHE_MAX_ENTRIES}}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Largest evidence file accepted; set the proxy's upload limit (nginx client_max_body_size) above it.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# Absolute base for links in emails, e.g. https://ita.example.go.th
SITE_URL = env_str("SITE_URL") or ""

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

EMAIL_BACKEND = env_str("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "ita-portal@localhost"

# Behind a TLS-terminating proxy (nginx, a load balancer) that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# Login throttling: a username is locked for AXES_COOLOFF_MINUTES after AXES_FAILURE_LIMIT failures from one
# address. Behind a proxy, REMOTE_ADDR must be the client's (gunicorn --forwarded-allow-ips and the proxy's
# real-IP setting), or every user shares the proxy's address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "itaportal.views.locked_out"

# Content-Security-Policy: everything from our own origin. Inline style attributes are allowed for the bars
# whose width is data; no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Import/export runs every file inside one transaction: a bad row imports nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Spreadsheets larger than these are refused with a message, before they are read (itaportal/spreadsheets).
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 5000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 50)
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_BYTES", 50 * 1024 * 1024)
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "itaportal.logformat.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "INFO"},
    "loggers": {
        # runserver prints its own request lines; ours carry the same in JSON
        "django.server": {"level": "WARNING"},
        "itaportal.requests": {"level": env_str("REQUEST_LOG_LEVEL") or "INFO"},
        "axes": {"level": "WARNING"},
    },
}

# The link checker (`manage.py check_links`, oit/linkcheck.py) fetches agencies' evidence URLs from this server.
# Internal addresses (private, loopback, link-local, ...) are refused unless LINK_CHECK_ALLOW_PRIVATE is on.
LINK_CHECK_ALLOW_PRIVATE = env_bool("LINK_CHECK_ALLOW_PRIVATE", False)
LINK_CHECK_CONCURRENCY = env_int("LINK_CHECK_CONCURRENCY", 16)  # fetches at once
LINK_CHECK_PER_HOST = env_int("LINK_CHECK_PER_HOST", 2)  # fetches at once to one host name
LINK_CHECK_TIMEOUT = env_int("LINK_CHECK_TIMEOUT", 10)  # seconds to connect, and between bytes read
LINK_CHECK_MAX_REDIRECTS = env_int("LINK_CHECK_MAX_REDIRECTS", 5)
for _name in ("LINK_CHECK_CONCURRENCY", "LINK_CHECK_PER_HOST", "LINK_CHECK_TIMEOUT"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1")
LOGGING["loggers"]["httpx"] = {"level": "WARNING"}  # not a line per URL checked
