"""Throttling per API token (per user for session requests)."""

from __future__ import annotations

from rest_framework import throttling

from kpiplan.lib.clientaddress import client_address


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Requests per minute per token (per user for session requests)."""

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is not None and hasattr(request.auth, "pk"):
            return self.cache_format % {"scope": self.scope, "ident": f"t{request.auth.pk}"}
        if request.user and request.user.is_authenticated:
            return self.cache_format % {"scope": self.scope, "ident": f"u{request.user.pk}"}
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def get_ident(self, request):
        # The client's address as the rest of the site sees it (TRUSTED_PROXIES), not DRF's NUM_PROXIES.
        return client_address(request)
