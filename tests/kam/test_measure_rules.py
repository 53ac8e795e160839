"""The key-account KPIs' arithmetic (kam/measures.py) over per-office coverage, without a database; each
expected value is worked out by hand in a comment. What the coverage counts is tested over records made through
the services in tests/kam/test_kam.py."""

from datetime import date
from decimal import Decimal as D

from kam import measures
from kam.measures import Coverage
from plans.measures import MeasureValue


def test_the_quarters_a_period_covers():
    # Q1..Q2 of a calendar year: two whole quarters
    assert measures._quarters_in(date(2021, 1, 1), date(2021, 6, 30)) == [
        (date(2021, 1, 1), date(2021, 3, 31)),
        (date(2021, 4, 1), date(2021, 6, 30)),
    ]
    # the whole calendar year 2564: four quarters, the last ending 31 December 2021
    whole = measures._quarters_in(date(2021, 1, 1), date(2021, 12, 31))
    assert len(whole) == 4 and whole[-1] == (date(2021, 10, 1), date(2021, 12, 31))
    # Q3 alone
    assert measures._quarters_in(date(2021, 7, 1), date(2021, 9, 30)) == [
        (date(2021, 7, 1), date(2021, 9, 30))
    ]
    # the whole quarters inside a period starting mid-January: Q2 only
    assert measures._quarters_in(date(2021, 1, 15), date(2021, 6, 30)) == [
        (date(2021, 4, 1), date(2021, 6, 30))
    ]
    # no whole quarter inside: the period itself
    assert measures._quarters_in(date(2021, 1, 15), date(2021, 3, 20)) == [
        (date(2021, 1, 15), date(2021, 3, 20))
    ]


def test_the_quarters_of_a_fiscal_year():
    # fiscal 2565 (October 2021 - September 2022): Q1 Oct-Dec 2021 ... Q4 Jul-Sep 2022
    assert measures._quarters_in(date(2021, 10, 1), date(2022, 9, 30)) == [
        (date(2021, 10, 1), date(2021, 12, 31)),
        (date(2022, 1, 1), date(2022, 3, 31)),
        (date(2022, 4, 1), date(2022, 6, 30)),
        (date(2022, 7, 1), date(2022, 9, 30)),
    ]
    # a plan year starting in November: its quarters are Nov-Jan and Feb-Apr, not the calendar's
    assert measures._quarters_in(date(2021, 11, 1), date(2022, 4, 30)) == [
        (date(2021, 11, 1), date(2022, 1, 31)),
        (date(2022, 2, 1), date(2022, 4, 30)),
    ]
    # a period of exactly one day, the first of a plan year: no whole quarter, the day itself
    assert measures._quarters_in(date(2021, 10, 1), date(2021, 10, 1)) == [
        (date(2021, 10, 1), date(2021, 10, 1))
    ]
    # a span across two calendar years' quarters: Q4/2564 then Q1/2565
    assert measures._quarters_in(date(2021, 10, 1), date(2022, 3, 31))[-1] == (
        date(2022, 1, 1),
        date(2022, 3, 31),
    )


def test_a_share_of_accounts():
    assert measures._pct(1, 3) == MeasureValue(D("33.33"), D(1), D(3))
    assert measures._pct(2, 3) == MeasureValue(D("66.67"), D(2), D(3))
    assert measures._pct(0, 0) == MeasureValue(None, D(0), D(0))


OFFICE_A = {
    "Strategic": Coverage(accounts=4, covered={"FMS": 3, "RBA": 1}, com_pairs=8, com_covered=6),
    "Star": Coverage(accounts=2, covered={"FMS": 1}, com_pairs=4, com_covered=1),
    "Streamline": Coverage(accounts=10, covered={"RBA": 4}, com_pairs=20, com_covered=20),
}
OFFICE_B = {"Strategic": Coverage(accounts=1, covered={"FMS": 1, "SEMINAR": 1}, com_pairs=2, com_covered=2)}


def test_offices_add_up_per_segment():
    merged = measures._merged([OFFICE_A, OFFICE_B])
    # Strategic: 4 + 1 accounts; FMS 3 + 1, RBA 1, seminar 1; COM pairs 8 + 2, covered 6 + 2
    assert merged["Strategic"] == Coverage(
        accounts=5, covered={"FMS": 4, "RBA": 1, "SEMINAR": 1}, com_pairs=10, com_covered=8
    )
    assert merged["Star"] == OFFICE_A["Star"]
    assert OFFICE_A["Strategic"].accounts == 4  # the offices' own figures are left as they were


def test_coverage_per_segment_and_com_over_the_three_segments():
    merged = measures._merged([OFFICE_A, OFFICE_B])
    # FMS of Strategic accounts: 4 of 5 = 80 %
    assert measures.MEASURES["fms_coverage_strategic_pct"](merged, {}) == MeasureValue(D("80.00"), D(4), D(5))
    # RBA of Streamline accounts: 4 of 10 = 40 %
    assert measures.MEASURES["rba_coverage_streamline_pct"](merged, {}) == MeasureValue(
        D("40.00"), D(4), D(10)
    )
    # seminars for Star accounts: none of 2
    assert measures.MEASURES["seminar_coverage_star_pct"](merged, {}) == MeasureValue(D("0.00"), D(0), D(2))
    # no Status accounts: no value
    assert measures.MEASURES["fms_coverage_status_pct"](merged, {}) == MeasureValue(None, D(0), D(0))
    # COM over Strategic, Star and Status only: (8 + 1) of (10 + 4) pairs = 64.29 %; Streamline's 20 left out
    assert measures.MEASURES["com_coverage_pct"](merged, {}) == MeasureValue(D("64.29"), D(9), D(14))


def test_executive_visits_and_boi_contacts_are_counts():
    counts = {
        ("EXEC", "director"): 2,
        ("EXEC", "manager"): 5,
        ("BOI", ""): 3,
        ("BOI", "x"): 1,
        ("FMS", ""): 9,
    }
    assert measures.MEASURES["exec_visits_director"]({}, counts) == MeasureValue(D(2))
    assert measures.MEASURES["exec_visits_manager"]({}, counts) == MeasureValue(D(5))
    assert measures.MEASURES["exec_visits_assistant"]({}, counts) == MeasureValue(D(0))
    assert measures.MEASURES["boi_contacts"]({}, counts) == MeasureValue(D(4))  # 3 + 1


def test_the_keys_the_family_computes():
    assert measures.is_known("kam.fms_coverage_strategic_pct")
    assert measures.is_known("kam.seminar_coverage_streamline_pct")
    assert measures.is_known("kam.exec_visits_assistant")
    assert not measures.is_known("kam.com_coverage_strategic_pct")
    assert not measures.is_known("voc.boi_contacts")
    assert len(measures.MEASURES) == 2 + 3 + 3 * 4  # COM, BOI, 3 executive levels, 3 kinds x 4 segments


def test_the_records_behind_a_value():
    url = measures.records_url("kam.boi_contacts", 7, date(2021, 1, 1), date(2021, 3, 31))
    assert url.endswith("?office=7&date_from=2021-01-01&date_to=2021-03-31")
