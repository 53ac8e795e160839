"""API authentication by token (only its hash is stored): DRF's authentication class and its schema entry."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

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
