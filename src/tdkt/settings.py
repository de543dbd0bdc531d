"""TĐKT settings: one file, driven by the environment (see docs/operators.md)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from tdkt.env import (
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
    local_secret_key,
    parse_database_url,
)

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(env_str("TDKT_HOME", str(Path.cwd())))
VAR_DIR = Path(env_str("TDKT_VAR_DIR", str(PROJECT_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)
TESTING = "pytest" in sys.modules or env_bool("TDKT_TESTING")

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_secret("SECRET_KEY", default="") or local_secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "tdkt.common",
    "tdkt.accounts",
    "tdkt.orgs",
    "tdkt.people",
    "tdkt.catalog",
    "tdkt.registry",
    "tdkt.imports",
    "tdkt.documents",
    "tdkt.calendar_vn",
    "tdkt.notifications",
    "tdkt.council",
    "tdkt.nominations",
    "tdkt.awarding",
    "tdkt.portal",
    "tdkt.backoffice",
    "tdkt.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tdkt.accounts.middleware.RequireOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tdkt.common.middleware.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tdkt.urls"
WSGI_APPLICATION = "tdkt.wsgi.application"

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
                "tdkt.common.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": parse_database_url(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'tdkt.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Tests get a fresh database; the ICU collation and extensions are set up by migrations.
    DATABASES["default"].setdefault("TEST", {"NAME": env_str("TEST_DATABASE_NAME", "test_tdkt")})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failures (django-axes).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)

OTP_TOTP_ISSUER = env_str("OTP_ISSUER", "TĐKT")
TDKT_OTP_REQUIRED_ROLES = env_list("TDKT_OTP_REQUIRED_ROLES", ["admin"])

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["tdkt.formats"]
# Numbers are grouped explicitly (|intcomma, |vnd): a global separator would print years as
# "2.025" and break ids in URLs.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
TDKT_UPLOAD_MAX_BYTES = env_int("TDKT_UPLOAD_MAX_MB", 20) * 1024 * 1024
TDKT_IMPORT_MAX_ROWS = env_int("TDKT_IMPORT_MAX_ROWS", 50_000)
# Dossier uploads (hồ sơ): size per file, files in force per document, files per request.
TDKT_DOSSIER_MAX_BYTES = env_int("TDKT_DOSSIER_MAX_MB", 10) * 1024 * 1024
TDKT_DOSSIER_MAX_FILES = env_int("TDKT_DOSSIER_MAX_FILES", 5)
TDKT_DOSSIER_MAX_FILES_PER_REQUEST = env_int("TDKT_DOSSIER_MAX_FILES_PER_REQUEST", 10)

TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

# One cache shared by every server process (the portal's comment rate limit counts in it):
# Redis when configured, else files under var/ (the embedded setup), in memory for tests.
if env_str("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("REDIS_URL"),
        }
    }
elif TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "tdkt@localhost")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

TDKT_SITE_NAME = env_str("TDKT_SITE_NAME", "Hệ thống quản lý thi đua, khen thưởng")
TDKT_ORG_NAME = env_str("TDKT_ORG_NAME", "Ủy ban nhân dân tỉnh")

# Certificates: batches up to this size print at once, larger ones in the task worker; the place
# name printed before the date ("Hòa Bình Xanh, ngày ... tháng ... năm ...").
TDKT_CERTIFICATE_INLINE_MAX = env_int("TDKT_CERTIFICATE_INLINE_MAX", 50)
TDKT_PLACE_NAME = env_str("TDKT_PLACE_NAME")

# Public notice (công khai): the period in working days when set (0: the rules pack decides),
# an extra salt for the commenters' address hashes (they are keyed by SECRET_KEY anyway), and
# whether to trust X-Forwarded-For (only behind a reverse proxy that sets it).
TDKT_PUBLIC_NOTICE_WORKING_DAYS = env_int("TDKT_PUBLIC_NOTICE_WORKING_DAYS", 0) or None
TDKT_PORTAL_IP_SALT = env_str("TDKT_PORTAL_IP_SALT")
TDKT_PORTAL_TRUST_X_FORWARDED_FOR = env_bool("TDKT_PORTAL_TRUST_X_FORWARDED_FOR")

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
