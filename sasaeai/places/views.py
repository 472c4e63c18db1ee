"""Staff pages of the gathering-place register (being built)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from sasaeai.registers.access import require


@login_required
def place_list(request: HttpRequest) -> HttpResponse:
    require(request.user)
    return HttpResponse("集いの場（準備中）")


@login_required
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


@login_required
def place_create(request: HttpRequest) -> HttpResponse:
    raise Http404


@login_required
def place_edit(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404
