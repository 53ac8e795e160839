"""Head office's completeness per region."""

from decimal import Decimal

import pytest
from django.urls import reverse

from .conftest import make_result

pytestmark = pytest.mark.django_db


def test_head_office_sees_completeness_per_region(client, hq_user, seed_plan, pr_target, office):
    make_result(pr_target, office, 1, Decimal(1))
    client.force_login(hq_user)
    html = client.get(reverse("quarters:national"), {"year": 2564, "quarter": 1}).content.decode()
    assert "กฟก.2" in html and "<svg" in html
