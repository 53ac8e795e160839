"""Key-account KPIs as the seed plan (CR2 workplan 1) defines them, on small record sets written through the
KAM services (the account form and the activity form); every expected value is worked out by hand in the
comments. Plan 2564 runs January to December 2021."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from kam import services
from kam.models import KeyAccount
from plans import measures
from plans.models import Unit, User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
BKK = ZoneInfo("Asia/Bangkok")
Q1 = (date(2021, 1, 1), date(2021, 3, 31))
Q1_2 = (date(2021, 1, 1), date(2021, 6, 30))
YEAR = (date(2021, 1, 1), date(2021, 12, 31))


@pytest.fixture
def clerk(office) -> User:
    return make_user("kam_clerk", office.code, User.Role.REPORTER)


def account(user, office, n, segment="Strategic", active_from=None, active_to=None) -> KeyAccount:
    acc = KeyAccount(
        customer_number=f"CA{n:05d}",
        name=f"บริษัท {n} จำกัด",
        segment=segment,
        office=office,
        active_from=active_from,
        active_to=active_to,
    )
    return services.account_save(account=acc, user=user, now=datetime(2021, 1, 1, 9, tzinfo=BKK))


def log(user, office, kind, day, acc=None, **fields):
    """Logged the next morning, well within the 5 days after the month's end."""
    now = datetime.combine(day + timedelta(days=1), time(9), tzinfo=BKK)
    return services.activity_log(user=user, office=office, kind=kind, day=day, now=now, account=acc, **fields)


def value(key, office, span):
    return measures.compute([key], [office.pk], *span)[key][office.pk]


def test_fms_coverage_counts_the_accounts_active_in_the_period(clerk, office):
    """1.1.1 FMS, Strategic 100 %: A (all year), B (from 1 Jul), C (until 31 Mar). FMS for A and C in February.
    Q1: active A and C, both covered -> 2/2 = 100 %. Q1-4: active A, B, C; covered A, C -> 2/3 = 66.67 %."""
    a = account(clerk, office, 1)
    account(clerk, office, 2, active_from=date(2021, 7, 1))
    c = account(clerk, office, 3, active_to=date(2021, 3, 31))
    log(clerk, office, "FMS", date(2021, 2, 1), a)
    log(clerk, office, "FMS", date(2021, 2, 1), c)
    q1 = value("kam.fms_coverage_strategic_pct", office, Q1)
    year = value("kam.fms_coverage_strategic_pct", office, YEAR)
    assert (q1.value, q1.numerator, q1.denominator) == (Decimal("100.00"), 2, 2)
    assert (year.value, year.numerator, year.denominator) == (Decimal("66.67"), 2, 3)


def test_rba_coverage_is_per_segment(clerk, office):
    """1.1.2 RBA, Streamline 40 %: 5 Streamline accounts, RBA with 2 of them (one twice) -> 2/5 = 40.00 %;
    the Strategic account's RBA counts for Strategic only (1/1 = 100 %)."""
    streamline = [account(clerk, office, n, "Streamline") for n in range(1, 6)]
    strategic = account(clerk, office, 9)
    log(clerk, office, "RBA", date(2021, 3, 1), streamline[0])
    log(clerk, office, "RBA", date(2021, 3, 2), streamline[0])
    log(clerk, office, "RBA", date(2021, 3, 3), streamline[1])
    log(clerk, office, "RBA", date(2021, 3, 4), strategic)
    assert value("kam.rba_coverage_streamline_pct", office, Q1).value == Decimal("40.00")
    assert value("kam.rba_coverage_strategic_pct", office, Q1).value == Decimal("100.00")


def test_com_coverage_counts_customer_quarters(clerk, office):
    """1.1.3 COM, once per Strategic/Star/Status customer per quarter. A (Star, all year): COM 10 Jan and
    5 May; B (Status, from 1 Apr): COM 20 Jan (before it was a key account: not in Q1's pairs) and none in Q2;
    a Streamline account's COM is not asked.
    Q1-2 pairs: (A,Q1), (A,Q2), (B,Q2) = 3; covered (A,Q1), (A,Q2) = 2 -> 2/3 = 66.67 %."""
    a = account(clerk, office, 1, "Star")
    b = account(clerk, office, 2, "Status", active_from=date(2021, 4, 1))
    s = account(clerk, office, 3, "Streamline")
    log(clerk, office, "COM", date(2021, 1, 10), a)
    log(clerk, office, "COM", date(2021, 5, 5), a)
    log(clerk, office, "COM", date(2021, 1, 20), b)
    log(clerk, office, "COM", date(2021, 2, 2), s)
    got = value("kam.com_coverage_pct", office, Q1_2)
    assert (got.value, got.numerator, got.denominator) == (Decimal("66.67"), 2, 3)


def test_executive_visits_and_boi_contacts_are_counted_in_the_period(clerk, office):
    """1.2: office-manager visits 3 Feb, 10 Mar and 1 Apr; an assistant director's 15 Mar. 1.5: BOI contacts
    12 Jan and 2 Apr. Q1 (to 31 Mar): manager 2, assistant 1, director 0, BOI 1. Q1-2: manager 3, BOI 2."""
    acc = account(clerk, office, 1)
    for day in (date(2021, 2, 3), date(2021, 3, 10), date(2021, 4, 1)):
        log(clerk, office, "EXEC", day, acc, exec_level="manager")
    log(clerk, office, "EXEC", date(2021, 3, 15), acc, exec_level="assistant")
    log(clerk, office, "BOI", date(2021, 1, 12))
    log(clerk, office, "BOI", date(2021, 4, 2))
    assert value("kam.exec_visits_manager", office, Q1).value == 2
    assert value("kam.exec_visits_assistant", office, Q1).value == 1
    assert value("kam.exec_visits_director", office, Q1).value == 0
    assert value("kam.boi_contacts", office, Q1).value == 1
    assert value("kam.exec_visits_manager", office, Q1_2).value == 3
    assert value("kam.boi_contacts", office, Q1_2).value == 2


def test_no_accounts_is_no_data_never_zero_percent(office):
    """An office with no Strategic account: coverage has nothing to count -> no value ("ไม่มีข้อมูล")."""
    got = value("kam.fms_coverage_strategic_pct", office, Q1)
    assert got.value is None


def test_an_office_counts_its_own_and_its_sub_offices_accounts(clerk, office):
    """Unit scope: ชบ. reports over itself and its sub-office บบ.; an FMS for บบ.'s Strategic account and none
    for ชบ.'s: ชบ.'s value over both = 1/2 = 50 %."""
    sub = Unit.objects.get(code="กฟส.บบ.")
    sub_clerk = make_user("kam_sub_clerk", sub.code, User.Role.REPORTER)
    account(clerk, office, 1)
    theirs = account(sub_clerk, sub, 2)
    log(sub_clerk, sub, "FMS", date(2021, 2, 1), theirs)
    scopes = {office.pk: [office.pk, sub.pk]}
    got = measures.compute(["kam.fms_coverage_strategic_pct"], scopes, *Q1)["kam.fms_coverage_strategic_pct"]
    assert got[office.pk].value == Decimal("50.00")
