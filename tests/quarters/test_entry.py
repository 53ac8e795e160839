"""A branch office fills in its quarter: values, validation at the field, drafts, submit, conflicts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans.history import history_of
from quarters.models import Result

from .conftest import entry_url, make_result, page_form

S = Result.Status
pytestmark = pytest.mark.django_db


def test_it_shows_every_target_of_the_unit_with_last_quarters_figure(
    client, branch_user, seed_plan, office, pr_target
):
    make_result(pr_target, office, 1, Decimal(1))
    client.force_login(branch_user)
    html = client.get(entry_url(seed_plan, office, 2)).content.decode()
    assert pr_target.label_th in html
    assert "3.3.3" in html and "3.5.2" not in html  # assigned vs not
    row = html.split(f'id="row-t{pr_target.pk}"')[1].split("</article>")[0]
    assert "ผลสะสมไตรมาสก่อน" in row and ">1<" in row.replace(" ", "")
    assert "10 ก.ค. 2564" in row  # due 10 days after Q2


def test_it_saves_a_draft_and_keeps_who_and_when(
    client, branch_user, seed_plan, office, pr_target, dmsx_target
):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url)
    data |= {
        f"t{pr_target.pk}-value": "2",
        f"t{dmsx_target.pk}-numerator": "95",
        f"t{dmsx_target.pk}-denominator": "100",
    }
    response = client.post(url, data | {"action": "save"})
    assert response.status_code == 302
    pr = Result.objects.get(target=pr_target, unit=office, quarter=2)
    dmsx = Result.objects.get(target=dmsx_target, unit=office, quarter=2)
    assert (pr.value, pr.status, pr.updated_by) == (Decimal(2), "draft", branch_user)
    assert dmsx.value == Decimal("95.00")  # the percentage is derived from n and d
    assert history_of(pr).first().changes["value"] == ["—", "2"]  # as the result page shows it
    assert Result.objects.filter(unit=office, quarter=2).count() == 2  # untouched rows create nothing


def test_errors_show_at_the_field_keep_the_input_and_save_nothing(
    client, branch_user, seed_plan, office, pr_target, dmsx_target, smile_score_target
):
    make_result(pr_target, office, 1, Decimal(3))
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url) | {
        f"t{pr_target.pk}-value": "2",  # below Q1's 3
        f"t{dmsx_target.pk}-numerator": "120",
        f"t{dmsx_target.pk}-denominator": "100",  # 120 %
        f"t{smile_score_target.pk}-value": "5.5",
        f"t{smile_score_target.pk}-denominator": "12",  # outside 1-5
        "action": "save",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "ไม่ได้บันทึก" in html
    assert "ต่ำกว่าผลสะสมไตรมาสก่อน" in html
    assert "ตัวตั้งต้องไม่เกินตัวหาร" in html
    assert "ช่วงคะแนน 1 ถึง 5" in html
    assert 'value="120"' in html and 'value="5.5"' in html
    assert not Result.objects.filter(unit=office, quarter=2).exists()


def test_a_narrative_is_required_when_behind_target(client, branch_user, seed_plan, office, dmsx_target):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url) | {
        f"t{dmsx_target.pk}-numerator": "80",
        f"t{dmsx_target.pk}-denominator": "100",
    }
    response = client.post(url, data | {"action": "save"})
    assert response.status_code == 400 and "ต่ำกว่าเป้าหมาย" in response.content.decode()
    data[f"t{dmsx_target.pk}-narrative"] = "ระบบ DMSx ขัดข้องเดือน พ.ค."
    assert client.post(url, data | {"action": "save"}).status_code == 302
    assert Result.objects.get(target=dmsx_target, unit=office, quarter=2).value == Decimal("80.00")


@pytest.mark.parametrize(
    ("numerator", "denominator", "message"),
    [("5", "", "ทั้งตัวตั้งและตัวหาร"), ("5", "0", "มากกว่า 0"), ("-1", "10", "")],
)
def test_percentages_need_a_sound_numerator_and_denominator(
    client, branch_user, seed_plan, office, dmsx_target, numerator, denominator, message
):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 1)
    data = page_form(client, url) | {
        f"t{dmsx_target.pk}-numerator": numerator,
        f"t{dmsx_target.pk}-denominator": denominator,
    }
    response = client.post(url, data | {"action": "save"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Result.objects.filter(target=dmsx_target, unit=office).exists()


def test_a_score_needs_its_number_of_responses(client, branch_user, seed_plan, office, smile_score_target):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url) | {f"t{smile_score_target.pk}-value": "4.6"}
    response = client.post(url, data | {"action": "save"})
    assert "จำนวนผู้ตอบ" in response.content.decode()
    data[f"t{smile_score_target.pk}-denominator"] = "40"
    assert client.post(url, data | {"action": "save"}).status_code == 302


def test_a_reviewer_allows_a_correction_downwards(
    client, branch_user, region_reviewer, seed_plan, office, pr_target
):
    make_result(pr_target, office, 1, Decimal(3))
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url) | {
        f"t{pr_target.pk}-value": "2",
        f"t{pr_target.pk}-narrative": "แก้ไขตัวเลขไตรมาส 1",
    }
    assert client.post(url, data | {"action": "save"}).status_code == 400  # refused
    result = make_result(pr_target, office, 2, None, status=Result.Status.DRAFT)
    client.force_login(region_reviewer)
    response = client.post(
        reverse("quarters:allow_decrease", args=[result.pk]), {"reason": "ไตรมาส 1 นับซ้ำ 1 ครั้ง"}
    )
    assert response.status_code == 302
    client.force_login(branch_user)
    data = page_form(client, url) | {
        f"t{pr_target.pk}-value": "2",
        f"t{pr_target.pk}-narrative": "แก้ไขตัวเลขไตรมาส 1",
    }
    assert client.post(url, data | {"action": "save"}).status_code == 302
    assert Result.objects.get(pk=result.pk).value == 2


def test_a_reporter_cannot_allow_a_correction(client, branch_user, seed_plan, office, pr_target):
    result = make_result(pr_target, office, 2, None, status=Result.Status.DRAFT)
    client.force_login(branch_user)
    assert (
        client.post(reverse("quarters:allow_decrease", args=[result.pk]), {"reason": "x"}).status_code == 403
    )
    result.refresh_from_db()
    assert result.decrease_allowed_reason == ""


def test_save_and_submit_in_one_step(client, branch_user, seed_plan, office, pr_target):
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url) | {f"t{pr_target.pk}-value": "2"}
    client.post(url, data | {"action": "submit"})
    result = Result.objects.get(target=pr_target, unit=office, quarter=2)
    assert result.status == "submitted" and result.submitted_at is not None
    assert result.transitions.get().to_status == "submitted"


def test_the_second_of_two_editors_gets_a_conflict_not_an_overwrite(
    client, branch_user, branch_approver, seed_plan, office, pr_target
):
    from django.test import Client

    first, second = client, Client()
    first.force_login(branch_user)
    second.force_login(branch_approver)
    url = entry_url(seed_plan, office, 2)
    make_result(pr_target, office, 2, Decimal(1), status=Result.Status.DRAFT, narrative="ยังไม่ครบ")
    form_first, form_second = page_form(first, url), page_form(second, url)
    assert first.post(url, form_first | {f"t{pr_target.pk}-value": "2", "action": "save"}).status_code == 302
    response = second.post(url, form_second | {f"t{pr_target.pk}-value": "5", "action": "save"}, follow=True)
    html = response.content.decode()
    assert "ถูกแก้ไขโดย" in html and "branch_user" in html
    assert Result.objects.get(target=pr_target, unit=office, quarter=2).value == Decimal(2)


def test_an_untouched_row_changed_by_someone_else_is_no_conflict(
    client, branch_user, branch_approver, seed_plan, office, pr_target, dmsx_target
):
    from django.test import Client

    other = Client()
    other.force_login(branch_approver)
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    make_result(pr_target, office, 2, Decimal(1), status=Result.Status.DRAFT, narrative="-")
    mine = page_form(client, url)
    other.post(url, page_form(other, url) | {f"t{pr_target.pk}-value": "2", "action": "save"})
    response = client.post(
        url,
        mine | {f"t{dmsx_target.pk}-numerator": "9", f"t{dmsx_target.pk}-denominator": "9", "action": "save"},
    )
    assert response.status_code == 302
    assert Result.objects.get(target=pr_target, quarter=2, unit=office).value == 2


@pytest.mark.parametrize("n_targets", [10, 100])
def test_saving_a_quarter_form_takes_a_bounded_number_of_queries(
    client, synthetic_plan, query_budget, n_targets
):
    from plans.models import User

    plan, unit = synthetic_plan(n_targets)
    user = User.objects.create_user("r", password="x", unit=unit, role="reporter")
    client.force_login(user)
    url = entry_url(plan, unit, 1)
    data = page_form(client, url)
    for name in list(data):
        if name.endswith("-value"):
            data[name] = "1"
    # session, user, plan, unit, targets and their assignments (6), existing results, locks, the row lock,
    # one INSERT of all results, one INSERT of all audit rows, savepoints
    with query_budget("quarters:entry save"):
        response = client.post(url, data | {"action": "save"})
    assert response.status_code == 302
    assert Result.objects.filter(unit=unit, quarter=1, value=1).count() == n_targets


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("reporter", 200),
        ("approver", 200),
        ("unit_admin", 200),
        ("other_reporter", 404),
        ("reviewer", 200),
        ("outside_reviewer", 404),
        ("head_office", 200),
        ("admin", 200),
    ],
)
def test_who_sees_a_units_quarter_form(client, users_by_role, seed_plan, office, role, status):
    client.force_login(users_by_role[role])
    assert client.get(entry_url(seed_plan, office, 2)).status_code == status


def test_a_reviewer_reads_but_cannot_post_a_units_form(client, region_reviewer, seed_plan, office, pr_target):
    client.force_login(region_reviewer)
    url = entry_url(seed_plan, office, 2)
    assert "บันทึกร่าง" not in client.get(url).content.decode()
    assert client.post(url, {f"t{pr_target.pk}-value": "2", "action": "save"}).status_code == 403
    assert not Result.objects.filter(unit=office, quarter=2).exists()


def test_quarters_outside_1_to_4_are_not_found(client, branch_user, seed_plan, office):
    client.force_login(branch_user)
    for bad in ("5", "0", "99999999999999999999", "zz"):
        assert client.get(f"/results/{seed_plan.pk}/unit/{office.pk}/q{bad}/").status_code == 404
