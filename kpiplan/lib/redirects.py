"""Where a form sends the person back to: a POSTed ``next`` only when it is a path of this site."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def next_or(request, fallback: str) -> str:
    """The POSTed (or query) ``next`` when it stays on this site, else ``fallback``: never an open redirect."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback
