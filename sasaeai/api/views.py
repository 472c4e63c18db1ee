"""The JSON API of the yearly cycle: list, read, edit, submit, return and accept entries.

Every endpoint asks progress.access first, exactly like the staff pages: an entry the caller may
not read does not exist (404); one they may read but not change is refused (403). Changes go
through progress.services, which lock, check again and write the audit log. docs/api.md and
openapi.py describe these endpoints; tests/api checks that they agree.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from sasaeai.plans.access import get_plan_for_user
from sasaeai.progress import access, services
from sasaeai.progress.models import Entry

from . import auth, openapi, serializers
from .serializers import entry_json

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
HANDLED = (
    auth.Unauthenticated,
    auth.CsrfFailed,
    Http404,
    access.Forbidden,
    services.WorkflowError,
)
View = Callable[..., HttpResponse]


def json_response(data: Any, status: int = 200) -> JsonResponse:
    """Return data as JSON, Japanese left readable."""
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def error(status: int, code: str, message: str, **extra: Any) -> JsonResponse:
    """Return an error in the API's one shape: {"error": code, "message": Japanese, …}."""
    return json_response({"error": code, "message": message, **extra}, status=status)


def endpoint(*methods: str, public: bool = False) -> Callable[[View], View]:
    """Make a view an API endpoint: allowed methods, sign-in, CSRF, and errors as JSON."""

    def decorate(view: View) -> View:
        # Exempt from the middleware's check only to run it ourselves, for sessions (auth.py).
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                return _not_allowed(methods)
            try:
                if not public:
                    _sign_in(request)
                return view(request, **kwargs)
            except HANDLED as exc:
                return _error_for(exc)

        wrapper.methods = methods  # type: ignore[attr-defined]
        return wrapper

    return decorate


def _sign_in(request: HttpRequest) -> None:
    user, by_token = auth.authenticate(request)
    request.user = user
    if not by_token and request.method not in SAFE_METHODS:
        auth.check_csrf(request)


def _not_allowed(methods: tuple[str, ...]) -> HttpResponse:
    response = error(
        405, "method_not_allowed", f"このURLで使えるメソッドは {', '.join(methods)} です。"
    )
    response["Allow"] = ", ".join(methods)
    return response


def _error_for(exc: Exception) -> JsonResponse:
    if isinstance(exc, auth.Unauthenticated):
        response = error(401, "unauthenticated", str(exc))
        response["WWW-Authenticate"] = "Token"
        return response
    if isinstance(exc, auth.CsrfFailed):
        return error(
            403,
            "csrf",
            "CSRF の確認に失敗しました。ログイン中のブラウザからは X-CSRFToken ヘッダーに"
            "csrftoken クッキーの値を付けて送ってください。",
            reason=str(exc),
        )
    if isinstance(exc, Http404):
        return error(404, "not_found", "見つかりません。")
    if isinstance(exc, access.Forbidden):
        return error(
            403, "forbidden", "この操作をする権限がないか、今の状態の進捗には行えない操作です。"
        )
    problems = exc.problems if isinstance(exc, services.WorkflowError) else {}
    return error(400, "invalid", "入力に問題があります。", problems=problems)


# -- entries -------------------------------------------------------------------------------------


def _entry(user: Any, entry_id: int) -> Entry:
    entry = access.get_entry_for_user(user, entry_id)
    prefetch_related_objects([entry], "value_slots__indicator")
    return entry


def _perform(entry: Entry, service: Callable[..., Entry], **kwargs: Any) -> Entry:
    """Call a progress service on the entry; return the entry as saved, ready to show."""
    try:
        done = service(entry, **kwargs)
    except services.WorkflowError as exc:
        raise services.WorkflowError(serializers.problems_by_key(exc.problems, entry)) from None
    prefetch_related_objects([done], "value_slots__indicator")
    return done


def _with_content(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    return entries.select_related(
        "cycle__plan", "node", "action", "organization", "department"
    ).prefetch_related("value_slots__indicator")


@endpoint("GET")
def cycle_entries(request: HttpRequest, slug: str, fiscal_year: int) -> HttpResponse:
    """List the entries of a plan's cycle of one fiscal year that the caller may read."""
    plan = get_plan_for_user(request.user, slug)
    cycle = plan.cycles.filter(fiscal_year=fiscal_year).first()
    if cycle is None:
        raise Http404
    entries = access.visible_entries(request.user).filter(cycle=cycle)
    status = request.GET.get("status")
    if status is not None:
        if status not in Entry.Status.values:
            raise services.WorkflowError(
                {"status": f"status は {', '.join(Entry.Status.values)} のどれかです。"}
            )
        entries = entries.filter(status=status)
    return json_response({"results": [entry_json(e) for e in _with_content(entries)]})


@endpoint("GET", "PATCH")
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Show an entry, or save its texts and values at the version the caller edited."""
    entry = _entry(request.user, entry_id)
    if request.method == "GET":
        return json_response(entry_json(entry))
    access.require(access.writes(request.user, entry))
    arguments = serializers.save_arguments(serializers.read_body(request), entry)
    try:
        saved = _perform(entry, services.save_entry, user=request.user, **arguments)
    except services.Conflict as conflict:
        return _conflict(conflict)
    return json_response(entry_json(saved))


def _conflict(conflict: services.Conflict) -> HttpResponse:
    current = conflict.entry
    prefetch_related_objects([current], "value_slots__indicator")
    keys = serializers.indicator_keys(current)
    return error(
        409,
        "conflict",
        f"編集を始めた後に他の人がこの進捗を更新しました（現在は版{current.version}）。"
        "changes で変更を確認し、current の内容と版で保存し直してください。",
        changes=[serializers.change_json(change, keys) for change in conflict.changes],
        current=entry_json(current),
    )


@endpoint("POST")
def entry_submit(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Submit an entry to the secretariat."""
    entry = _entry(request.user, entry_id)
    return json_response(entry_json(_perform(entry, services.submit, user=request.user)))


@endpoint("POST")
def entry_return(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Send a submitted entry back to its department with a reason (the secretariat)."""
    entry = _entry(request.user, entry_id)
    access.require(access.reviews(request.user, entry))
    reason = serializers.read_body(request).get("reason", "")
    if not isinstance(reason, str):
        raise services.WorkflowError({"reason": "差戻しの理由は文字列で送ってください。"})
    done = _perform(entry, services.return_entry, user=request.user, reason=reason)
    return json_response(entry_json(done))


@endpoint("POST")
def entry_accept(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Accept a submitted entry (the secretariat)."""
    entry = _entry(request.user, entry_id)
    return json_response(entry_json(_perform(entry, services.accept, user=request.user)))


@endpoint("GET", public=True)
def openapi_document(request: HttpRequest) -> HttpResponse:
    """Return the OpenAPI 3.1 description of this API."""
    return json_response(openapi.document())
