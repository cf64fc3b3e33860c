"""Settings for Gongkai, read from environment variables with safe defaults.

Defaults give a working single-machine install: SQLite (WAL) in ./var, DEBUG off, a secret key
generated once into ./var. Production sets DATABASE_URL (PostgreSQL), GONGKAI_SECRET_KEY,
GONGKAI_ALLOWED_HOSTS and GONGKAI_BASE_URL. Nothing is fetched from the internet at run time.
"""

import secrets
import sys
from pathlib import Path

import dj_database_url

from gongkai.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("GONGKAI_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

TESTING = "pytest" in sys.modules or env_bool("GONGKAI_TESTING", False)
DEBUG = env_bool("GONGKAI_DEBUG", False)


def _secret_key() -> str:
    configured = env_str("GONGKAI_SECRET_KEY")
    if configured:
        return configured
    # A single-machine install keeps a generated key in var/ so sessions survive restarts.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("GONGKAI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("GONGKAI_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Gongkai, one app per domain area (docs/architecture.md)
    "gongkai.core",
    "gongkai.units",
    "gongkai.audit",
    "gongkai.workdays",
    "gongkai.catalog",
    "gongkai.normdocs",
    "gongkai.foi",
    "gongkai.hotline",
    "gongkai.search",
    "gongkai.checks",
    "gongkai.portal",
    # Wagtail
    "wagtail.contrib.settings",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.sites",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Background work: the Django Tasks API with its database backend
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
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
    # After authentication: every staff read below this line is scoped to the user's units.
    "gongkai.units.middleware.UnitScopeMiddleware",
    "gongkai.audit.middleware.AuditContextMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"
AUTH_USER_MODEL = "units.User"
LOGIN_URL = "wagtailadmin_login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gongkai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "gongkai.sqlite3"
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                # WAL lets portal readers run while staff write; IMMEDIATE transactions take the
                # write lock up front so concurrent writers wait (busy timeout) instead of failing
                # with "database is locked" on lock upgrade.
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "TEST": {"NAME": env_str("GONGKAI_TEST_SQLITE", "") or None},
            # Keep each server thread's connection, as for PostgreSQL: opening one runs the four
            # PRAGMAs above on every request (a sixth of a 12345 API intake's server time).
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing speed does not matter in tests; security does not either.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("GONGKAI_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "gongkai" / "locale"]

# --- Static and media: everything served locally (county intranets are offline) --------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("GONGKAI_STATIC_ROOT", str(BASE_DIR / "static_collected")))
MEDIA_URL = "/media/"
# Files that must never be reachable by URL (applicants' ID copies, letters, evidence scans):
# served only through permission-checked views.
PRIVATE_MEDIA_ROOT = Path(env_str("GONGKAI_PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
MEDIA_ROOT = Path(env_str("GONGKAI_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True

# --- Background tasks -----------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "政务公开综合管理平台"
WAGTAILADMIN_BASE_URL = env_str("GONGKAI_BASE_URL", "http://127.0.0.1:8000")
# Automated browser tests only: every captcha's answer is this string (like django-simple-
# captcha's CAPTCHA_TEST_MODE). `manage.py check` warns while it is set (gongkai/core/apps.py).
CAPTCHA_TEST_ANSWER = env_str("GONGKAI_CAPTCHA_TEST_ANSWER", "").strip().upper()
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatar requests to the internet
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin must not phone home
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILSEARCH_BACKENDS = {
    # Tests do not exercise Wagtail's own (CJK-blind) index; skipping it halves page saves.
    "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": not TESTING}
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ofd", "wps", "txt", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILADMIN_COMMENTS_ENABLED = True
# 三审: an edit after any approval needs every step again, and publication happens only when
# the last step approves (through our guarded finish action, gongkai/catalog/publishing.py).
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "gongkai.catalog.finish.finish_review"
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = True
# Item slugs are generated (short ASCII); channel slugs are typed by the county office.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Gongkai --------------------------------------------------------------------------------
# How long a process trusts its cached working-day calendar before re-checking the database.
GONGKAI_CALENDAR_RECHECK_SECONDS = env_int("GONGKAI_CALENDAR_RECHECK_SECONDS", 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("GONGKAI_LOG_LEVEL", "INFO")},
    "loggers": {"jieba": {"level": "WARNING"}},
}
