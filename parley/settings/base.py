"""Settings shared by every deployment. Environment decides the rest (DATABASE_URL, PARLEY_DEMO)."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PARLEY_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("PARLEY_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = os.environ.get("PARLEY_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

# Demo accounts may sign in without TOTP only while this is set; production refuses it.
PARLEY_DEMO = os.environ.get("PARLEY_DEMO") == "1"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "parley.core",
    "parley.talks",
    "parley.venues",
    "parley.hostservices",
    "parley.texts",
    "parley.scheduling",
    "parley.api",
]

MIDDLEWARE = [
    # Outermost: it names the request (X-Request-ID) and logs it once it is answered.
    "parley.core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "parley.core.middleware.SignInRequiredMiddleware",
    "parley.core.middleware.NotFoundMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "parley.urls"
WSGI_APPLICATION = "parley.wsgi.application"

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
                "parley.core.context_processors.parley",
            ],
        },
    }
]


def database_from_env(default_sqlite: Path) -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{default_sqlite}"
    config = dj_database_url.parse(url, conn_max_age=0, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers proceed beside one writer; IMMEDIATE takes the write lock at BEGIN,
        # so two writers queue instead of deadlocking on a lock upgrade.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    else:
        # An unreachable server is an error in seconds (a 503 page), not a hung request.
        config.setdefault("OPTIONS", {})["connect_timeout"] = 5
    return config


DATABASES = {"default": database_from_env(VAR_DIR / "parley.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "core:sign-in"
LOGIN_REDIRECT_URL = "talks:home"
LOGOUT_REDIRECT_URL = "core:sign-in"

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"

OTP_TOTP_ISSUER = "Parley"

# Paths that answer without sign-in besides the core's own (sign-in, static, health): calendar
# apps read a programme at a secret address (scheduling's feeds) and cannot sign in.
PARLEY_PUBLIC_PATH_PREFIXES = ["/feeds/"]

# What the core's actor holds, process by process: the talks app's roles (see core.actors).
PARLEY_GRANTS_LOADER = "parley.talks.queries.grants_of"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "parley" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"  # storage and server; each venue shows its own zone

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task worker (`parley worker`) writes a heartbeat this often; one silent for longer than
# PARLEY_WORKER_LOST_AFTER is taken for dead: its running tasks end as failed, and the solve
# page says that no worker is running.
PARLEY_WORKER_HEARTBEAT = float(os.environ.get("PARLEY_WORKER_HEARTBEAT", "2"))
PARLEY_WORKER_LOST_AFTER = float(os.environ.get("PARLEY_WORKER_LOST_AFTER", "10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "axes": {"handlers": ["console"], "level": "WARNING"},
        # One line per request (parley.core.middleware); production writes them as JSON.
        "parley.request": {"level": "INFO"},
    },
}
