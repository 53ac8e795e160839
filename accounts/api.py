"""The tokens' API: everyone issues and revokes their own tokens; administrators see and revoke anyone's."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from kpiplan.lib.api.errors import ERRORS
from plans import access

from . import services
from .models import ApiToken
from .serializers import TokenCreateSerializer, TokenIssuedSerializer, TokenSerializer


class TokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Tokens: everyone issues and revokes their own; administrators see and revoke anyone's."""

    serializer_class = TokenSerializer
    queryset = ApiToken.objects.none()

    def get_queryset(self):
        user = self.request.user
        tokens = ApiToken.objects.order_by("-created_at")
        return tokens if access.can_see_all_tokens(user) else tokens.filter(user=user)

    @extend_schema(request=TokenCreateSerializer, responses={201: TokenIssuedSerializer, **ERRORS})
    def create(self, request):
        signed_in = isinstance(request.successful_authenticator, SessionAuthentication)
        if not access.can_issue_token(request.user, signed_in=signed_in):
            raise PermissionDenied(
                "สร้างโทเค็นได้จากการเข้าสู่ระบบด้วยรหัสผ่านเท่านั้น ไม่ใช่ด้วยโทเค็น (sign in to create a token)"
            )
        payload = TokenCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        token, key = services.token_issue(
            user=request.user, name=payload.validated_data["name"], now=timezone.now(), signed_in=signed_in
        )
        return Response({"id": token.pk, "name": token.name, "key": key}, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request, pk=None):
        token = self.get_object()
        services.token_revoke(token=token, by=request.user, now=timezone.now())
        return Response(status=status.HTTP_204_NO_CONTENT)


routes = [("tokens", TokenViewSet, "token")]
