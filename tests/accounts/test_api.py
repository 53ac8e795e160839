"""API tokens: no token no access, only the hash kept, revoked and deactivated tokens refused, throttled per token."""

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiToken
from tests.helpers import api

pytestmark = pytest.mark.django_db


def test_no_token_no_access(db):
    assert APIClient().get("/api/v1/plans/").status_code in (401, 403)


def test_a_deactivated_users_token_is_refused(branch_user, seed_plan):
    client = api(branch_user)
    assert client.get("/api/v1/plans/").status_code == 200
    branch_user.is_active = False
    branch_user.save()
    assert client.get("/api/v1/plans/").status_code == 401


def test_users_issue_and_revoke_their_own_tokens_and_admins_anyones(branch_user, admin_user, seed_plan):
    client = APIClient()
    client.force_login(branch_user)  # signed in: a session, as on the API docs page
    issued = client.post("/api/v1/tokens/", {"name": "สคริปต์รายงาน"}).json()
    token_client = APIClient()
    token_client.credentials(HTTP_AUTHORIZATION=f"Token {issued['key']}")
    assert token_client.get("/api/v1/plans/").status_code == 200
    assert ApiToken.objects.get(pk=issued["id"]).key_hash != issued["key"]  # only the hash is kept
    admin = APIClient()
    admin.force_authenticate(admin_user)
    assert admin.delete(f"/api/v1/tokens/{issued['id']}/").status_code == 204
    assert token_client.get("/api/v1/plans/").status_code == 401
    other = APIClient()
    other.force_login(admin_user)
    mine = other.post("/api/v1/tokens/", {"name": "admin"}).json()
    assert client.delete(f"/api/v1/tokens/{mine['id']}/").status_code == 404  # not theirs to see


def test_throttling_per_token(branch_user, seed_plan, monkeypatch):
    from django.core.cache import cache

    from kpiplan.lib.api.throttles import TokenRateThrottle

    cache.clear()
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/min"})
    client = api(branch_user)
    codes = [client.get("/api/v1/plans/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert api(branch_user).get("/api/v1/plans/").status_code == 200  # another token has its own budget
    cache.clear()


def test_a_token_cannot_make_tokens_that_outlive_it(branch_user, seed_plan):
    """Only a signed-in session issues tokens: a token that could make tokens would survive its revocation."""
    session = APIClient()
    session.force_login(branch_user)
    issued = session.post("/api/v1/tokens/", {"name": "สคริปต์"}).json()
    by_token = APIClient()
    by_token.credentials(HTTP_AUTHORIZATION=f"Token {issued['key']}")
    before = ApiToken.objects.count()
    response = by_token.post("/api/v1/tokens/", {"name": "ลูก"})
    assert response.status_code == 403
    assert "โทเค็น" in response.json()["errors"][0]["message"]
    assert ApiToken.objects.count() == before
