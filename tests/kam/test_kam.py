"""Key accounts: coverage from the records, quotas, late logging, imports, pages."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kam import services
from kam.importers import import_accounts, import_activities
from kam.models import Activity, KeyAccount
from kam.selectors import coverage_board, exec_visits
from kpiplan.lib.tabular import TableError
from plans import measures
from plans.models import Unit

pytestmark = pytest.mark.django_db
BKK = ZoneInfo("Asia/Bangkok")


def account(office, n, segment="Strategic", active_from=None, active_to=None):
    return KeyAccount.objects.create(
        customer_number=f"CA{n:05d}",
        name=f"บริษัท {n} จำกัด",
        segment=segment,
        office=office,
        active_from=active_from,
        active_to=active_to,
    )


def activity(acc, kind, day, level="", logged=None):
    return Activity.objects.create(
        account=acc,
        office=acc.office,
        kind=kind,
        exec_level=level,
        date=day,
        logged_at=logged or datetime.combine(day, datetime.min.time(), tzinfo=BKK),
    )


def value(key, unit, start=date(2021, 1, 1), end=date(2021, 12, 31)):
    return measures.compute([key], [unit.pk], start, end)[key][unit.pk]


def test_coverage_counts_only_accounts_active_in_the_period(office):
    a = account(office, 1)
    b = account(office, 2, active_from=date(2021, 7, 1))  # added mid-year
    c = account(office, 3, active_to=date(2021, 3, 31))  # deactivated after Q1
    activity(a, "FMS", date(2021, 2, 1))
    activity(c, "FMS", date(2021, 2, 1))
    q1 = value("kam.fms_coverage_strategic_pct", office, end=date(2021, 3, 31))
    assert (q1.numerator, q1.denominator) == (2, 2)  # b not yet active
    q3 = value("kam.fms_coverage_strategic_pct", office, end=date(2021, 9, 30))
    assert (q3.numerator, q3.denominator) == (2, 3)  # c was active in Q1, b from Q3
    only_q3 = value("kam.fms_coverage_strategic_pct", office, date(2021, 7, 1), date(2021, 9, 30))
    assert (only_q3.numerator, only_q3.denominator) == (0, 2)  # c gone, a and b uncovered in Q3
    assert b.pk


def test_the_streamline_40_percent_target(office, seed_plan):
    accounts = [account(office, n, segment="Streamline") for n in range(10)]
    for acc in accounts[:4]:
        activity(acc, "RBA", date(2021, 5, 1))
    rba = value("kam.rba_coverage_streamline_pct", office)
    assert rba.value == Decimal("40.00")
    _rows, total = coverage_board([office], date(2021, 1, 1), date(2021, 12, 31), 2564)
    cell = total.cells[("Streamline", "RBA")]
    assert (cell.pct, cell.target, cell.status) == (Decimal("40.0"), Decimal("40.00"), "achieved")
    activity(accounts[0], "RBA", date(2021, 6, 1))  # a second RBA for a covered account changes nothing
    assert value("kam.rba_coverage_streamline_pct", office).value == Decimal("40.00")


def test_com_is_counted_once_per_account_per_quarter(office):
    a, b = account(office, 1, "Star"), account(office, 2, "Status")
    activity(a, "COM", date(2021, 1, 10))
    activity(a, "COM", date(2021, 2, 10))  # same quarter
    activity(a, "COM", date(2021, 4, 10))
    activity(b, "COM", date(2021, 5, 10))
    com = value("kam.com_coverage_pct", office, end=date(2021, 6, 30))
    assert (com.numerator, com.denominator) == (3, 4)  # a: Q1, Q2; b: Q2; out of 2 accounts x 2 quarters


def test_executive_visits_against_the_quota_per_office(office, seed_plan):
    other = Unit.objects.get(code="กฟฟ.มดพ.")
    a, b = account(office, 1), account(other, 2)
    for day in (1, 2, 3):
        activity(a, "EXEC", date(2021, 2, day), level="assistant")
    for day in range(1, 5):
        activity(a, "EXEC", date(2021, 3, day), level="manager")
    activity(b, "EXEC", date(2021, 2, 1), level="manager")
    lines = {
        line.office: line for line in exec_visits([office, other], date(2021, 1, 1), date(2021, 3, 31), 1)
    }
    assert lines[office].counts == {"director": 0, "assistant": 3, "manager": 4}
    assert lines[office].owed == {"assistant": 0, "manager": 2}
    assert lines[other].owed == {"assistant": 3, "manager": 5}
    assert value("kam.exec_visits_manager", office, end=date(2021, 3, 31)).value == 4


def test_an_activity_logged_after_the_fifth_of_next_month_is_late(office):
    acc = account(office, 1)
    on_time = activity(acc, "COM", date(2021, 1, 20), logged=datetime(2021, 2, 5, 23, 0, tzinfo=BKK))
    late = activity(acc, "COM", date(2021, 1, 20), logged=datetime(2021, 2, 6, 8, 0, tzinfo=BKK))
    assert (on_time.logged_late, late.logged_late) == (False, True)
    line = exec_visits([office], date(2021, 1, 1), date(2021, 3, 31), 1)[0]
    assert line.late == 1


def test_a_reporter_cannot_log_for_another_offices_account(office, branch_user):
    other = account(Unit.objects.get(code="กฟฟ.มดพ."), 9)
    # refused without saying whose customer it is
    with pytest.raises(ValidationError, match="ไม่พบลูกค้ารายสำคัญนี้ในหน่วยงานของท่าน"):
        services.activity_log(
            user=branch_user,
            office=office,
            account=other,
            kind="FMS",
            day=date(2021, 2, 1),
            now=timezone.now(),
        )
    assert not Activity.objects.exists()


def csv(text):
    return SimpleUploadedFile("crm.csv", text.encode("utf-8"))


def test_account_import_refuses_an_unknown_segment_and_a_duplicate_number(office, branch_user):
    units = Unit.objects.filter(pk=office.pk)
    with pytest.raises(TableError) as exc:
        import_accounts(
            csv("customer_number,name,segment,office\nCA1,บริษัท ก,Gold,กฟฟ.ชบ.\n"),
            allowed_units=units,
            user=branch_user,
        )
    assert (
        str(exc.value.errors[0])
        == "แถว 2 คอลัมน์ กลุ่มลูกค้า: ไม่รู้จักค่านี้ — ใช้ได้: Strategic, Star, Status, Streamline (ค่าในไฟล์: 'Gold')"
    )
    with pytest.raises(TableError) as exc:
        import_accounts(
            csv("customer_number,name,segment,office\nCA1,ก,Star,กฟฟ.ชบ.\nCA1,ข,Star,กฟฟ.ชบ.\n"),
            allowed_units=units,
            user=branch_user,
        )
    assert "ซ้ำ" in str(exc.value.errors[0]) and not KeyAccount.objects.exists()


def test_a_customer_number_of_another_office_is_refused(office, branch_user):
    theirs = account(Unit.objects.get(code="กฟฟ.มดพ."), 7)
    with pytest.raises(TableError) as exc:
        import_accounts(
            csv("customer_number,name,segment,office\nCA00007,ก,Star,กฟฟ.ชบ.\n"),
            allowed_units=Unit.objects.filter(pk=office.pk),
            user=branch_user,
        )
    # refused, and nothing of the other office's account shown (neither its office nor its name)
    assert str(exc.value.errors[0]) == (
        "แถว 2 คอลัมน์ หมายเลขผู้ใช้ไฟ: เลขที่นี้เป็นของหน่วยงานอื่น ท่านแก้ไขไม่ได้ (ใช้เลขที่อื่น) (ค่าในไฟล์: 'CA00007')"
    )
    theirs.refresh_from_db()
    assert (theirs.office.code, theirs.name) == ("กฟฟ.มดพ.", "บริษัท 7 จำกัด")


def test_activity_import_is_idempotent_and_refuses_another_offices_accounts(office, branch_user):
    account(office, 1)
    account(Unit.objects.get(code="กฟฟ.มดพ."), 2)
    units = Unit.objects.filter(pk=office.pk)
    good = "external_id,customer_number,kind,date\nA1,CA00001,FMS,2021-02-01\nA2,CA00001,COM,2021-02-03\n"
    assert import_activities(csv(good), allowed_units=units, user=branch_user).created == 2
    assert import_activities(csv(good), allowed_units=units, user=branch_user).unchanged == 2
    assert Activity.objects.count() == 2
    with pytest.raises(TableError) as exc:
        import_activities(csv(good + "A3,CA00002,FMS,2021-02-01\n"), allowed_units=units, user=branch_user)
    assert str(exc.value.errors[0]) == ("แถว 4 คอลัมน์ หมายเลขผู้ใช้ไฟ: ไม่พบลูกค้ารายสำคัญนี้ในหน่วยงานของท่าน")
    assert Activity.objects.count() == 2


def test_the_coverage_board_takes_the_same_queries_for_few_or_many_accounts(
    client, region_reviewer, seed_plan, query_budget
):
    offices = list(Unit.objects.filter(region=seed_plan.owner, kind="office"))

    def seed(n):
        for i in range(n):
            acc = account(
                offices[i % len(offices)],
                KeyAccount.objects.count() + 1,
                segment=["Strategic", "Star", "Status", "Streamline"][i % 4],
            )
            activity(acc, ["FMS", "RBA", "COM"][i % 3], date(2021, 2, 1 + i % 20))

    client.force_login(region_reviewer)
    seed(10)
    with query_budget("kam:board"):
        assert client.get(reverse("kam:board"), {"year": 2564, "quarter": 4}).status_code == 200
    seed(200)
    with query_budget("kam:board"):
        assert client.get(reverse("kam:board"), {"year": 2564, "quarter": 4}).status_code == 200


def test_the_board_drills_down_to_accounts_not_covered(client, region_reviewer, office):
    a, b = account(office, 1), account(office, 2)
    activity(a, "FMS", date(2021, 2, 1))
    client.force_login(region_reviewer)
    html = client.get(
        reverse("kam:list"),
        {"uncovered": "FMS", "segment": "Strategic", "office": office.pk, "year": 2564, "quarter": 4},
    ).content.decode()
    assert b.customer_number in html and a.customer_number not in html


@pytest.mark.parametrize(
    ("role", "own", "other"),
    [
        ("reporter", 200, 404),
        ("reviewer", 200, 200),
        ("head_office", 200, 200),
        ("outside_reviewer", 404, 404),
    ],
)
def test_who_sees_which_account(client, users_by_role, office, role, own, other):
    mine, theirs = account(office, 1), account(Unit.objects.get(code="กฟฟ.มดพ."), 2)
    client.force_login(users_by_role[role])
    assert client.get(mine.get_absolute_url()).status_code == own
    assert client.get(theirs.get_absolute_url()).status_code == other
    for name in ("kam:list", "kam:board"):
        assert client.get(reverse(name)).status_code == 200


def test_logging_an_activity_on_the_timeline(client, branch_user, office):
    acc = account(office, 1)
    client.force_login(branch_user)
    response = client.post(acc.get_absolute_url(), {"form": "activity", "kind": "EXEC", "date": "2021-02-01"})
    assert response.status_code == 400 and not Activity.objects.exists()  # the executive level is missing
    client.post(
        acc.get_absolute_url(),
        {
            "form": "activity",
            "kind": "EXEC",
            "exec_level": "manager",
            "date": "2021-02-01",
            "participants": "ผจก.กฟฟ.ชบ.",
        },
    )
    assert Activity.objects.get().exec_level == "manager"


def test_a_cancelled_visit_needs_a_reason(client, branch_user, office):
    from kam.models import VisitPlan

    acc = account(office, 1)
    plan = VisitPlan.objects.create(account=acc, planned_date=date(2021, 3, 1))
    client.force_login(branch_user)
    client.post(acc.get_absolute_url(), {"form": "close_plan", "plan": plan.pk, "done": "0", "reason": ""})
    plan.refresh_from_db()
    assert plan.state == "planned"
    client.post(
        acc.get_absolute_url(), {"form": "close_plan", "plan": plan.pk, "done": "0", "reason": "ลูกค้าติดประชุม"}
    )
    plan.refresh_from_db()
    assert (plan.state, plan.reason) == ("cancelled", "ลูกค้าติดประชุม")


def test_visit_plans_planned_against_done(office):
    from kam.models import VisitPlan

    acc = account(office, 1)
    VisitPlan.objects.create(account=acc, planned_date=date(2021, 2, 1), state="done")
    VisitPlan.objects.create(
        account=acc, planned_date=date(2021, 2, 8), state="cancelled", reason="ลูกค้าไม่สะดวก"
    )
    VisitPlan.objects.create(account=acc, planned_date=date(2021, 3, 1))
    line = exec_visits([office], date(2021, 1, 1), date(2021, 3, 31), 1)[0]
    assert line.plans == {"planned": 1, "done": 1, "cancelled": 1}
