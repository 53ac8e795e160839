from datetime import date

import pytest
from django.utils import translation

from kpiplan.lib.periods import (
    PlanYear,
    Quarter,
    QuarterConverter,
    Span,
    be_year,
    ce_year,
    plan_year_containing,
    quarter_label,
)
from kpiplan.lib.queries import BadQuery, PeriodQuery, parse_period_query
from kpiplan.lib.thaidate import thai_date, thai_month_span


@pytest.mark.parametrize(
    ("year", "start_month", "quarter", "start", "end"),
    [
        (2564, 1, 1, date(2021, 1, 1), date(2021, 3, 31)),
        (2564, 1, 2, date(2021, 4, 1), date(2021, 6, 30)),
        (2564, 1, 4, date(2021, 10, 1), date(2021, 12, 31)),
        (2565, 10, 1, date(2021, 10, 1), date(2021, 12, 31)),  # fiscal year 2565 starts Oct 2564
        (2565, 10, 2, date(2022, 1, 1), date(2022, 3, 31)),
        (2565, 10, 4, date(2022, 7, 1), date(2022, 9, 30)),
        (2567, 1, 1, date(2024, 1, 1), date(2024, 3, 31)),
    ],
)
def test_quarters_follow_the_plan_years_first_month(year, start_month, quarter, start, end):
    q = PlanYear(year, start_month).quarter(quarter)
    assert (q.start, q.end) == (start, end)


def test_a_cumulative_quarter_covers_q1_to_qn():
    q3 = Quarter(2564, 3)
    assert q3.cumulative.start == date(2021, 1, 1) and q3.cumulative.end == date(2021, 9, 30)
    assert [q.number for q in q3.to_date()] == [1, 2, 3]
    assert q3.cumulative_label == "1-3/2564" and Quarter(2564, 1).cumulative_label == "1/2564"


def test_deadlines_count_days_after_the_quarter_ends():
    assert Quarter(2564, 1).deadline(10) == date(2021, 4, 10)
    assert Quarter(2564, 4).deadline(20) == date(2022, 1, 20)  # across the year end
    assert Quarter(2564, 1).deadline(None) is None


def test_quarter_of_a_day():
    fiscal = PlanYear(2565, 10)
    assert fiscal.quarter_of(date(2021, 11, 15)).number == 1
    assert fiscal.quarter_of(date(2022, 9, 30)).number == 4
    assert fiscal.quarter_of(date(2022, 10, 1)) is None


def test_a_quarter_is_numbered_1_to_4():
    with pytest.raises(ValueError):
        Quarter(2564, 5)


def test_thai_dates_use_the_buddhist_era():
    assert thai_date(date(2021, 4, 1)) == "1 เม.ย. 2564"
    assert thai_date(date(2021, 6, 30), style="long") == "30 มิถุนายน 2564"
    assert thai_month_span(1, 12, 2021) == "ม.ค.-ธ.ค.2564"
    assert thai_month_span(1, 1, 2021) == "ม.ค.2564"


@pytest.mark.parametrize(
    ("number", "code", "thai"),
    [(1, "Q1", "ไตรมาสที่ 1/2564"), (2, "Q1-2", "ไตรมาสที่ 1-2/2564"), (4, "Q1-4", "ไตรมาสที่ 1-4/2564")],
)
def test_a_quarter_carries_its_labels(number, code, thai):
    quarter = Quarter(2564, number)
    assert (quarter.code, quarter.label_th) == (code, thai)


def test_buddhist_era_years_come_from_one_function():
    assert be_year(2021) == 2564 and ce_year(2564) == 2021


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"year": "abc"}, "year"),
        ({"year": "-1"}, "year"),
        ({"year": "99999999999999999999"}, "year"),
        ({"year": "2499"}, "year"),
        ({"quarter": "zz"}, "quarter"),
        ({"quarter": "5"}, "quarter"),
        ({"quarter": "0"}, "quarter"),
        ({"unit": "abc"}, "unit"),
        ({"unit": "99999999999999999999"}, "unit"),
    ],
)
def test_the_query_parser_names_the_bad_field(query, field):
    with pytest.raises(BadQuery) as refused:
        parse_period_query(query, today=date(2021, 5, 1))
    assert refused.value.field == field


def test_the_query_parser_fills_the_defaults():
    assert parse_period_query({}, today=date(2021, 5, 1)) == PeriodQuery(2564, 4, None)
    assert parse_period_query({"year": " 2565 ", "quarter": "2", "unit": "12"}, today=date(2021, 5, 1)) == (
        PeriodQuery(2565, 2, 12)
    )


# --- the rules of periods.py one by one (make mutation: each line of the module is held by a test) ----------


def test_a_plan_year_starts_in_month_1_to_12():
    assert PlanYear(2565, 12).start == date(2021, 12, 1)  # December start: fiscal year 2565 from Dec 2564
    for month in (0, 13):
        with pytest.raises(ValueError, match=f"not {month}"):
            PlanYear(2565, month)


def test_a_quarter_names_the_number_it_refuses():
    with pytest.raises(ValueError, match="not 0"):
        Quarter(2564, 0)


def test_a_plan_year_has_twelve_months_and_four_quarters_from_its_first_month():
    fiscal = PlanYear(2565, 10)
    # Oct 2021 .. Sep 2022: twelve months, the first October, the last September (C.E. years inside)
    months = fiscal.months()
    assert len(months) == 12
    assert (months[0].year, months[0].month) == (2021, 10)
    assert (months[-1].year, months[-1].month) == (2022, 9)
    assert months[-1].span == Span(date(2022, 9, 1), date(2022, 9, 30))
    assert [q.number for q in fiscal.quarters()] == [1, 2, 3, 4]
    assert fiscal.quarters()[0].start == date(2021, 10, 1)


def test_the_next_plan_year_keeps_its_first_month():
    assert PlanYear(2565, 10).next() == PlanYear(2566, 10)
    assert PlanYear(2564).next().start == date(2022, 1, 1)


def test_quarters_to_date_keep_the_year_and_its_first_month():
    q3 = Quarter(2565, 3, 10)
    # fiscal 2565: Q1 Oct-Dec 2021, Q2 Jan-Mar 2022, Q3 Apr-Jun 2022
    assert q3.to_date() == [Quarter(2565, 1, 10), Quarter(2565, 2, 10), Quarter(2565, 3, 10)]
    assert q3.to_date()[0].start == date(2021, 10, 1)
    assert q3.cumulative == Span(date(2021, 10, 1), date(2022, 6, 30))
    assert q3.previous == Quarter(2565, 2, 10) and Quarter(2565, 1, 10).previous is None


def test_a_span_holds_its_first_and_last_day():
    span = Span(date(2021, 1, 1), date(2021, 3, 31))
    assert date(2021, 1, 1) in span and date(2021, 3, 31) in span
    assert date(2020, 12, 31) not in span and date(2021, 4, 1) not in span


@pytest.mark.parametrize(
    ("day", "start_month", "year"),
    [
        (date(2021, 5, 1), 1, 2564),  # calendar year: 2021 + 543
        (date(2021, 1, 1), 1, 2564),
        (date(2021, 9, 30), 10, 2564),  # fiscal year 2564 ends on 30 September 2021
        (date(2021, 10, 1), 10, 2565),  # and 2565 starts the next day: named after the year it ends
        (date(2021, 12, 31), 10, 2565),
        (date(2021, 1, 31), 2, 2564),  # a year starting in February: January still in the year before
        (date(2021, 2, 1), 2, 2565),
    ],
)
def test_the_plan_year_a_day_falls_in(day, start_month, year):
    assert plan_year_containing(day, start_month) == year


def test_a_plan_year_starts_in_january_unless_told():
    assert plan_year_containing(date(2021, 5, 1)) == 2564


def test_quarter_labels_in_english_and_thai():
    with translation.override("en"):
        assert quarter_label(1) == "Q1" and quarter_label(2) == "Q1-2"
        assert quarter_label(1, 2564) == "Q1/2564" and quarter_label(3, 2564) == "Q1-3/2564"
        assert Quarter(2564, 2).label == "Q1-2/2564"
    with translation.override("th"):
        assert quarter_label(4, 2564) == "ไตรมาส 1-4/2564"
        assert quarter_label(1) == "ไตรมาส 1"


def test_the_url_converter_takes_quarters_1_to_4():
    converter = QuarterConverter()
    assert converter.to_python("3") == 3
    assert converter.to_url(1) == "1" and converter.to_url(4) == "4"
    assert converter.to_url(Quarter(2564, 2)) == "2"
    for bad in (0, 5):
        with pytest.raises(ValueError, match=r"^a quarter is 1\.\.4$"):
            converter.to_url(bad)
