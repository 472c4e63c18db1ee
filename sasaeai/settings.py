"""Settings: one module, driven by environment variables (healthchecks style).

SQLite by default so a fresh checkout just runs; PostgreSQL when DATABASE_URL is set.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-secret-key-change-me-in-production")
DEBUG = _env_bool("DEBUG", False)
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "sasaeai.accounts",
    "sasaeai.audit",
    "sasaeai.plans",
    "sasaeai.progress",
    "sasaeai.planfiles",
    "sasaeai.evaluation",
    "sasaeai.reports",
    "sasaeai.registers",
    "sasaeai.places",
    "sasaeai.meetings",
    "sasaeai.volunteers",
    "sasaeai.hsds",
    "sasaeai.api",
    "sasaeai.staff",
    "sasaeai.public",
    "sasaeai.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sasaeai.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "sasaeai.urls"
WSGI_APPLICATION = "sasaeai.wsgi.application"

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
                "sasaeai.registers.context.registers",
            ],
        },
    },
]

_sqlite_path = os.environ.get("SQLITE_PATH", str(PROJECT_DIR / "db.sqlite3"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{_sqlite_path}", conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0"))
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _cache(url: str) -> dict[str, object]:
    """Return the default cache for CACHE_URL: locmem:// (default), file:///dir, redis://…, dummy://.

    LocMem is per process: with several gunicorn workers each keeps its own copy of the public
    pages and its own public version, so a change made through one worker reaches the others only
    when their copies expire (PUBLIC_CACHE_SECONDS). A deployment with several workers sets a
    shared cache: file:///var/cache/sasaeai on one machine, redis://host:6379/0 across machines.
    """
    scheme, _, rest = url.partition("://")
    if scheme == "file":
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": rest}
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    # Room for every public page of a few plans (the default 300 would evict them in turn).
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": rest or "sasaeai",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }


CACHES = {"default": _cache(os.environ.get("CACHE_URL", "locmem://"))}
# How long a cached public page lives at most; a change renews the public version at once anyway,
# this only bounds how stale a per-process cache of another worker can get.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "600"))
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plans:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("日本語")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Set STATIC_ROOT (and run `sasaeai collectstatic`) for a deployment; without it WhiteNoise
# serves straight from the apps.
STATIC_ROOT = os.environ.get("STATIC_ROOT") or None
STATICFILES_DIRS = [BASE_DIR / "static"]
# Static files are served by WhiteNoise, straight from the apps when not collected, so the demo
# and a small deployment need no web server in front.
WHITENOISE_USE_FINDERS = True

# Mail (reminders to departments): printed on the console unless a real backend is configured.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sasaeai@localhost")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# The licence of the open data (/api/v1/public/…, the downloads): named in every answer and file.
OPEN_DATA_LICENSE = {
    "name": os.environ.get("OPEN_DATA_LICENSE_NAME", "CC BY 4.0"),
    "url": os.environ.get(
        "OPEN_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/deed.ja"
    ),
}

# The map of gathering places: a tile source of the 国土地理院 (GSI) by default. The page still
# shows its markers and the list when the tiles cannot load.
MAP_TILE_URL = os.environ.get(
    "MAP_TILE_URL", "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"
)
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION",
    '<a href="https://maps.gsi.go.jp/development/ichiran.html">国土地理院</a>',
)
