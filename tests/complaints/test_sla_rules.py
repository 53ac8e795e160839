"""The SLA arithmetic of complaints/sla.py, rule by rule, as pure functions (no database): each expectation is
worked out by hand from the rule in the module's docstring (end of the due day, local time; working days skip
weekends and holidays; hours on the clock)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from complaints import sla

BKK = ZoneInfo("Asia/Bangkok")


def at(y, m, d, hh=9, mm=0, ss=0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, tzinfo=BKK)


def test_a_working_day_count_starting_on_a_weekend_starts_on_monday():
    # Saturday 3 April 2021 rolls forward to Monday 5 April; one working day after it: Tuesday 6 April
    assert sla.add_working_days(date(2021, 4, 3), 1, []) == date(2021, 4, 6)
    # Friday 2 April, a holiday, rolls to Monday 5; two working days after it: Wednesday 7 April
    assert sla.add_working_days(date(2021, 4, 2), 2, [date(2021, 4, 2)]) == date(2021, 4, 7)


def test_days_slas_end_at_the_end_of_the_local_due_day():
    # received 1 March 2021 at 09:00, 15 calendar days: the end of 16 March (Bangkok)
    due = sla.due_at(at(2021, 3, 1), 15, "days", "calendar")
    assert due == datetime(2021, 3, 16, 23, 59, 59, 999999, tzinfo=BKK)
    assert due.utcoffset() == timedelta(hours=7)
    assert sla.end_of_local_day(date(2021, 3, 16)) == due
    # received at 00:30 Bangkok on 2 March (17:30 UTC on 1 March): the day of receipt is the local one
    assert sla.due_in_days(datetime(2021, 3, 1, 17, 30, tzinfo=ZoneInfo("UTC")), 15) == sla.end_of_local_day(
        date(2021, 3, 17)
    )


@pytest.mark.parametrize(
    ("received", "due_day"),
    [
        (date(2021, 3, 15), date(2021, 4, 15)),  # the same day of the next month
        (date(2021, 12, 15), date(2022, 1, 15)),  # December: January of the next year
        (date(2021, 1, 31), date(2021, 2, 28)),  # no 31st, 30th, 29th of February 2021: the 28th
        (date(2024, 1, 31), date(2024, 2, 29)),  # leap year: the 29th
        (date(2021, 3, 31), date(2021, 4, 30)),  # April has no 31st: the 30th
        (date(2021, 1, 30), date(2021, 2, 28)),
    ],
)
def test_within_one_month_is_the_same_day_of_the_next_month_or_its_last_day(received, due_day):
    assert sla.due_in_a_month(at(received.year, received.month, received.day)) == sla.end_of_local_day(
        due_day
    )


def test_days_after_counts_local_days_from_the_due_day():
    due = sla.end_of_local_day(date(2021, 3, 16))
    assert sla.days_after(due, at(2021, 3, 18, 0, 1)) == 2  # two days after the due day
    assert sla.days_after(due, at(2021, 3, 16, 10)) == 0


def test_within_sla_on_the_edges():
    due = at(2021, 3, 16, 12)
    assert sla.within_sla(due, due, at(2021, 4, 1)) is True  # closed at the very deadline: in time
    assert sla.within_sla(due, due + timedelta(seconds=1), at(2021, 4, 1)) is False
    # closed at the very moment of judging: closed (late)
    assert sla.within_sla(due, at(2021, 3, 20), at(2021, 3, 20)) is False
    # closed at the moment of judging, in time, judged before the deadline: in time, not undecided
    assert sla.within_sla(due, at(2021, 3, 10), at(2021, 3, 10)) is True
    # still open at the very deadline: not decided yet; a second later: missed
    assert sla.within_sla(due, None, due) is None
    assert sla.within_sla(due, None, due + timedelta(seconds=1)) is False


def test_standing_says_how_long_past_due():
    due = at(2021, 3, 16, 12)
    assert sla.standing(due, None, at(2021, 3, 10)) == ("not_due", timedelta(0))
    assert sla.standing(due, at(2021, 3, 15), at(2021, 4, 1)) == ("in_time", timedelta(0))
    # closed 2 hours late, judged at the moment it was closed
    assert sla.standing(due, at(2021, 3, 16, 14), at(2021, 3, 16, 14)) == ("late", timedelta(hours=2))
    # open, judged 1 day and 3 hours after the deadline
    assert sla.standing(due, None, at(2021, 3, 17, 15)) == ("open_late", timedelta(days=1, hours=3))


def test_lateness_in_thai_days_and_hours():
    due = at(2021, 3, 16, 12)
    assert sla.lateness_th(due, at(2021, 3, 17, 8)) == "1 วัน"  # the day after the due day
    assert sla.lateness_th(due, at(2021, 3, 19, 8)) == "3 วัน"
    assert sla.lateness_th(due, at(2021, 3, 16, 18)) == "1 วัน"  # late on the due day itself: at least 1
    assert sla.lateness_th(due, at(2021, 3, 16, 12, 30), hours=True) == "1 ชั่วโมง"  # 30 min: at least 1
    assert sla.lateness_th(due, at(2021, 3, 16, 14, 30), hours=True) == "3 ชั่วโมง"  # 2.5 h rounded up
    assert sla.lateness_th(due, at(2021, 3, 16, 14, 0, 1), hours=True) == "3 ชั่วโมง"  # 2 h 1 s: 3 begun
    assert sla.lateness_th(due, at(2021, 3, 16, 16), hours=True) == "4 ชั่วโมง"  # exactly 4 h


def test_due_dates_for_many_complaints_at_once():
    received = np.array(["2021-04-08", "2021-04-08", "2021-03-01"], dtype="datetime64[D]")
    days = np.array([5, 5, 15])
    holidays = [date(2021, 4, 13), date(2021, 4, 14), date(2021, 4, 15)]
    # calendar: 8 Apr + 5 = 13 Apr; working: Fri 9, Mon 12, (13-15 holidays), Fri 16, Mon 19, Tue 20;
    # 1 Mar + 15 calendar days = 16 Mar
    due = sla.due_dates_vectorised(received, days, np.array([False, True, False]), holidays)
    assert list(due) == [
        np.datetime64("2021-04-13"),
        np.datetime64("2021-04-20"),
        np.datetime64("2021-03-16"),
    ]
    assert due.dtype == np.dtype("datetime64[D]")
    # no working-day type: the calendar days only
    calendar = sla.due_dates_vectorised(received[:1], days[:1], np.array([False]), holidays)
    assert list(calendar) == [np.datetime64("2021-04-13")]
    # a working-day count from a holiday starts on the next working day (13 Apr holiday -> 16 Apr, +1: 19 Apr)
    rolled = sla.due_dates_vectorised(
        np.array(["2021-04-13"], dtype="datetime64[D]"), np.array([1]), np.array([True]), holidays
    )
    assert list(rolled) == [np.datetime64("2021-04-19")]


def test_due_dates_for_an_import_are_those_of_due_at_worked_out_once_a_day():
    due_dates = sla.DueDates([date(2021, 4, 13)])
    # OP-like 5 working days from Thu 8 Apr: Fri 9, Mon 12, (13 holiday), Wed 14, Thu 15, Fri 16
    first = due_dates(at(2021, 4, 8, 9), 5, "days", "working")
    assert first == sla.due_at(at(2021, 4, 8, 9), 5, "days", "working", [date(2021, 4, 13)])
    assert first == sla.end_of_local_day(date(2021, 4, 16))
    # another time of the same local day: the same deadline, from the memo
    assert due_dates(at(2021, 4, 8, 17), 5, "days", "working") is first
    # another SLA or day kind on that day is another deadline: 8 Apr + 5 calendar days = 13 Apr
    assert due_dates(at(2021, 4, 8, 17), 5, "days", "calendar") == sla.end_of_local_day(date(2021, 4, 13))
    # hours run on the clock, never taken for the days SLA of the same number that day (8 Apr + 24 days)
    assert due_dates(at(2021, 4, 8, 17), 24, "days", "calendar") == sla.end_of_local_day(date(2021, 5, 2))
    assert due_dates(at(2021, 4, 8, 17), 24, "hours", "calendar") == at(2021, 4, 9, 17)
    assert sla.due_at(at(2021, 4, 8, 17), 24, "hours", "calendar") == at(2021, 4, 9, 17)
    rules = due_dates.rules(at(2021, 4, 8, 9))
    assert rules == sla.rule_deadlines(at(2021, 4, 8, 9))
    assert due_dates.rules(at(2021, 4, 8, 23)) is rules
    # the next day has deadlines of its own: 9 Apr + 15 days = the end of 24 Apr
    assert due_dates.rules(at(2021, 4, 9, 9))["due_15d_at"] == sla.end_of_local_day(date(2021, 4, 24))


def test_the_rules_deadlines_and_a_closed_complaints_standing():
    received = at(2021, 1, 31, 10)
    deadlines = sla.rule_deadlines(received)
    # 15 days: the end of 15 Feb; 30 days: the end of 2 Mar; one month: the end of 28 Feb (2021)
    assert deadlines == {
        "due_15d_at": sla.end_of_local_day(date(2021, 2, 15)),
        "due_30d_at": sla.end_of_local_day(date(2021, 3, 2)),
        "due_month_at": sla.end_of_local_day(date(2021, 2, 28)),
    }
    deadlines |= {"received_at": received, "due_at": sla.end_of_local_day(date(2021, 2, 20))}
    # closed 1 Mar 10:00: past the SLA (20 Feb), 15 days and the month; within 30 days; 29 days on the clock
    assert sla.closing_standing(at(2021, 3, 1, 10), deadlines) == {
        "in_sla": False,
        "in_15d": False,
        "in_30d": True,
        "in_month": False,
        "time_to_close": timedelta(days=29),
    }
    # closed at the very end of the 15th day: within every deadline
    assert sla.closing_standing(deadlines["due_15d_at"], deadlines) == {
        "in_sla": True,
        "in_15d": True,
        "in_30d": True,
        "in_month": True,
        "time_to_close": deadlines["due_15d_at"] - received,
    }
    # open: nothing decided
    assert sla.closing_standing(None, deadlines) == dict.fromkeys(
        ("in_sla", "in_15d", "in_30d", "in_month", "time_to_close")
    )
    # a deadline not known (no SLA) stays undecided
    assert sla.closing_standing(at(2021, 2, 1), deadlines | {"due_at": None})["in_sla"] is None
