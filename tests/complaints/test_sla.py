"""SLA arithmetic at the edges, and the complaint KPIs computed from the records."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from complaints import sla
from complaints.models import ComplaintType, Holiday
from complaints.services import complaint_due
from plans import measures
from plans.measures import compute
from tests.entered import record_complaint

BKK = ZoneInfo("Asia/Bangkok")
pytestmark = pytest.mark.django_db


def at(y, m, d, hh=9, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=BKK)


def ctype(code) -> ComplaintType:
    return ComplaintType.objects.get(code=code)


def test_the_seed_types_carry_the_seed_slas(seed_plan):
    assert [ctype(c).sla_value for c in ["OP1", "OP2", "OP3", "OP4", "OP5", "OP6"]] == [
        25,
        25,
        15,
        20,
        20,
        20,
    ]
    assert (ctype("URGENT").sla_value, ctype("URGENT").sla_unit) == (24, "hours")
    assert ctype("MISCONDUCT").counted is False


def test_closing_on_the_due_day_is_within_the_sla(seed_plan):
    due = complaint_due(at(2021, 3, 1), ctype("OP3"))  # 15 calendar days
    assert due.astimezone(BKK).date() == date(2021, 3, 16)
    assert sla.within_sla(due, at(2021, 3, 16, 23, 30), at(2021, 4, 1)) is True
    assert sla.within_sla(due, at(2021, 3, 17, 0, 5), at(2021, 4, 1)) is False


def test_a_working_day_sla_skips_weekends_and_holidays(seed_plan):
    working = ComplaintType.objects.create(
        code="WD5", name_th="ทดสอบวันทำการ", category="operational", sla_value=5, day_kind="working"
    )
    # Thu 8 Apr 2564 + 5 working days: Fri 9, (weekend), Mon 12 Songkran-holiday... 13, 14, 15 holidays -> 16, 19, 20, 21
    assert Holiday.objects.filter(date=date(2021, 4, 13)).exists()
    assert complaint_due(at(2021, 4, 8), working).astimezone(BKK).date() == date(2021, 4, 21)
    Holiday.objects.filter(
        date__range=(date(2021, 4, 12), date(2021, 4, 15))
    ).delete()  # admins edit the calendar
    assert complaint_due(at(2021, 4, 8), working).astimezone(BKK).date() == date(2021, 4, 15)


def test_due_dates_cross_month_and_year_ends(seed_plan):
    assert complaint_due(at(2021, 1, 20), ctype("OP1")).astimezone(BKK).date() == date(2021, 2, 14)
    assert complaint_due(at(2021, 12, 20), ctype("OP4")).astimezone(BKK).date() == date(2022, 1, 9)


def test_an_urgent_complaint_is_counted_in_hours(seed_plan):
    received = at(2021, 5, 1, 22, 15)
    due = complaint_due(received, ctype("URGENT"))
    assert due == received + timedelta(hours=24)
    assert sla.within_sla(due, received + timedelta(hours=23, minutes=59), at(2021, 6, 1)) is True
    assert sla.within_sla(due, received + timedelta(hours=24, minutes=1), at(2021, 6, 1)) is False


def test_still_open_past_due_is_missed_and_not_yet_due_is_undecided(seed_plan):
    due = complaint_due(at(2021, 3, 1), ctype("OP3"))
    assert sla.within_sla(due, None, at(2021, 3, 20)) is False
    assert sla.within_sla(due, None, at(2021, 3, 10)) is None


def make(office, code, received, closed=None, ref=None):
    """A complaint as the office records it: taken in (its due date set by the service), then closed."""
    return record_complaint(office, code, received, closed, ref)


def test_the_kpis_per_unit_and_quarter(office):
    make(
        office, "OP3", at(2021, 1, 5), at(2021, 1, 20)
    )  # 15-day SLA: due end of 20 Jan, closed that day: in time
    make(office, "OP3", at(2021, 1, 5), at(2021, 1, 25))  # 5 days late (within a month: operational in time)
    make(office, "OP1", at(2021, 2, 1))  # still open; SLA due 26 Feb, month due 1 Mar: missed as of 31 Mar
    make(office, "OP1", at(2021, 3, 30))  # open but not due yet on 31 Mar: left out
    make(office, "MISCONDUCT", at(2021, 1, 6), at(2021, 3, 30))  # excluded type
    make(office, "PRODUCT", at(2021, 1, 10), at(2021, 1, 25))  # product & service: 15 days: end of 25 Jan: in
    make(office, "PRODUCT", at(2021, 2, 1), at(2021, 2, 20))  # 19 days: within 30, not within 15
    keys = [
        "complaints.closed_within_sla_pct",
        "complaints.closed_within_month_pct",
        "complaints.closed_within_15d_pct",
        "complaints.closed_within_30d_pct",
        "complaints.open_overdue",
        "complaints.avg_days_to_close",
        "complaints.avg_days_to_close.MISCONDUCT",
    ]
    values = measures.compute(keys, [office.pk], date(2021, 1, 1), date(2021, 3, 31))
    # Own SLA, counted types: decided = 2 OP3 + open OP1 + 2 PRODUCT (30-day SLA: both in) = 5; in time = 3.
    sla_pct = values["complaints.closed_within_sla_pct"][office.pk]
    assert (sla_pct.numerator, sla_pct.denominator, sla_pct.value) == (3, 5, Decimal("60.00"))
    # Operational within a month: OP3 in, OP3 in (20 days), OP1 open past 1 Mar: 2 of 3.
    month = values["complaints.closed_within_month_pct"][office.pk]
    assert (month.numerator, month.denominator) == (2, 3)
    # Product & service only: 15 days 1 of 2, 30 days 2 of 2.
    assert values["complaints.closed_within_15d_pct"][office.pk].value == Decimal("50.00")
    assert values["complaints.closed_within_30d_pct"][office.pk].value == Decimal("100.00")
    assert values["complaints.open_overdue"][office.pk].value == Decimal(1)
    # closed counted ones: 15, 20, 15, 19 days -> 69 / 4 = 17.25
    assert values["complaints.avg_days_to_close"][office.pk].value == Decimal("17.25")
    assert values["complaints.avg_days_to_close.MISCONDUCT"][office.pk].value == Decimal("83.00")


def test_cumulative_quarters_include_earlier_months(office):
    make(office, "OP3", at(2021, 1, 5), at(2021, 1, 6))
    make(office, "OP3", at(2021, 4, 5), at(2021, 4, 6))
    q1 = compute(["complaints.closed_within_sla_pct"], [office.pk], date(2021, 1, 1), date(2021, 3, 31))
    q12 = compute(["complaints.closed_within_sla_pct"], [office.pk], date(2021, 1, 1), date(2021, 6, 30))
    assert q1["complaints.closed_within_sla_pct"][office.pk].denominator == 1
    assert q12["complaints.closed_within_sla_pct"][office.pk].denominator == 2


def test_a_complaint_closed_after_the_period_ends_counts_as_open_then(office):
    make(office, "OP3", at(2021, 3, 1), at(2021, 4, 2))  # due 16 Mar; as of 31 Mar still open and overdue
    values = compute(
        ["complaints.open_overdue", "complaints.closed_within_sla_pct"],
        [office.pk],
        date(2021, 1, 1),
        date(2021, 3, 31),
    )
    assert values["complaints.open_overdue"][office.pk].value == 1
    assert values["complaints.closed_within_sla_pct"][office.pk].value == Decimal("0.00")


def test_the_quarter_form_is_prefilled_from_the_records(client, office, branch_user, seed_plan):
    from django.urls import reverse

    from plans.models import Target
    from tests.helpers import form_fields

    make(office, "OP3", at(2021, 1, 5), at(2021, 1, 6))
    make(office, "OP3", at(2021, 1, 5), at(2021, 2, 28))
    target = Target.objects.get(measure_key="complaints.closed_within_sla_pct.OP3")
    client.force_login(branch_user)
    fields = form_fields(
        client.get(reverse("quarters:entry", args=[seed_plan.pk, office.pk, 1])).content.decode()
    )
    assert (fields[f"t{target.pk}-numerator"], fields[f"t{target.pk}-denominator"]) == ("1", "2")
