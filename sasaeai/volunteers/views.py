"""Staff pages of the volunteer centre (being built)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from sasaeai.registers.access import require


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require(request.user)
    return HttpResponse("ボランティアセンター（準備中）")
