"""A quarter closes itself N days after its deadline (the plan's setting, run by send_reminders), and head office
grants a unit an exception on the locks page (who, until when, why; kept as history)."""

from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from plans.models import Unit
from quarters import closing
from quarters.models import CloseException, PeriodLock
from quarters.selectors import locked_unit_ids
from tests.htmlforms import form_fields

from .conftest import entry_url, page_form

pytestmark = pytest.mark.django_db


def run_daily(day: str) -> str:
    out = StringIO()
    call_command("send_reminders", "--today", day, stdout=out)
    return out.getvalue()


def set_auto_close(client, hq_user, plan, days: str):
    client.force_login(hq_user)
    url = reverse("plans:plan_edit", args=[plan.pk])
    data = form_fields(client.get(url).content.decode(), form_id=None) | {
        "auto_close_days": days,
        "change_reason": "ปิดรอบอัตโนมัติ",
    }
    return client.post(url, data)


def test_head_office_sets_the_closing_on_the_plans_settings_page(client, hq_user, seed_plan):
    response = set_auto_close(client, hq_user, seed_plan, "5")
    assert response.status_code == 302
    seed_plan.refresh_from_db()
    assert seed_plan.auto_close_days == 5
    html = client.get(reverse("plans:plan_edit", args=[seed_plan.pk])).content.decode()
    assert "ปิดรอบอัตโนมัติ" in html  # the change and its reason are in the plan's history
    assert set_auto_close(client, hq_user, seed_plan, "-1").status_code == 400
    seed_plan.refresh_from_db()
    assert seed_plan.auto_close_days == 5


@pytest.mark.parametrize("role", ["reporter", "approver", "unit_admin", "reviewer"])
def test_only_head_office_edits_the_plans_settings(client, users_by_role, seed_plan, role):
    client.force_login(users_by_role[role])
    assert client.get(reverse("plans:plan_edit", args=[seed_plan.pk])).status_code == 403


def test_a_quarter_closes_n_days_after_its_last_deadline(client, hq_user, branch_user, seed_plan, office):
    # Q1-2/2564 ends 30 Jun 2564 (2021); offices report 10 days after, the consolidating divisions (and the
    # offices' Doing Business and phone-survey targets) 20 days after: the quarter's last deadline is
    # 20 Jul 2564. Closing 5 days later: Q1-2 closes on 25 Jul 2564 (Q1: 31 Mar + 20 + 5 = 25 Apr 2564).
    set_auto_close(client, hq_user, seed_plan, "5")
    seed_plan.refresh_from_db()
    assert closing.quarter_deadline(seed_plan, 2) == date(2021, 7, 20)
    assert closing.close_day(seed_plan, 2) == date(2021, 7, 25)

    assert "closed: 1 quarters" in run_daily("2021-07-24")  # Q1 only
    assert locked_unit_ids(seed_plan, 1, [office.pk]) == {office.pk}
    assert locked_unit_ids(seed_plan, 2, [office.pk]) == set()

    assert "closed: 1 quarters" in run_daily("2021-07-25")  # Q1-2 on its day
    assert locked_unit_ids(seed_plan, 2, [office.pk]) == {office.pk}
    assert "closed: 0 quarters" in run_daily("2021-07-26")  # never twice
    assert PeriodLock.objects.filter(plan=seed_plan, quarter=2).count() == 1

    client.force_login(branch_user)
    assert client.post(entry_url(seed_plan, office, 2), {"action": "save"}).status_code == 403


def test_a_quarter_head_office_reopened_is_not_closed_again(client, hq_user, seed_plan, office):
    set_auto_close(client, hq_user, seed_plan, "5")
    client.post(
        reverse("quarters:locks", args=[seed_plan.pk]),
        {"quarter": "2", "locked": "0", "reason": "เปิดให้แก้ไขทั้งเขต"},
    )
    run_daily("2021-07-25")
    assert locked_unit_ids(seed_plan, 2, [office.pk]) == set()


def test_a_plan_without_the_setting_never_closes_itself(seed_plan, office):
    run_daily("2021-12-31")
    assert not PeriodLock.objects.filter(plan=seed_plan).exists()


def test_an_exception_keeps_one_unit_open_until_its_day(
    client, hq_user, branch_user, seed_plan, office, pr_target
):
    set_auto_close(client, hq_user, seed_plan, "5")
    seed_plan.refresh_from_db()
    other = Unit.objects.get(code="กฟฟ.รย.")
    # 22 Jul 2564, before Q1-2 closes: กฟฟ.ชบ. may go on until 31 Jul 2564.
    closing.close_exception_grant(
        plan=seed_plan,
        quarter=2,
        unit=office,
        until=date(2021, 7, 31),
        reason="ระบบ SAP ของ กฟฟ.ชบ. ขัดข้อง",
        user=hq_user,
        today=date(2021, 7, 22),
        now=timezone.make_aware(datetime(2021, 7, 22, 9)),
    )
    run_daily("2021-07-25")
    assert locked_unit_ids(seed_plan, 2, [office.pk, other.pk]) == {other.pk}
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url) | {f"t{pr_target.pk}-value": "2", "action": "save"}
    assert client.post(url, data).status_code == 302  # กฟฟ.ชบ. still enters Q1-2

    run_daily("2021-07-31")  # its last day: still open
    assert locked_unit_ids(seed_plan, 2, [office.pk]) == set()
    out = run_daily("2021-08-01")  # the day after: closed for กฟฟ.ชบ. too
    assert "exceptions ended: 1" in out
    assert locked_unit_ids(seed_plan, 2, [office.pk, other.pk]) == {office.pk, other.pk}
    assert client.post(url, {"action": "save"}).status_code == 403


def test_an_exception_granted_after_the_close_opens_the_unit_at_once(client, hq_user, seed_plan, office):
    set_auto_close(client, hq_user, seed_plan, "5")
    run_daily("2021-07-25")
    assert locked_unit_ids(seed_plan, 2, [office.pk]) == {office.pk}
    # on the locks page (the view reads today's date: the last day is far ahead of it)
    locks_url = reverse("quarters:locks", args=[seed_plan.pk])
    response = client.post(
        locks_url,
        {
            "exception-quarter": "2",
            "exception-unit": office.pk,
            "exception-until": "31/12/2600",
            "exception-reason": "ผู้รายงานลาคลอด",
        },
    )
    assert response.status_code == 302
    assert locked_unit_ids(seed_plan, 2, [office.pk]) == set()
    html = client.get(locks_url).content.decode()
    assert "ผู้รายงานลาคลอด" in html and "31 ธ.ค. 2600" in html


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("exception-reason", "", "เหตุผลที่ให้ข้อยกเว้น"),
        ("exception-until", "01/01/2564", "ผ่านไปแล้ว"),
        ("exception-until", "", "ถึงวันใด"),
    ],
)
def test_a_bad_exception_is_refused_in_thai_and_nothing_is_saved(
    client, hq_user, seed_plan, office, field, value, message
):
    client.force_login(hq_user)
    data = {
        "exception-quarter": "2",
        "exception-unit": office.pk,
        "exception-until": "31/12/2600",
        "exception-reason": "เหตุผล",
    } | {field: value}
    response = client.post(reverse("quarters:locks", args=[seed_plan.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CloseException.objects.exists()


@pytest.mark.parametrize("role", ["reporter", "approver", "unit_admin", "reviewer"])
def test_only_head_office_grants_exceptions(client, users_by_role, seed_plan, office, role):
    client.force_login(users_by_role[role])
    response = client.post(
        reverse("quarters:locks", args=[seed_plan.pk]),
        {
            "exception-quarter": "2",
            "exception-unit": office.pk,
            "exception-until": "31/12/2600",
            "exception-reason": "เหตุผล",
        },
    )
    assert response.status_code == 403
    assert not CloseException.objects.exists()


def test_the_exceptions_list_takes_a_bounded_number_of_queries(client, hq_user, seed_plan, query_budget):
    units = list(Unit.objects.filter(region_id=seed_plan.owner_id).order_by("code")[:12])
    now = timezone.now()
    for unit in units:
        closing.close_exception_grant(
            plan=seed_plan,
            quarter=2,
            unit=unit,
            until=date(2600, 1, 1),
            reason=f"เหตุผลของ {unit.code}",
            user=hq_user,
            today=date(2021, 7, 1),
            now=now,
        )
    client.force_login(hq_user)
    with query_budget("quarters:locks"):
        html = client.get(reverse("quarters:locks", args=[seed_plan.pk])).content.decode()
    assert all(f"เหตุผลของ {unit.code}" in html for unit in units)
