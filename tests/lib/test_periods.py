from datetime import date

import pytest

from kpiplan.lib.periods import PlanYear, Quarter, be_year, ce_year
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
