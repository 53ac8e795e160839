"""A form sent back with its errors is a refusal: HTTP 400 with the reasons on the page, nothing written — the same
answer the imports and the API give (kpiplan.middleware.RefusalStatusMiddleware and the {% refusal %} tag in the
error boxes). A page that saved answers with a redirect; a GET page showing a filter's errors stays 200."""

import pytest
from django.apps import apps
from django.urls import reverse


def row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models() if not m._meta.proxy}


@pytest.mark.parametrize(
    ("user_fixture", "url_name"),
    [
        ("branch_user", "complaints:create"),
        ("branch_user", "voc:create"),
        ("branch_user", "voc:survey_create"),
        ("branch_user", "kam:create"),
        ("hq_user", "accounts:faq_new"),
        (None, "accounts:help"),
        (None, "accounts:register"),
        (None, "login"),
    ],
)
def test_a_form_with_blank_required_fields_is_refused_with_400_and_nothing_written(
    client, request, seed_plan, user_fixture, url_name
):
    if user_fixture:
        client.force_login(request.getfixturevalue(user_fixture))
    before = row_counts()
    # a form sent with its required fields left blank (an empty POST only shows the blank form again)
    response = client.post(reverse(url_name), {"blank": ""})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()  # the reasons are on the page, in Thai
    after = row_counts()
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    # signing in and failing leaves only django-axes' own count of failed attempts behind
    changed.pop("axes.AccessAttempt", None)
    changed.pop("axes.AccessFailureLog", None)
    assert changed == {}


def test_a_form_that_saves_still_redirects(client, hq_user):
    client.force_login(hq_user)
    response = client.post(
        reverse("accounts:faq_new"),
        {"question_th": "ลืมรหัสผ่าน", "answer_th": "กดลืมรหัสผ่าน", "order": 1, "published": "on"},
    )
    assert response.status_code == 302


def test_a_get_page_is_not_turned_into_a_refusal(client, branch_user):
    client.force_login(branch_user)
    assert client.get(reverse("complaints:create")).status_code == 200
