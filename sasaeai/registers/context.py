"""Template context: whether to show the registers in the menu."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .access import reaches_any


def registers(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {"has_registers": SimpleLazyObject(lambda: reaches_any(user))}
