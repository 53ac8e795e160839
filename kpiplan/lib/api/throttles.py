"""Throttling per API token (per user for session requests)."""

from __future__ import annotations

from rest_framework import throttling


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Requests per minute per token (per user for session requests)."""

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is not None and hasattr(request.auth, "pk"):
            return self.cache_format % {"scope": self.scope, "ident": f"t{request.auth.pk}"}
        if request.user and request.user.is_authenticated:
            return self.cache_format % {"scope": self.scope, "ident": f"u{request.user.pk}"}
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
