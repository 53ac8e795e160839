"""A complaint's standing against its deadlines is fixed when it is written, so the KPIs count rows; a changed SLA
(admin, plan file) or holiday calendar (plan file, admin) re-grades the complaints it concerns. Every expected
value is worked out by hand in the comments."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from complaints.models import ComplaintType, Holiday
from complaints.services import types_and_holidays_load
from plans import measures
from tests.entered import record_complaint

BKK = ZoneInfo("Asia/Bangkok")
pytestmark = pytest.mark.django_db
Q1 = (date(2021, 1, 1), date(2021, 3, 31))


def at(m, d, hh=9, mm=0) -> datetime:
    return datetime(2021, m, d, hh, mm, tzinfo=BKK)


def value(key, unit):
    return measures.compute([key], [unit.pk], *Q1)[key][unit.pk]


def explained_states(key, unit):
    return sorted((line["reference"], line["state"]) for line in measures.explain(key, [unit.pk], *Q1).lines)


def change_sla_in_admin(client, admin_user, code, sla_value):
    complaint_type = ComplaintType.objects.get(code=code)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:complaints_complainttype_change", args=[complaint_type.pk]),
        {
            "code": complaint_type.code,
            "name_th": complaint_type.name_th,
            "name_en": complaint_type.name_en,
            "category": complaint_type.category,
            "sla_value": sla_value,
            "sla_unit": complaint_type.sla_unit,
            "day_kind": complaint_type.day_kind,
            "counted": "on" if complaint_type.counted else "",
            "order": complaint_type.order,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_longer_sla_set_in_the_admin_re_grades_the_types_complaints(client, admin_user, office):
    """OP3 has 15 calendar days. A: received 1 Mar, closed 20 Mar 10:00 (due end of 16 Mar: missed). B: received
    10 Mar, still open (due end of 25 Mar; as of 31 Mar: missed). An OP1 (25 days) closed late stays as it was."""
    record_complaint(office, "OP3", at(3, 1), at(3, 20, 10), ref="A")
    record_complaint(office, "OP3", at(3, 10), ref="B")
    record_complaint(office, "OP1", at(1, 4), at(3, 1), ref="C")  # due end of 29 Jan, closed 1 Mar: missed
    # OP3 before: 0 in time of 2 decided -> 0.00 %; open past due: B -> 1 of 2
    before = value("complaints.closed_within_sla_pct.OP3", office)
    assert (before.numerator, before.denominator, before.value) == (0, 2, Decimal("0.00"))
    assert value("complaints.open_overdue.OP3", office).value == 1

    change_sla_in_admin(client, admin_user, "OP3", 25)

    # 25 days: A due end of 26 Mar, closed 20 Mar -> in time; B due end of 4 Apr -> not due yet, left out
    # -> 1 of 1 = 100.00 %; nothing open past due (0 of the 2 OP3 complaints)
    after = value("complaints.closed_within_sla_pct.OP3", office)
    assert (after.numerator, after.denominator, after.value) == (1, 1, Decimal("100.00"))
    overdue = value("complaints.open_overdue.OP3", office)
    assert (overdue.value, overdue.denominator) == (0, 2)
    # the records behind the number say the same, row by row
    assert explained_states("complaints.closed_within_sla_pct.OP3", office) == [
        ("A", "in_time"),
        ("B", "left_out"),
        ("C", "left_out"),  # another type
    ]
    # OP1 untouched: C still missed -> 0 of 1
    op1 = value("complaints.closed_within_sla_pct.OP1", office)
    assert (op1.numerator, op1.denominator) == (0, 1)
    # the complaint's page shows the new due date (B.E.): 4 Apr 2564
    client.force_login(admin_user)
    assert "4 เม.ย. 2564" in client.get(reverse("complaints:list"), {"queue": "all"}).content.decode()


def test_a_shorter_sla_in_the_plan_file_re_grades_and_the_day_rules_stay(office):
    """The plan file sets OP3 from 15 to 5 days. A: received 1 Mar, closed 10 Mar (due end of 16 Mar: in time;
    with 5 days due end of 6 Mar: missed). The 15-day rule is not the type's SLA and does not move."""
    record_complaint(office, "OP3", at(3, 1), at(3, 10), ref="A")
    assert value("complaints.closed_within_sla_pct.OP3", office).value == Decimal("100.00")  # 1 of 1
    op3 = ComplaintType.objects.get(code="OP3")
    types_and_holidays_load(
        {
            "complaint_types": [
                {"code": "OP3", "name_th": op3.name_th, "category": "operational", "sla_value": 5}
            ]
        }
    )
    after = value("complaints.closed_within_sla_pct.OP3", office)
    assert (after.numerator, after.denominator, after.value) == (0, 1, Decimal("0.00"))  # 0 of 1
    # one month from 1 Mar is the end of 1 Apr: closed 10 Mar is in time -> 1 of 1
    month = value("complaints.closed_within_month_pct", office)
    assert (month.numerator, month.denominator) == (1, 1)


def test_a_holiday_added_or_removed_re_grades_working_day_complaints(client, admin_user, office):
    """WD5: 5 working days. Received Mon 1 Mar 2564 09:00: Tue 2, Wed 3, Thu 4, Fri 5, Mon 8 -> due end of
    8 Mar; closed Tue 9 Mar 10:00: missed. A holiday on Fri 5 Mar moves the due day to Tue 9 Mar: in time.
    A calendar-day type (OP3, 15 days) closed on the same days does not move."""
    types_and_holidays_load(
        {
            "complaint_types": [
                {
                    "code": "WD5",
                    "name_th": "ทดสอบวันทำการ",
                    "category": "operational",
                    "sla_value": 5,
                    "day_kind": "working",
                }
            ]
        }
    )
    record_complaint(office, "WD5", at(3, 1), at(3, 9, 10), ref="W")
    record_complaint(office, "OP3", at(3, 1), at(3, 17, 10), ref="P")  # due end of 16 Mar: missed
    assert value("complaints.closed_within_sla_pct.WD5", office).numerator == 0  # 0 of 1

    types_and_holidays_load({"holidays": [{"date": date(2021, 3, 5), "name_th": "วันหยุดพิเศษ"}]})
    wd5 = value("complaints.closed_within_sla_pct.WD5", office)
    assert (wd5.numerator, wd5.denominator, wd5.value) == (1, 1, Decimal("100.00"))  # 1 of 1
    op3 = value("complaints.closed_within_sla_pct.OP3", office)
    assert (op3.numerator, op3.denominator) == (0, 1)  # 0 of 1, as before

    # the admin removes the holiday again: due end of 8 Mar, missed -> 0 of 1
    client.force_login(admin_user)
    holiday = Holiday.objects.get(date=date(2021, 3, 5))
    response = client.post(reverse("admin:complaints_holiday_delete", args=[holiday.pk]), {"post": "yes"})
    assert response.status_code == 302
    wd5 = value("complaints.closed_within_sla_pct.WD5", office)
    assert (wd5.numerator, wd5.denominator, wd5.value) == (0, 1, Decimal("0.00"))


def test_closing_late_then_reopening_is_counted_as_open(office, branch_user):
    """Received 1 Mar (OP3, due end of 16 Mar), closed 20 Mar (missed), reopened 25 Mar: as of 31 Mar it is open
    past due -> still missed, and no longer among the closed for the average time to close."""
    from complaints.services import complaint_change_status

    complaint = record_complaint(office, "OP3", at(3, 1), at(3, 20), ref="R")
    # closed after 19 days -> average 19.00 days over 1 closed
    assert value("complaints.avg_days_to_close.OP3", office).value == Decimal("19.00")
    complaint_change_status(complaint=complaint, user=branch_user, to_status="open", now=at(3, 25))
    share = value("complaints.closed_within_sla_pct.OP3", office)
    assert (share.numerator, share.denominator) == (0, 1)  # open past due: 0 of 1
    assert value("complaints.avg_days_to_close.OP3", office).value is None  # none closed
    assert value("complaints.open_overdue.OP3", office).value == 1
