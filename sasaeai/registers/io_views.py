"""The registers to and from Excel and CSV: export, blank templates, upload → check → import.

The page at /registers/io/ (`registers:import`) lists the registers the user may export; staff
who may edit upload a file there, see what it would change (a dry run, nothing written) or its
problems by sheet, row and column, and confirm. The uploaded file waits in the session between
the check and the confirmation; the confirmation checks it again before writing.
"""

import base64
import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from sasaeai.planfiles.workbook import WorkbookError

from .access import require
from .sheets import BY_KEY, REGISTERS
from .tabular import CONTENT_TYPES, Lookup, can_export, export_csv, export_xlsx, import_file

SESSION_KEY = "registers_import"


@login_required
def io_page(request: HttpRequest) -> HttpResponse:
    """The registers to export, and for staff who may edit, the upload and its check."""
    scope = require(request.user)
    context: dict[str, Any] = {
        "registers": [r for r in REGISTERS if can_export(r, scope)],
        "can_import": bool(scope.edit),
    }
    if request.method != "POST":
        return render(request, "registers/io_import.html", context)
    if not scope.edit:
        raise Http404
    if request.POST.get("action") == "accept":
        return _accept(request, context)
    return _check(request, context)


def _check(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "ファイルを選んでください。")
        return render(request, "registers/io_import.html", context, status=400)
    content = upload.read()
    pending = {
        "filename": upload.name,
        "register": request.POST.get("register") or "",
        "content": base64.b64encode(content).decode("ascii"),
        "digest": hashlib.sha256(content).hexdigest(),
    }
    request.session[SESSION_KEY] = pending
    return _run(request, context, pending, dry_run=True)


def _accept(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    pending = request.session.get(SESSION_KEY)
    if not pending or pending["digest"] != request.POST.get("digest"):
        messages.error(
            request, "確認したファイルが見つかりません。もう一度アップロードしてください。"
        )
        return render(request, "registers/io_import.html", context, status=400)
    return _run(request, context, pending, dry_run=False)


def _run(
    request: HttpRequest, context: dict[str, Any], pending: dict[str, str], *, dry_run: bool
) -> HttpResponse:
    """Check (dry run) or import the pending file; show its summary or its problems."""
    context["filename"] = pending["filename"]
    try:
        summary = import_file(
            base64.b64decode(pending["content"]),
            pending["filename"],
            user=request.user,
            registers=REGISTERS,
            register=pending["register"] or None,
            dry_run=dry_run,
        )
    except WorkbookError as error:
        request.session.pop(SESSION_KEY, None)
        context["problems"] = error.problems
        return render(request, "registers/io_import.html", context, status=400)
    if not dry_run:
        request.session.pop(SESSION_KEY, None)
        for line in summary.lines():
            messages.success(request, line)
        return redirect("registers:import")
    context |= {"summary": summary, "digest": pending["digest"]}
    return render(request, "registers/io_import.html", context)


@login_required
@require_safe
def export(request: HttpRequest) -> HttpResponse:
    """Every register the user may export as one workbook, or one register as XLSX or CSV."""
    return _download(request, blank=False)


@login_required
@require_safe
def template(request: HttpRequest) -> HttpResponse:
    """The same files with headers only (the workbook with its 説明 sheet), to fill in."""
    return _download(request, blank=True)


def _download(request: HttpRequest, *, blank: bool) -> HttpResponse:
    scope = require(request.user)
    fmt = request.GET.get("format", "xlsx")
    key = request.GET.get("register", "all")
    chosen = REGISTERS if key == "all" else (BY_KEY[key],) if key in BY_KEY else ()
    chosen = tuple(r for r in chosen if can_export(r, scope))
    if not chosen or fmt not in CONTENT_TYPES or (fmt == "csv" and len(chosen) != 1):
        raise Http404
    lookup = Lookup.of(request.user, scope)
    if fmt == "csv":
        content = export_csv(chosen[0], lookup, blank=blank)
    else:
        content = export_xlsx(chosen, lookup, blank=blank)
    stem = "template" if blank else timezone.localdate().strftime("%Y%m%d")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="sasaeai-{key}-{stem}.{fmt}"'
    return response
