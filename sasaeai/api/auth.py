"""Who is calling the API: a signed-in browser (session) or `Authorization: Token <token>`.

Only a token's SHA-256 digest is stored, so a copy of the database gives no usable token.
A request signed with a token needs no CSRF token (no browser sends it by itself); a session
request that changes something passes Django's CSRF check like any form of the site.
"""

import hashlib
import secrets
from datetime import datetime

from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone

from sasaeai.accounts.models import ApiToken, User
from sasaeai.audit.services import record

SCHEME = "token"


class Unauthenticated(Exception):
    """The request carries no valid credentials (HTTP 401); the message says why."""


class CsrfFailed(Exception):
    """A session request that changes something failed the CSRF check (HTTP 403)."""


def _now() -> datetime:
    return timezone.now()


def digest(token: str) -> str:
    """Return the hex SHA-256 digest under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, *, label: str = "", now: datetime | None = None) -> str:
    """Create an API token for the user and return it; it cannot be read again."""
    token = secrets.token_urlsafe(32)
    made = ApiToken.objects.create(
        user=user, digest=digest(token), label=label, created_at=now or _now()
    )
    record("token.create", made, after={"user": user.username, "label": label}, now=now)
    return token


def authenticate(request: HttpRequest) -> tuple[User, bool]:
    """Return the caller and whether a token signed the request, or raise Unauthenticated."""
    scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() == SCHEME:
        return _token_user(token.strip()), True
    if request.user.is_authenticated:
        return request.user, False  # type: ignore[return-value]
    raise Unauthenticated(
        "ログインしていません。ログインしたブラウザから使うか、"
        "「Authorization: Token <トークン>」ヘッダーを付けてください。"
    )


def _token_user(token: str) -> User:
    found = (
        ApiToken.objects.select_related("user").filter(digest=digest(token)).first()
        if token
        else None
    )
    if found is None or not found.user.is_active:
        raise Unauthenticated("トークンが正しくないか、利用できなくなっています。")
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=_now())
    return found.user


class _CsrfCheck(CsrfViewMiddleware):
    # Django's own check, but reporting the reason instead of rendering the HTML failure page
    # (the same approach as Django REST framework's SessionAuthentication).
    def _reject(self, request, reason):  # type: ignore[no-untyped-def]
        return reason


def check_csrf(request: HttpRequest) -> None:
    """Raise CsrfFailed unless the request passes Django's CSRF check."""
    check = _CsrfCheck(lambda request: None)  # type: ignore[arg-type,return-value]
    check.process_request(request)
    reason = check.process_view(request, None, (), {})  # type: ignore[arg-type]
    if reason:
        raise CsrfFailed(reason)
