"""Template context: whether to show the registers in the menu."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .access import scope_for


def registers(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {"has_registers": SimpleLazyObject(lambda: bool(scope_for(user)))}
