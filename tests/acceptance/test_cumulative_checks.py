"""Cumulative figures never fall and an earlier quarter never rises above a later one, across quarters left
empty in between; typed into the quarter form as a branch office does."""

from decimal import Decimal

import pytest

from quarters.models import Result
from tests.entering import enter_result
from tests.quarters.conftest import entry_url, page_form

pytestmark = pytest.mark.django_db


def post(client, plan, office, quarter, fields):
    url = entry_url(plan, office, quarter)
    return client.post(url, page_form(client, url) | fields | {"action": "save"})


def test_q1_4_compares_with_q1_2_when_q1_3_is_empty(client, branch_user, seed_plan, office, pr_target):
    """1.1 counts PR activities cumulatively. Q1-2 = 2 (accepted), Q1-3 left empty: the latest earlier
    figure is 2, so 1 in Q1-4 is refused and 4 is saved."""
    enter_result(pr_target, office, 2, Decimal(2))
    client.force_login(branch_user)
    refused = post(
        client, seed_plan, office, 4, {f"t{pr_target.pk}-value": "1", f"t{pr_target.pk}-narrative": "-"}
    )
    assert refused.status_code == 400 and "ต่ำกว่าผลสะสมไตรมาสก่อน" in refused.content.decode()
    assert "1-2" in refused.content.decode()
    assert not Result.objects.filter(target=pr_target, unit=office, quarter=4).exists()
    assert post(client, seed_plan, office, 4, {f"t{pr_target.pk}-value": "4"}).status_code == 302


def test_an_earlier_quarter_cannot_rise_above_a_later_reported_one(
    client, branch_user, seed_plan, office, pr_target
):
    """Q1-3 = 3 is reported; Q1 typed late as 5 would make the cumulative figure fall from Q1 to Q1-3."""
    enter_result(pr_target, office, 3, Decimal(3), Result.Status.DRAFT)
    client.force_login(branch_user)
    refused = post(client, seed_plan, office, 1, {f"t{pr_target.pk}-value": "5"})
    assert refused.status_code == 400 and "ต้องไม่มากกว่าผลที่รายงานแล้วของไตรมาสถัดไป" in refused.content.decode()
    assert post(client, seed_plan, office, 1, {f"t{pr_target.pk}-value": "1"}).status_code == 302


def test_numerators_and_denominators_of_a_cumulative_percentage_do_not_fall(
    client, branch_user, seed_plan, office, dmsx_target
):
    """A percentage whose counts add up over the year (basis total): Q1 = 9/10; Q1-2 with 8/12 has fewer
    orders done than Q1 had: refused on the numerator."""
    dmsx_target.basis = "total"
    dmsx_target.save()
    enter_result(dmsx_target, office, 1, numerator=9, denominator=10)
    client.force_login(branch_user)
    fields = {
        f"t{dmsx_target.pk}-numerator": "8",
        f"t{dmsx_target.pk}-denominator": "12",
        f"t{dmsx_target.pk}-narrative": "-",
    }
    refused = post(client, seed_plan, office, 2, fields)
    assert refused.status_code == 400 and "ตัวตั้ง" in refused.content.decode()
    assert not Result.objects.filter(target=dmsx_target, unit=office, quarter=2).exists()
