"""The quarter form asks a behind-target row for its obstacle and corrective action (what, who, by when) on the
form itself, and submits it only with them; the same service as the result page writes them."""

from datetime import date

import pytest

from quarters.models import CorrectiveAction, Result

from .conftest import entry_url, page_form
from .rounds import plan_of

pytestmark = pytest.mark.django_db
S = Result.Status


def row(target, **fields) -> dict[str, str]:
    return {f"t{target.pk}-{name}": value for name, value in fields.items()}


ACTION = {
    "obstacle": "ฝนตกหนักทั้งเดือน จัดกิจกรรมกลางแจ้งไม่ได้",
    "action_what": "จัดกิจกรรมประชาสัมพันธ์ในสำนักงานแทน",
    "action_owner": "แผนกบริการลูกค้า",
    "action_due": "31/07/2564",
}


def test_a_behind_row_is_submitted_with_its_obstacle_and_action_from_the_form(
    client, branch_user, pr_target, office
):
    # 1.1 asks for one PR activity a quarter: 2 by Q1-2; 1 is behind.
    plan = plan_of(pr_target)
    client.force_login(branch_user)
    url = entry_url(plan, office, 2)
    data = page_form(client, url) | row(pr_target, value="1", narrative="จัดได้ 1 ครั้ง")

    refused = client.post(url, data | {"action": "submit"})
    html = refused.content.decode()
    assert "1.1 กฟฟ.ชบ.: ผลต่ำกว่าเป้าหมาย กรุณาระบุปัญหาอุปสรรคและการแก้ไข" in html
    assert f'name="t{pr_target.pk}-obstacle"' in html  # asked on the form itself, the row's inputs open
    assert not Result.objects.filter(target=pr_target, unit=office).exists()  # nothing saved

    # An action without who and by when: a Thai message on the row's fields, nothing saved.
    partial = client.post(
        url,
        data
        | row(pr_target, obstacle=ACTION["obstacle"], action_what=ACTION["action_what"])
        | {"action": "submit"},
    )
    assert partial.status_code == 400
    html = partial.content.decode()
    assert "กรุณากรอกผู้รับผิดชอบ" in html and "กรุณากรอกกำหนดเสร็จ (วันที่)" in html
    assert ACTION["obstacle"] in html  # the input is kept
    assert not Result.objects.filter(target=pr_target, unit=office).exists()
    assert not CorrectiveAction.objects.exists()

    done = client.post(url, data | row(pr_target, **ACTION) | {"action": "submit"})
    assert done.status_code == 302
    result = Result.objects.get(target=pr_target, unit=office, quarter=2)
    assert result.status == S.SUBMITTED and result.value == 1
    action = result.actions.get()
    assert (action.obstacle, action.what, action.owner) == (
        ACTION["obstacle"],
        ACTION["action_what"],
        ACTION["action_owner"],
    )
    assert action.due == date(2021, 7, 31)  # 31/07/2564 is B.E.
    assert action.created_by == branch_user
    # the result page shows the action the form wrote
    assert ACTION["action_what"] in client.get(result.get_absolute_url()).content.decode()


def test_a_saved_draft_gets_its_action_later_on_the_form(client, branch_user, pr_target, office):
    plan = plan_of(pr_target)
    client.force_login(branch_user)
    url = entry_url(plan, office, 2)
    client.post(url, page_form(client, url) | row(pr_target, value="1", narrative="จัดได้ 1 ครั้ง") | {"action": "save"})
    assert Result.objects.get(target=pr_target, unit=office, quarter=2).status == S.DRAFT
    html = client.get(url).content.decode()
    assert "ผลต่ำกว่าเป้าหมาย: กรุณาระบุปัญหาอุปสรรคและการแก้ไข" in html  # the saved row asks for it

    # only the action typed, the figure untouched: saved and submitted
    response = client.post(url, page_form(client, url) | row(pr_target, **ACTION) | {"action": "submit"})
    assert response.status_code == 302
    result = Result.objects.get(target=pr_target, unit=office, quarter=2)
    assert result.status == S.SUBMITTED and result.actions.count() == 1
    html = client.get(url).content.decode()
    assert ACTION["action_what"] in html and "ผลต่ำกว่าเป้าหมาย: กรุณาระบุ" not in html


def test_a_row_on_target_asks_for_nothing(client, branch_user, pr_target, office):
    # 2 PR activities by Q1-2 meets the goal of 2.
    plan = plan_of(pr_target)
    client.force_login(branch_user)
    url = entry_url(plan, office, 2)
    response = client.post(url, page_form(client, url) | row(pr_target, value="2") | {"action": "submit"})
    assert response.status_code == 302
    result = Result.objects.get(target=pr_target, unit=office, quarter=2)
    assert result.status == S.SUBMITTED and not result.actions.exists()


def test_an_action_without_a_result_is_refused(client, branch_user, pr_target, office):
    plan = plan_of(pr_target)
    client.force_login(branch_user)
    url = entry_url(plan, office, 2)
    response = client.post(
        url, page_form(client, url) | row(pr_target, **ACTION) | {"action": "save"}, follow=True
    )
    assert "1.1 กฟฟ.ชบ.: กรุณากรอกผลการดำเนินงานก่อนบันทึกปัญหาอุปสรรคและการแก้ไข" in response.content.decode()
    assert not CorrectiveAction.objects.exists()


def test_actions_are_length_limited_and_escaped(client, branch_user, pr_target, office):
    plan = plan_of(pr_target)
    client.force_login(branch_user)
    url = entry_url(plan, office, 2)
    data = page_form(client, url) | row(pr_target, value="1", narrative="จัดได้ 1 ครั้ง") | {"action": "submit"}
    too_long = client.post(url, data | row(pr_target, **(ACTION | {"obstacle": "ก" * 1001})))
    assert "ปัญหาอุปสรรคยาวได้ไม่เกิน 1,000 ตัวอักษร (พิมพ์มา 1,001)" in too_long.content.decode()
    assert not Result.objects.filter(target=pr_target, unit=office).exists()
    client.post(url, data | row(pr_target, **(ACTION | {"obstacle": "<script>alert(1)</script>"})))
    html = client.get(url).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
