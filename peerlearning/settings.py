"""Settings for the Peer Learning Platform, read from the environment.

Every value that differs between a laptop and a production server comes from an
environment variable (or, for secrets, from a file named by NAME_FILE). See
docs/deploy.md for the production values.
"""

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from peerlearning.lib.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# HTTPS=true turns on everything a site served only over TLS must have.
HTTPS = env_bool("HTTPS", False)

# The fallback key starts with "django-insecure" so that `check --deploy` refuses it.
SECRET_KEY = env_secret("SECRET_KEY") or "django-insecure-peerlearning-development-only-key"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "peerlearning.accounts",
    "peerlearning.network",
    "peerlearning.exchanges",
    "peerlearning.knowledge",
    "peerlearning.support",
    "peerlearning.countries",
    "peerlearning.monitoring",
    "peerlearning.terminology",
    "peerlearning.notifications",
    "peerlearning.operations",
    "peerlearning.apps.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed only where no secret can leak (BREACH): see peerlearning/compression.py.
    "peerlearning.compression.SafeGZipMiddleware",
    "peerlearning.lib.http.PrivateResponsesMiddleware",
    "peerlearning.lib.http.RefuseNullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Names the endpoint of the policy's `report-to`, once the policy is set (just below).
    "peerlearning.lib.http.ReportingEndpointsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "peerlearning.accounts.middleware.TwoFactorRequiredMiddleware",
    "peerlearning.accounts.middleware.SignInFirstMiddleware",
]

ROOT_URLCONF = "peerlearning.urls"
WSGI_APPLICATION = "peerlearning.wsgi.application"

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
            ],
        },
    },
]

DATABASE_URL = env_secret("DATABASE_URL")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{VAR_DIR / 'peerlearning.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite under a threaded web server: readers never wait for the writer (WAL); a write waits
    # up to SQLITE_TIMEOUT seconds for the one before it instead of failing with "database is
    # locked"; every transaction takes the write lock when it begins (IMMEDIATE), so one that
    # reads then writes cannot fail half-way for another writer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env_int("SQLITE_TIMEOUT", 20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_PREPARED_STATEMENTS", True
):
    # PostgreSQL plans a query once a connection and reuses the plan: parameters are sent apart
    # from the text (server-side binding), and a text seen twice is prepared. Each page runs
    # the same few queries on every request, and planning their visibility subqueries was a
    # tenth of the support page's cost under load. Off behind a pooler in transaction mode
    # older than PgBouncer 1.21, which cannot keep a connection's prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 2}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every process and server (the table `cache`, made by `migrate`): the sign-in
# throttles, the notice of a request to join and the thesaurus version must be counted once,
# not once per gunicorn worker. CACHE=locmem gives each process its own (one process only).
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cache",
            # Django's default keeps 300 entries and culls a third past that: anyone able to
            # create entries (sign-in failures from new addresses) could wipe the throttles.
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 1_000_000)},
        }
        if env_str("CACHE", "database") == "database"
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "my_home"
LOGOUT_REDIRECT_URL = "home"

# Accounts: sign-in by e-mail, no open sign-up (invitation or approved request only).
ACCOUNT_ADAPTER = "peerlearning.accounts.adapter.AccountAdapter"
MFA_ADAPTER = "peerlearning.accounts.adapter.MFAAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    # The anonymous request-to-join form (peerlearning/accounts/views.py).
    "join_request": "5/h/ip,2/d/key",
    # The terminology check (page, PDF report and API; peerlearning/terminology/throttle.py):
    # visitors per client address, signed-in members per person, higher.
    "terminology_check": env_str("TERMINOLOGY_CHECK_RATE", "20/m/ip"),
    "terminology_check_member": env_str("TERMINOLOGY_CHECK_MEMBER_RATE", "120/m/user"),
    # Content-Security-Policy violation reports (peerlearning/views.py:csp_report), per client.
    "csp_report": env_str("CSP_REPORT_RATE", "60/m/ip"),
}
# Administrators hear of requests to join at most once in this many minutes (the e-mail counts
# those waiting).
JOIN_REQUEST_NOTICE_MINUTES = env_int("JOIN_REQUEST_NOTICE_MINUTES", 15)
ACCOUNT_EMAIL_SUBJECT_PREFIX = env_str("EMAIL_SUBJECT_PREFIX", "[Peer Learning] ")
# Behind a reverse proxy, sign-in throttling must count the client's address, not the proxy's.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Peer Learning Platform")
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)
# Retention (manage.py applyretention, daily): a closed account's remaining traces go this many
# days after closing, audit entries this many days after they were written; 0 keeps for ever.
CLOSED_ACCOUNT_RETENTION_DAYS = env_int("CLOSED_ACCOUNT_RETENTION_DAYS", 90)
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 730)
# Who runs this instance: named on the About, Privacy and Contact pages.
OPERATOR_NAME = env_str("OPERATOR_NAME", "")
OPERATOR_EMAIL = env_str("OPERATOR_EMAIL", "")
OPERATOR_ADDRESS = env_str("OPERATOR_ADDRESS", "")
OPERATOR_URL = env_str("OPERATOR_URL", "")

# Select lists written in Python, the same markup as Django's templates (they took two thirds
# of a filter page's time).
FORM_RENDERER = "peerlearning.lib.form_renderer.FormRenderer"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date and number formats where Django's own fall short (Arabic: the Arabic comma, a date-time).
FORMAT_MODULE_PATH = ["peerlearning.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Written whole or not at all: a full disk leaves no partial file (peerlearning/lib/storage.py).
    "default": {"BACKEND": "peerlearning.lib.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", HTTPS)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (make run, tests) WhiteNoise serves straight from the source folders.
WHITENOISE_USE_FINDERS = not env_bool("STATIC_MANIFEST", HTTPS)
MEDIA_ROOT = VAR_DIR / "media"
RESOURCE_MAX_BYTES = env_int("RESOURCE_MAX_BYTES", 20_000_000)
# The terminology check takes texts of up to 1,000,000 characters: posted as a form (multipart,
# UTF-8, up to 4 bytes a character) or as JSON (a client escaping Arabic as \uXXXX sends six
# bytes a character). Larger bodies are refused with 413 and the reason.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6_500_000

# E-mail goes out through Django's mailers, from background tasks.
EMAIL_BACKEND_PATH = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": (
            {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_secret("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": env_int("EMAIL_TIMEOUT", 30),
            }
            if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
            # The file backend (a test or a staging server): one file of messages per connection.
            else {"file_path": env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))}
            if EMAIL_BACKEND_PATH.endswith("filebased.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Peer Learning Platform <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Administrators", address) for address in env_list("ADMINS")]

TASKS = {
    "default": (
        {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
        if env_str("TASKS_BACKEND", "immediate") == "database"
        else {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    )
}

# Security headers. No inline script or style anywhere; nothing from another host.
CSP_REPORT_PATH = "/csp-report/"
CSP_REPORT_ENDPOINT = "csp"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
    # Violations are reported to peerlearning/views.py:csp_report, logged as "peerlearning.csp":
    # through the Reporting API where the browser has it (`report-to`, the endpoint named by the
    # Reporting-Endpoints header, peerlearning/lib/http.py), else to `report-uri`.
    "report-uri": CSP_REPORT_PATH,
    "report-to": CSP_REPORT_ENDPOINT,
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_FAILURE_VIEW = "peerlearning.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # One line a Content-Security-Policy violation reported by a browser (path, directive,
        # blocked origin; never a query string): LOG_LEVEL=ERROR silences them.
        "peerlearning.csp": {"level": env_str("CSP_LOG_LEVEL", "INFO")},
    },
}
