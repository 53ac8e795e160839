"""The two steps of an import page with a choice of file kind (VOC and surveys, key accounts and activities):
the uploaded file is read in a dry run and shown as a preview (new, changed old -> new, unchanged, refused) while
it is kept under a token (kpiplan.lib.importfiles); the confirmation imports the kept file through the same
service. Nothing is written before the confirmation; a refused file answers 400."""

from __future__ import annotations

from collections.abc import Callable, Collection

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kpiplan.lib import importfiles
from kpiplan.lib.tabular import TableError, suffix_ok


def preview_then_confirm(
    request: HttpRequest,
    *,
    form_class,
    kinds: Collection[str],
    run: Callable[..., object],
    template: str,
    done: Callable[[str], str],
    context: dict,
) -> HttpResponse:
    """``run(kind, file, filename, dry_run=...)`` imports (or previews) one file of that kind and returns the
    write engine's outcome; ``done(kind)`` names the page to go to once imported."""
    errors, total, preview, hidden = [], 0, None, []
    if request.method == "POST" and "token" in request.POST:
        token, kind = request.POST["token"], request.POST.get("kind")
        if kind not in kinds:
            raise Http404
        form = form_class(initial={"kind": kind})
        try:
            with importfiles.open_stashed(request.user.pk, token) as handle:
                outcome = run(kind, handle, token, dry_run=False)
        except TableError as exc:
            errors, total = exc.errors, exc.total
        else:
            importfiles.discard(request.user.pk, token)
            messages.success(
                request,
                _("Imported %(rows)s rows: %(created)s new, %(updated)s updated.")
                % {"rows": len(outcome.rows), "created": outcome.created, "updated": outcome.updated},
            )
            return redirect(done(kind))
    else:
        form = form_class(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            file, kind = form.cleaned_data["file"], form.cleaned_data["kind"]
            if not suffix_ok(file.name):
                form.add_error("file", _("Upload a CSV or XLSX file."))
            else:
                try:
                    preview = run(kind, file, file.name, dry_run=True)
                except TableError as exc:  # the file itself: unreadable, empty, too big
                    errors, total = exc.errors, exc.total
                else:
                    token = importfiles.stash(request.user.pk, file, timezone.now())
                    hidden = [("token", token), ("kind", kind)]
    return render(
        request,
        template,
        {
            "form": form,
            "errors": errors,
            "error_total": total,
            "preview": preview,
            "hidden": hidden,
            **context,
        },
        status=400 if errors or (preview and preview.error_total) else 200,
    )
