"""The complaint KPIs' rules (complaints/measures.py) over complaints as the query reads them, without a
database: which complaints each share counts, each one's verdict and reason, and the value they give. Each
complaint's deadline is made by the SLA rules themselves (sla.due_at, due_in_days, due_in_a_month), as the intake service fixes them; every expected
value is worked out by hand in a comment."""

from datetime import date, datetime, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from complaints import measures, sla
from complaints.measures import Row
from plans.measures import MeasureValue

BKK = ZoneInfo("Asia/Bangkok")
AS_OF = datetime(2021, 3, 31, 23, 59, 59, 999999, tzinfo=BKK)  # the end of Q1/2564
SLAS = {  # type code: (category, counted, SLA value, unit)
    "OP3": ("operational", True, 15, "days"),
    "URGENT": ("urgent", True, 24, "hours"),
    "PS1": ("product_service", True, 20, "days"),
    "MISCONDUCT": ("misconduct", False, 30, "days"),
}


def at(m, d, hh=9, mm=0) -> datetime:
    return datetime(2021, m, d, hh, mm, tzinfo=BKK)


def row(code: str, received: datetime, closed: datetime | None = None, pk: int = 1, unit: int = 7) -> Row:
    category, counted, value, unit_of_sla = SLAS[code]
    due = sla.due_at(received, value, unit_of_sla, "calendar")
    rule_deadlines = (
        sla.due_in_days(received, 15),
        sla.due_in_days(received, 30),
        sla.due_in_a_month(received),
    )
    return Row(
        pk,
        f"C{pk}",
        unit,
        "กฟฟ.ทดสอบ",
        code,
        code,
        category,
        counted,
        unit_of_sla,
        received,
        closed,
        due,
        *rule_deadlines,
    )


def test_the_keys_each_family_name_takes():
    assert measures.is_known("complaints.closed_within_month_pct")
    assert measures.is_known("complaints.closed_within_sla_pct.OP1")
    assert measures.is_known("complaints.avg_days_to_close.OP1")
    assert measures.is_known("complaints.open_overdue")
    assert not measures.is_known("complaints.closed_within_month_pct.OP1")  # not a per-type KPI
    assert not measures.is_known("complaints.closed_within_sla_pct.")  # an empty type code
    assert not measures.is_known("complaints.no_such_kpi")
    assert not measures.is_known("voc.closed_within_month_pct")
    assert not measures.is_known("complaints")
    assert not measures.is_known("complaints.closed_within_sla_pct.OP1.x")
    assert measures.split_key("complaints.closed_within_sla_pct.OP1") == ("closed_within_sla_pct", "OP1")
    assert measures.split_key("complaints.open_overdue") == ("open_overdue", None)


def test_the_one_month_share_counts_operational_complaints_only():
    rows = [
        row("OP3", at(3, 1), at(3, 20), pk=1),  # due 1 Apr (one month): in time
        row("OP3", at(1, 5), at(2, 6), pk=2),  # due the end of 5 Feb: closed 6 Feb, missed by 1 day
        row("OP3", at(2, 10), None, pk=3),  # due the end of 10 Mar, still open on 31 Mar: missed
        row("OP3", at(3, 10), None, pk=4),  # due 10 Apr: not yet due, left out
        row("URGENT", at(3, 1), at(3, 1, 10), pk=5),  # not operational: left out
        row("MISCONDUCT", at(3, 1), None, pk=6),  # never counted
    ]
    found = measures.verdicts("complaints.closed_within_month_pct", rows, AS_OF)
    assert [(r.pk, v.state, v.reason) for r, v in found] == [
        (1, "in_time", "ปิดภายในกำหนด"),
        (2, "missed", "พ้น SLA 1 วัน"),
        (3, "missed", "ยังไม่ปิด พ้นกำหนด 21 วัน"),
        (4, "left_out", "ยังไม่ครบกำหนด"),
        (5, "left_out", "ไม่นับ: ประเภทไม่อยู่ในตัวชี้วัด"),
        (6, "left_out", "ไม่นับ: ประเภทไม่อยู่ในตัวชี้วัด"),
    ]
    # 1 in time of 3 decided: 33.33 %
    assert measures._value("complaints.closed_within_month_pct", rows, AS_OF) == MeasureValue(
        D("33.33"), D(1), D(3)
    )


def test_15_and_30_days_count_product_and_service_complaints_to_the_end_of_the_day():
    rows = [
        row("PS1", at(3, 1), at(3, 16, 23, 30), pk=1),  # day 15 ends 16 Mar 24:00: in time for both
        row("PS1", at(2, 1), at(2, 17, 8), pk=2),  # 16 days: late for 15 (1 day), in time for 30
        row("OP3", at(3, 1), at(3, 2), pk=3),  # operational: left out of both
    ]
    d15 = measures.verdicts("complaints.closed_within_15d_pct", rows, AS_OF)
    assert [v.state for _r, v in d15] == ["in_time", "missed", "left_out"]
    assert d15[1][1].reason == "พ้น SLA 1 วัน"
    # 15 days: 1 of 2 = 50 %; 30 days: 2 of 2 = 100 %
    assert measures._value("complaints.closed_within_15d_pct", rows, AS_OF).value == D("50.00")
    assert measures._value("complaints.closed_within_30d_pct", rows, AS_OF).value == D("100.00")


def test_a_per_type_share_uses_the_types_sla_in_hours():
    rows = [
        row("URGENT", at(3, 1, 9), at(3, 2, 8), pk=1),  # 23 h: in time
        row("URGENT", at(3, 1, 9), at(3, 2, 10), pk=2),  # 25 h: 1 hour late
        row("URGENT", at(3, 31, 9), None, pk=3),  # due 1 Apr 09:00: not yet due
        row("OP3", at(3, 1), at(3, 2), pk=4),  # another type: left out
    ]
    found = measures.verdicts("complaints.closed_within_sla_pct.URGENT", rows, AS_OF)
    assert [(v.state, v.reason) for _r, v in found] == [
        ("in_time", "ปิดภายในกำหนด"),
        ("missed", "พ้น SLA 1 ชั่วโมง"),
        ("left_out", "ยังไม่ครบกำหนด"),
        ("left_out", "ไม่นับ: ประเภทไม่อยู่ในตัวชี้วัด"),
    ]
    # an open urgent complaint 14 h 59 min past due, judged in hours
    late = [row("URGENT", at(3, 30, 9), None, pk=5)]
    assert measures.verdicts("complaints.closed_within_sla_pct", late, AS_OF)[0][1].reason == (
        "ยังไม่ปิด พ้นกำหนด 15 ชั่วโมง"
    )
    # every counted type within its own SLA: urgent 1 of 2, OP3 1 of 1 -> 2 of 3 = 66.67 %
    assert measures._value("complaints.closed_within_sla_pct", rows, AS_OF) == MeasureValue(
        D("66.67"), D(2), D(3)
    )


def test_a_share_with_nothing_decided_has_no_value():
    rows = [row("OP3", at(3, 25), None)]  # not yet due
    assert measures._value("complaints.closed_within_month_pct", rows, AS_OF) == MeasureValue(
        None, D(0), D(0)
    )
    assert measures._value("complaints.closed_within_month_pct", [], AS_OF) == MeasureValue(None, D(0), D(0))


def test_open_overdue_counts_counted_complaints_still_open_past_due():
    rows = [
        row("OP3", at(2, 1), None, pk=1),  # due 16 Feb, open: overdue
        row("OP3", at(3, 25), None, pk=2),  # not yet due
        row("OP3", at(2, 1), at(2, 20), pk=3),  # closed (late): not open
        row("MISCONDUCT", at(1, 1), None, pk=4),  # not counted
    ]
    # 1 overdue of the 3 counted
    assert measures._value("complaints.open_overdue", rows, AS_OF) == MeasureValue(D(1), None, D(3))
    assert measures._value("complaints.open_overdue.OP3", rows, AS_OF) == MeasureValue(D(1), None, D(3))
    assert measures._value("complaints.open_overdue.URGENT", rows, AS_OF) == MeasureValue(None, None, D(0))


def test_average_time_to_close_of_those_closed_by_the_end_of_the_period():
    rows = [
        row("OP3", at(3, 1, 9), at(3, 3, 9), pk=1),  # 2 days
        row("OP3", at(3, 1, 9), at(3, 2, 21), pk=2),  # 1.5 days
        row("OP3", at(3, 20), None, pk=3),  # open: not in the mean
        row("OP3", at(3, 30), at(4, 2), pk=4),  # closed after the period: open then
        row("MISCONDUCT", at(3, 1, 9), at(3, 30, 9), pk=5),  # not counted
    ]
    # (2 + 1.5) / 2 = 1.75 days = 42 hours
    assert measures._value("complaints.avg_days_to_close", rows, AS_OF) == MeasureValue(D("1.75"), None, D(2))
    assert measures._value("complaints.avg_hours_to_close.OP3", rows, AS_OF) == MeasureValue(
        D("42.00"), None, D(2)
    )
    assert measures._value("complaints.avg_days_to_close.URGENT", rows, AS_OF) == MeasureValue(
        None, None, D(0)
    )


def test_a_complaint_closed_at_the_very_end_of_the_period_is_closed():
    closed_at_end = [row("OP3", at(3, 30), AS_OF)]
    # closed 31 Mar 23:59:59.999999, received 30 Mar 09:00: in time, and in the mean
    assert measures._value("complaints.closed_within_month_pct", closed_at_end, AS_OF).value == D("100.00")
    assert measures._value("complaints.avg_days_to_close", closed_at_end, AS_OF).denominator == D(1)


@pytest.mark.parametrize(
    ("start", "end", "since", "until"),
    [(date(2021, 1, 1), date(2021, 3, 31), at(1, 1, 0), AS_OF)],
)
def test_the_period_runs_from_the_first_moment_to_the_end_of_the_last_day(start, end, since, until):
    assert measures._bounds(start, end) == (since, until)
    assert until - since == timedelta(days=90) - timedelta(microseconds=1)
