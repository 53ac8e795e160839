"""API authentication by token (only its hash is stored), and throttling per token."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, throttling

from .services import token_user


class TokenAuthentication(authentication.BaseAuthentication):
    """Authorization: Token <key>. A revoked token, or a deactivated user's, is refused."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Authorization: Token <key>")
        found = token_user(header[1].decode(errors="replace"), timezone.now())
        if found is None:
            raise exceptions.AuthenticationFailed(
                "ไม่รู้จักโทเค็นนี้ หรือโทเค็น/ผู้ใช้ถูกระงับแล้ว (unknown or revoked token)"
            )
        return found

    def authenticate_header(self, request):
        return self.keyword


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token-based authentication: 'Token <key>'",
        }


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Requests per minute per token (per user for session requests)."""

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is not None and hasattr(request.auth, "pk"):
            return self.cache_format % {"scope": self.scope, "ident": f"t{request.auth.pk}"}
        if request.user and request.user.is_authenticated:
            return self.cache_format % {"scope": self.scope, "ident": f"u{request.user.pk}"}
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
