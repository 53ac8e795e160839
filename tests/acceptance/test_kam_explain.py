"""Every key-account value explains itself: the accounts (or activities) counted and left out, with reasons,
add up to the value the quarter form pre-fills; records are entered through the key-account services, the
expected values worked out by hand in the comments."""

import re
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kam import services
from kam.models import KeyAccount
from plans import measures

pytestmark = pytest.mark.django_db
BKK = ZoneInfo("Asia/Bangkok")
NOW = datetime(2021, 7, 5, 12, 0, tzinfo=BKK)
Q1 = (date(2021, 1, 1), date(2021, 3, 31))
Q1_2 = (date(2021, 1, 1), date(2021, 6, 30))


@pytest.fixture
def accounts(office, region_reviewer):
    """กฟฟ.ชบ.'s accounts and what was done with them in 2564."""

    def account(number, segment, active_from=None):
        return services.account_save(
            account=KeyAccount(
                customer_number=number,
                name=f"บริษัท {number}",
                segment=segment,
                office=office,
                active_from=active_from,
            ),
            user=region_reviewer,
            now=NOW,
        )

    a1, a2 = account("A1", "Strategic"), account("A2", "Strategic")
    a3 = account("A3", "Strategic", date(2021, 5, 1))  # a key account from May
    a4, a5 = account("A4", "Streamline"), account("A5", "Star")

    def log(acc, kind, day, **fields):
        services.activity_log(
            user=region_reviewer, office=office, kind=kind, day=day, now=NOW, account=acc, **fields
        )

    log(a1, "FMS", date(2021, 2, 10))
    log(a2, "RBA", date(2021, 3, 1))
    log(a1, "COM", date(2021, 1, 5))
    log(a1, "COM", date(2021, 4, 5))
    log(a2, "COM", date(2021, 3, 20))
    log(a4, "COM", date(2021, 2, 2))
    log(a1, "EXEC", date(2021, 2, 1), exec_level="director")
    log(a2, "EXEC", date(2021, 2, 2), exec_level="manager")
    log(a5, "EXEC", date(2021, 3, 3), exec_level="manager")
    log(None, "BOI", date(2021, 3, 4), prospect="บริษัท ใหม่ จำกัด")
    return {a.customer_number: a for a in (a1, a2, a3, a4, a5)}


def explained(key, office, span):
    return measures.explain(key, [office.pk], *span)


def test_fms_coverage_lists_the_segments_accounts(office, accounts):
    """FMS coverage of Strategic, Q1: A1 and A2 are key accounts in Q1 (A3 only from May: left out); A1 had an
    FMS on 10 Feb, A2 none (its RBA is another KPI) -> 1 / 2 = 50.00 %."""
    got = explained("kam.fms_coverage_strategic_pct", office, Q1)
    assert (got.value.numerator, got.value.denominator, got.value.value) == (1, 2, Decimal("50.00"))
    states = {line["reference"]: line["state"] for line in got.lines}
    assert states == {"A1": "in_time", "A2": "missed", "A3": "left_out"}
    assert got.count("in_time") == got.value.numerator
    assert got.count("in_time") + got.count("missed") == got.value.denominator


def test_com_coverage_is_judged_per_account_and_quarter(office, accounts):
    """COM once per customer per quarter (Strategic, Star, Status), Q1-2:
    A1 Q1 (5 Jan) in, A1 Q2 (5 Apr) in, A2 Q1 (20 Mar) in, A2 Q2 missed, A3 Q1 left out (from May), A3 Q2 missed,
    A5 Q1 and Q2 missed; A4 is Streamline: both quarters left out (its COM of 2 Feb does not count).
    Pairs counted: 7; with a COM: 3 -> 3 / 7 = 42.86 %; left out: 3; lines: 10."""
    got = explained("kam.com_coverage_pct", office, Q1_2)
    assert (got.value.numerator, got.value.denominator, got.value.value) == (3, 7, Decimal("42.86"))
    assert (got.count("in_time"), got.count("missed"), got.count("left_out")) == (3, 4, 3)
    assert len(got.lines) == 10
    streamline = [line["reason"] for line in got.lines if line["reference"] == "A4"]
    assert streamline == ["ไม่นับ: กลุ่ม Streamline"] * 2


def test_executive_visits_and_boi_contacts_count_activities(office, accounts):
    """Office managers' visits in Q1: A2 (2 Feb) and A5 (3 Mar) = 2; the director's visit to A1 is left out.
    BOI contacts in Q1: 1."""
    got = explained("kam.exec_visits_manager", office, Q1)
    assert got.value.value == 2 and got.count("counted") == 2 and got.count("left_out") == 1
    boi = explained("kam.boi_contacts", office, Q1)
    assert boi.value.value == 1 and [line["reference"] for line in boi.lines] == ["บริษัท ใหม่ จำกัด"]


def page(client, key, plan, office, quarter=1, **extra):
    url = reverse("plans:kpi_explain", args=[key])
    return client.get(url, {"plan": plan.pk, "quarter": quarter, "unit": office.pk, **extra})


def test_the_page_shows_the_accounts_and_their_totals_and_downloads_them(
    client, office, accounts, branch_user, seed_plan
):
    """The page of FMS coverage of Strategic, Q1 (50.00 = 1 ÷ 2, as above) and its XLSX: one row per account."""
    client.force_login(branch_user)
    response = page(client, "kam.fms_coverage_strategic_pct", seed_plan, office)
    html = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())  # the text a person reads
    assert response.status_code == 200
    assert "ค่าที่ได้: 50 = 1 ÷ 2" in html and "นับ ผ่าน 1 · นับ ไม่ผ่าน 1 · ไม่นับ 1 · รวม 3 รายการ" in html
    assert "ยังไม่ได้รับ FMS (บำรุงรักษาฟรี) ในช่วงนี้" in html
    assert "ไม่นับ: ไม่ได้เป็นลูกค้ารายสำคัญในช่วงนี้" in html
    download = page(client, "kam.fms_coverage_strategic_pct", seed_plan, office, format="xlsx")
    rows = list(load_workbook(BytesIO(download.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:4]] == ["A1", "A2", "A3"]


@pytest.mark.parametrize(
    ("who", "status"), [("branch_user", 200), ("other_branch_user", 404), ("outside_reviewer", 404)]
)
def test_only_who_may_see_the_office_opens_its_records(
    client, office, accounts, seed_plan, who, status, request
):
    """The office's own reporter sees its accounts; another office of the region and another region's reviewer
    do not (a 404, nothing of the office shown)."""
    client.force_login(request.getfixturevalue(who))
    assert page(client, "kam.com_coverage_pct", seed_plan, office).status_code == status


def test_the_page_takes_the_same_number_of_queries_for_more_accounts(
    client, office, accounts, branch_user, seed_plan, region_reviewer, query_budget
):
    client.force_login(branch_user)
    with query_budget("plans:kpi_explain"):
        page(client, "kam.com_coverage_pct", seed_plan, office, quarter=2)
    for i in range(20):
        services.account_save(
            account=KeyAccount(customer_number=f"B{i}", name="บริษัท", segment="Star", office=office),
            user=region_reviewer,
            now=NOW,
        )
    with query_budget("plans:kpi_explain"):
        assert "B19" in page(client, "kam.com_coverage_pct", seed_plan, office, quarter=2).content.decode()
