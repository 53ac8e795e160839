"""Test helpers: a page's form as a browser would submit it, and an API client holding a user's token."""

from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services
from tests.htmlforms import form_fields

__all__ = ["api", "form_fields"]


def api(user):
    _token, key = services.token_issue(user=user, name="test", now=timezone.now(), signed_in=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client
