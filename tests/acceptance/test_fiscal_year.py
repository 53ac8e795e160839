"""A plan whose year starts in October gives the answers of the documented per-quarter rules (issue 14, defect 8).

Fiscal 2563 runs 1 Oct 2019 - 30 Sep 2020: Q1 = Oct-Dec 2019, Q1-2 = Oct 2019 - Mar 2020. The region also has
the seed's calendar-year plan 2564 (Jan-Dec 2021), the plan in focus of its pages. The plan is loaded by the
plan loader, key accounts and activities through the KAM services, surveys through the survey form; every
expected figure is derived by hand in the comments.
"""

import copy
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse

from kam import services as kam_services
from kam.measures import _quarters_in
from kam.models import KeyAccount
from plans import measures
from plans.importers import load_plan_document, read_plan_file
from plans.models import Plan, User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
BKK = ZoneInfo("Asia/Bangkok")


def _activities(plan: dict):
    for perspective in plan["perspectives"]:
        for objective in perspective["objectives"]:
            for workplan in objective["workplans"]:
                yield from workplan.get("activities") or []


@pytest.fixture
def fiscal_plan(seed_plan) -> Plan:
    """The seed's plan as fiscal year 2563, starting in October, loaded by the plan loader."""
    seed_file = Path(settings.BASE_DIR) / "plans" / "seed" / "plan_2564_customer.yaml"
    document = copy.deepcopy(read_plan_file(seed_file))
    document["plan"]["year"] = 2563
    document["plan"]["start_month"] = 10
    for activity in _activities(document["plan"]):
        # the seed's calendar months (Jan-Dec, Apr-Dec) as a fiscal plan's: the whole year, Oct-Sep
        activity.pop("periods", None)
        activity["period"] = [10, 9]
        for target in activity.get("targets") or []:
            target.pop("months", None)
    return load_plan_document(document).plan


@pytest.fixture
def kam_clerk(office) -> User:
    return make_user("kam_clerk", office.code, User.Role.REPORTER)


def _at(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(10), tzinfo=BKK)


def _account(user, office, n) -> KeyAccount:
    account = KeyAccount(
        customer_number=f"CA{n:05d}", name=f"บริษัท {n} จำกัด", segment="Strategic", office=office
    )
    return kam_services.account_save(account=account, user=user, now=datetime(2019, 9, 1, 10, tzinfo=BKK))


def _log(user, office, kind, day, account=None, **fields):
    return kam_services.activity_log(
        user=user, office=office, kind=kind, day=day, now=_at(day), account=account, **fields
    )


def test_the_fiscal_years_quarters_are_its_own(fiscal_plan):
    """Fiscal 2563 begins 1 Oct 2019 (named after the year it ends), Q1-2 ends 31 Mar 2020."""
    span = fiscal_plan.plan_year.quarter(2).cumulative
    assert (span.start, span.end) == (date(2019, 10, 1), date(2020, 3, 31))
    assert _quarters_in(span.start, span.end) == [
        (date(2019, 10, 1), date(2019, 12, 31)),
        (date(2020, 1, 1), date(2020, 3, 31)),
    ]


def test_com_coverage_is_asked_per_quarter_in_a_fiscal_year(fiscal_plan, office, kam_clerk):
    """1.1.3: each Strategic/Star/Status customer once per quarter. Two Strategic accounts A and B:
    A has a COM on 15 Nov 2019 (Q1) and 10 Feb 2020 (Q2); B on 20 Dec 2019 (Q1) only.
    Q1: pairs (A,Q1), (B,Q1) both covered -> 2/2 = 100 %.
    Q1-2: pairs A and B x Q1, Q2 = 4, covered (A,Q1), (A,Q2), (B,Q1) = 3 -> 3/4 = 75 %
    (over one span Oct-Mar both accounts had a COM: 2/2 = 100 %, the defect)."""
    a, b = _account(kam_clerk, office, 1), _account(kam_clerk, office, 2)
    _log(kam_clerk, office, "COM", date(2019, 11, 15), a)
    _log(kam_clerk, office, "COM", date(2020, 2, 10), a)
    _log(kam_clerk, office, "COM", date(2019, 12, 20), b)
    year = fiscal_plan.plan_year
    for n, expected in ((1, Decimal("100.00")), (2, Decimal("75.00"))):
        span = year.quarter(n).cumulative
        value = measures.compute(["kam.com_coverage_pct"], [office.pk], span.start, span.end)
        got = value["kam.com_coverage_pct"][office.pk]
        assert (got.value, got.numerator, got.denominator) == (expected, *(((2, 2), (3, 4))[n - 1])), n


def test_the_kam_board_counts_the_fiscal_quarters(client, region_reviewer, fiscal_plan, office, kam_clerk):
    """The board of ?year=2563&quarter=2 covers 1 Oct 2019 - 31 Mar 2020 (the fiscal plan's Q1-2), not Jan-Jun
    2020. Office-manager visits: 2 in Oct 2019 (counted) and 1 in Sep 2019 (fiscal 2562, not counted) -> 2;
    owed 6 a quarter x 2 quarters - 2 = 10."""
    account = _account(kam_clerk, office, 1)
    for day in (date(2019, 10, 7), date(2019, 10, 21), date(2019, 9, 16)):
        _log(kam_clerk, office, "EXEC", day, account, exec_level="manager")
    client.force_login(region_reviewer)
    response = client.get(reverse("kam:board"), {"year": 2563, "quarter": 2})
    assert response.status_code == 200
    span = response.context["period"].span
    assert (span.start, span.end) == (date(2019, 10, 1), date(2020, 3, 31))
    line = next(line for line in response.context["exec_lines"] if line.office == office)
    assert (line.counts["manager"], line.owed["manager"]) == (2, 10)


def test_the_satisfaction_page_counts_the_fiscal_quarter(
    client, branch_user, region_reviewer, fiscal_plan, office
):
    """Phone surveys typed into the survey form: 1 Nov 2019 (fiscal 2563 Q1) and 15 Sep 2019 (fiscal 2562).
    The page of ?year=2563&quarter=1 (Oct-Dec 2019) counts 1 new-service phone survey for the office, with
    the score (5 + 4) / 2 = 4.5 as its average."""
    client.force_login(branch_user)
    for ref, day in (("P-1", "2019-11-01"), ("P-2", "2019-09-15")):
        data = {
            "external_id": ref,
            "method": "phone",
            "job_type": "new_service",
            "unit": office.pk,
            "date": day,
            "q1": "5",
            "q2": "4",
        }
        assert client.post(reverse("voc:survey_create"), data).status_code == 302
    client.force_login(region_reviewer)
    response = client.get(reverse("voc:satisfaction"), {"year": 2563, "quarter": 1})
    assert response.status_code == 200
    span = response.context["period"].span
    assert (span.start, span.end) == (date(2019, 10, 1), date(2019, 12, 31))
    line = next(line for line in response.context["lines"] if line.unit == office)
    assert line.phone["new_service"] == 1 and line.averages["phone"] == Decimal("4.50")
