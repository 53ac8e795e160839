"""The one reading of dates and numbers (kpiplan.lib.thaidate / thainumbers / textfiles): tables of what
people type, and properties over every way of writing a value."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpiplan.lib.periods import PlanYear, Span
from kpiplan.lib.textfiles import decode, detect_encoding, sniff_delimiter
from kpiplan.lib.thaidate import BANGKOK, DateReadError, read_date, read_datetime, read_moment
from kpiplan.lib.thainumbers import NumberReadError, read_decimal, read_int
from tests.messy import THAI, days, moments, written_date, written_moment, written_number

PLAN_2564 = PlanYear(2564).span
PROPERTY = settings(max_examples=300, deadline=None, derandomize=True)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2564-03-01", date(2021, 3, 1)),  # B.E. year first: most Thai staff type it so
        ("2021-03-01", date(2021, 3, 1)),
        ("05/03/2021", date(2021, 3, 5)),  # day first, always: not 3 May
        ("25/03/2021", date(2021, 3, 25)),
        ("01/03/2021", date(2021, 3, 1)),  # not 3 January
        ("01/03/2564", date(2021, 3, 1)),
        ("1/3/2564", date(2021, 3, 1)),
        ("30/06/2564", date(2021, 6, 30)),
        ("๓๐/๐๖/๒๕๖๔", date(2021, 6, 30)),
        ("1 มี.ค. 2564", date(2021, 3, 1)),
        ("1 มีค 2564", date(2021, 3, 1)),
        ("1 มี. ค. 2564", date(2021, 3, 1)),
        ("1มี.ค.2564", date(2021, 3, 1)),
        ("1 มีนาคม 2564", date(2021, 3, 1)),
        ("วันที่ 1 มีนาคม พ.ศ. 2564", date(2021, 3, 1)),
        ("1 Mar 2021", date(2021, 3, 1)),
        ("1 March 2021", date(2021, 3, 1)),
        ("29/02/2563", date(2020, 2, 29)),  # B.E. 2563 = 2020, a leap year (2563 C.E. is not)
        ("01.03.2564", date(2021, 3, 1)),
        ("2564/03/01", date(2021, 3, 1)),
        ("2021-03-01 00:00:00", date(2021, 3, 1)),  # an Excel date cell read as text
        ("  30/06/2564\u200b ", date(2021, 6, 30)),
        ("", None),
        ("  ", None),
        ("-", None),
    ],
)
def test_it_reads_a_day_as_a_thai_reader_does(text, day):
    assert read_date(text) == day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("1 มีนาคม 64", date(2021, 3, 1)),  # B.E. 2564 is in the plan; C.E. 2064 is not
        ("1 มี.ค. 64", date(2021, 3, 1)),
        ("01/03/64", date(2021, 3, 1)),
        ("1 มี.ค. พ.ศ. 64", date(2021, 3, 1)),
    ],
)
def test_a_two_digit_year_is_read_when_the_plans_years_leave_one_reading(text, day):
    assert read_date(text, allowed=PLAN_2564) == day


@pytest.mark.parametrize(
    ("text", "allowed", "message"),
    [
        ("1 มีนาคม 64", None, "ปี 64 อ่านได้ทั้ง 1 มี.ค. 2564 (ค.ศ. 2021) และ 1 มี.ค. 2607 (ค.ศ. 2064)"),
        ("1/3/21", Span(date(1978, 1, 1), date(2021, 12, 31)), "ปี 21 อ่านได้ทั้ง"),  # 2521 B.E. or 2021
        ("1 มีนาคม 70", PLAN_2564, "ซึ่งอยู่นอกช่วงปีของแผน (1 ม.ค. 2564 – 31 ธ.ค. 2564)"),
        ("03/25/2021", None, "ไม่มีเดือนที่ 25: วันที่แบบมีทับอ่านเป็น วัน/เดือน/ปี"),
        ("31/02/2564", None, "เดือน ก.พ. ไม่มีวันที่ 31"),
        ("29/02/2564", None, "เดือน ก.พ. ไม่มีวันที่ 29"),  # 2564 B.E. = 2021, not a leap year
        ("1 มีนาคม 2574", PLAN_2564, "อ่านได้เป็น 1 มี.ค. 2574 ซึ่งอยู่นอกช่วงปีของแผน"),
        ("2564-13-01", None, "ไม่มีเดือนที่ 13"),
        ("1 Foo 2564", None, "ไม่รู้จักชื่อเดือน 'Foo'"),
        ("ค.ศ. 2564", None, "อ่านเป็นวันที่ไม่ได้"),
        ("1 มี.ค. ค.ศ. 2564", None, "ค.ศ. 2564 ไม่ใช่ปีคริสต์ศักราช"),
        ("1/3/1850", None, "ปี 1850 อยู่นอกช่วงที่อ่านได้"),
        ("next tuesday", None, "อ่านเป็นวันที่ไม่ได้"),
        ("44256", None, "อ่านเป็นวันที่ไม่ได้"),  # an Excel serial number is not what a person reads
        ("2021-03-01 25:00", None, "เวลา 25:00 ไม่ถูกต้อง"),
    ],
)
def test_it_refuses_what_is_not_one_date_and_says_what_it_read(text, allowed, message):
    with pytest.raises(DateReadError) as exc:
        read_date(text, allowed=allowed)
    assert message in str(exc.value)


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2564-03-01 10:00", datetime(2021, 3, 1, 10, 0)),  # B.E.: stored in 2021, not in the year 2564
        ("01/03/2564 10.30 น.", datetime(2021, 3, 1, 10, 30)),
        ("1 มี.ค. 2564 เวลา 10.30 น.", datetime(2021, 3, 1, 10, 30)),
        ("1/3/2564 2:30 PM", datetime(2021, 3, 1, 14, 30)),
        ("2021-03-01T10:00:00+07:00", datetime(2021, 3, 1, 10, 0)),
        ("2021-03-01T03:00:00Z", datetime(2021, 3, 1, 10, 0)),  # offsets become Bangkok time
        ("2021-03-01T22:30:00-05:00", datetime(2021, 3, 2, 10, 30)),
        ("2021-03-01 10:00:00.250", datetime(2021, 3, 1, 10, 0, 0, 250000)),
        ("2021-03-01", datetime(2021, 3, 1, 0, 0)),
    ],
)
def test_it_reads_a_moment_in_bangkok_time(text, moment):
    assert read_datetime(text) == moment.replace(tzinfo=BANGKOK)


def test_real_date_cells_are_taken_as_they_are():
    assert read_date(date(2021, 3, 1)) == date(2021, 3, 1)
    assert read_date(datetime(2021, 3, 1, 23, 0, tzinfo=UTC)) == date(2021, 3, 2)  # 06:00 in Bangkok
    assert read_datetime(datetime(2021, 3, 1, 10, 0)) == datetime(2021, 3, 1, 10, 0, tzinfo=BANGKOK)
    assert read_date(float("nan")) is None and read_date(None) is None
    with pytest.raises(DateReadError, match="เป็นตัวเลข ไม่ใช่วันที่"):
        read_date(44256)
    with pytest.raises(DateReadError, match="นอกช่วงปีของแผน"):
        read_date(date(2020, 12, 31), allowed=PLAN_2564)


def test_a_slashed_date_that_could_be_month_first_says_so():
    assert read_moment("05/03/2021").month_first == date(2021, 5, 3)
    assert read_moment("25/03/2021").month_first is None  # 25 cannot be a month
    assert read_moment("03/03/2021").month_first is None  # the same either way
    assert read_moment("2021-05-03").month_first is None  # ISO is never day first


@PROPERTY
@given(days(date(1958, 1, 1), date(2056, 12, 31)).flatmap(lambda d: st.tuples(st.just(d), written_date(d))))
def test_every_way_of_writing_a_day_reads_as_that_day(case):
    day, text = case
    # A two-digit year (B.E. 2501-2599 written 01-99) needs the plan's years to choose between B.E. 25yy
    # and C.E. 20yy.
    allowed = Span(date(day.year, 1, 1), date(day.year, 12, 31))
    assert read_date(text, allowed=allowed) == day


@PROPERTY
@given(moments().flatmap(lambda m: st.tuples(st.just(m), written_moment(m))))
def test_every_way_of_writing_a_moment_reads_as_that_moment(case):
    moment, text = case
    assert read_datetime(text, allowed=Span(date(2020, 12, 31), date(2022, 1, 1))) == moment.replace(
        tzinfo=BANGKOK
    )


@PROPERTY
@given(st.text(max_size=30))
def test_any_text_is_a_date_or_a_thai_refusal_never_a_crash(text):
    try:
        day = read_date(text, allowed=PLAN_2564)
    except DateReadError as exc:
        assert str(exc)  # a sentence for the row error
    else:
        assert day is None or day in PLAN_2564


@PROPERTY
@given(days(date(1990, 1, 1), date(2150, 12, 31)))
def test_what_the_date_widget_shows_reads_back_as_the_same_day(day):
    from kpiplan.widgets import ThaiDateInput

    shown = ThaiDateInput().format_value(day)
    assert shown == f"{day:%d/%m}/{day.year + 543}"
    assert read_date(shown) == day


@pytest.mark.parametrize(
    ("text", "kwargs", "number"),
    [
        ("4,5", {}, Decimal("4.5")),  # a decimal comma: never 45
        ("4,50", {}, Decimal("4.50")),
        ("0,500", {}, Decimal("0.5")),
        ("3,000", {}, Decimal(3000)),  # a comma groups thousands, as Thai people write
        ("1,234,567.25", {}, Decimal("1234567.25")),
        ("1.234,5", {}, Decimal("1234.5")),
        ("๑๒", {}, Decimal(12)),
        ("๔.๕", {}, Decimal("4.5")),
        ("1 234", {}, Decimal(1234)),
        (" 12 ", {}, Decimal(12)),
        ("−3.5", {}, Decimal("-3.5")),
        ("92.5%", {"percent": True}, Decimal("92.5")),
        ("ร้อยละ 90", {"percent": True}, Decimal(90)),
        ("92.5", {"percent": True}, Decimal("92.5")),
        ("1.5E+3", {"max_digits": 16, "decimal_places": 4}, Decimal(1500)),
        (4.5, {}, Decimal("4.5")),
        ("-", {}, None),
        ("", {}, None),
    ],
)
def test_it_reads_a_number_as_typed(text, kwargs, number):
    assert read_decimal(text, **kwargs) == number


@pytest.mark.parametrize(
    ("text", "kwargs", "message"),
    [
        ("4,500", {"maximum": Decimal(5)}, "อ่านได้ทั้ง 4,500 และ 4.5"),  # a score: either reading, refused
        ("1e30", {"max_digits": 16, "decimal_places": 4}, "ใหญ่เกินกว่าที่ช่องนี้รับได้"),
        ("100000000000000000000", {"max_digits": 16, "decimal_places": 4}, "ใหญ่เกิน"),
        ("10^20", {}, "อ่านเป็นตัวเลขไม่ได้"),
        ("NaN", {}, "อ่านเป็นตัวเลขไม่ได้"),
        ("Infinity", {}, "อ่านเป็นตัวเลขไม่ได้"),
        (float("inf"), {}, "ไม่ใช่ตัวเลขที่บันทึกได้"),
        ("1,2,3", {}, "อ่านเป็นตัวเลขไม่ได้"),
        ("92%", {}, "ช่องนี้ไม่ใช่ร้อยละ"),
        ("4.4718", {"decimal_places": 3}, "ทศนิยมเกิน 3 ตำแหน่ง"),
        ("6", {"maximum": Decimal(5)}, "ต้องไม่เกิน 5"),
        ("0", {"minimum": Decimal(1)}, "ต้องไม่น้อยกว่า 1"),
    ],
)
def test_it_refuses_a_number_that_does_not_fit_or_could_be_two(text, kwargs, message):
    with pytest.raises(NumberReadError) as exc:
        read_decimal(text, **kwargs)
    assert message in str(exc.value)


def test_a_whole_number_is_whole():
    assert read_int("3,000") == 3000 and read_int("๑๒") == 12 and read_int("12.0") == 12
    with pytest.raises(NumberReadError, match="ต้องเป็นจำนวนเต็ม"):
        read_int("12.5")


@PROPERTY
@given(
    st.decimals(min_value=Decimal(0), max_value=Decimal(999), places=2, allow_nan=False).flatmap(
        lambda v: st.tuples(st.just(v), written_number(v))
    )
)
def test_every_way_of_writing_a_number_reads_as_that_number(case):
    value, text = case
    assert read_decimal(text, max_digits=5, decimal_places=2) == value


@PROPERTY
@given(st.text(max_size=20))
def test_any_text_is_a_number_that_fits_or_a_refusal(text):
    try:
        number = read_decimal(text, max_digits=16, decimal_places=4)
    except NumberReadError:
        return
    assert number is None or (number.is_finite() and abs(number) < Decimal(10) ** 12)


THAI_CSV = "เลขที่,วันที่\nV1,1 มี.ค. 2564\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (THAI_CSV.encode("utf-8"), "utf-8"),
        (THAI_CSV.encode("utf-8-sig"), "utf-8-sig"),
        (THAI_CSV.replace(",", "\t").encode("utf-16"), "utf-16"),  # Excel's "Unicode text"
        (THAI_CSV.encode("utf-16-le"), "utf-16-le"),
        (THAI_CSV.encode("cp874"), "cp874"),  # TIS-620 from older Thai Windows programs
    ],
)
def test_text_files_are_read_in_their_own_encoding(data, encoding):
    assert detect_encoding(data) == encoding
    text, _encoding = decode(data)
    assert text.replace("\t", ",") == THAI_CSV


def test_the_delimiter_is_read_from_the_header():
    assert sniff_delimiter("a\tb\tc\n1,5\t2\t3") == "\t"
    assert (
        sniff_delimiter("a;b;c\n") == ";"
        and sniff_delimiter("a,b\n") == ","
        and sniff_delimiter("a\n") == ","
    )


def test_thai_digits_translate_both_ways_in_the_test_strategies():
    assert "2564".translate(THAI) == "๒๕๖๔"
    assert read_date("๒๕๖๔-๐๓-๐๑") == date(2021, 3, 1)
    assert read_datetime("2021-03-01T10:00:00+07:00") - read_datetime("2021-03-01T10:00:00Z") == timedelta(
        hours=-7
    )
