"""The progress grid, the unit x target matrix, drill-down, exports and reminders."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from operations.synthetic import synthetic_region
from plans.models import Plan, Target, Unit, UnitGroup, User
from quarters.grids import plan_grid, scope_for, unit_matrix
from quarters.models import Result

from .conftest import make_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_region(db):
    """A region of N offices, 5 targets assigned through a group rule, every office reporting Q1."""

    def build(n_units: int) -> tuple[Plan, User]:
        kinds = [
            ("count", "sum", Decimal(1), "level"),
            ("percentage", "ratio", Decimal(90), "level"),
            ("score", "weighted_mean", Decimal(4), "level"),
            ("milestone", "all", None, "level"),
            ("count", "sum", Decimal(3), "level"),
        ]
        world = synthetic_region(f"REG{n_units}", n_units, 5, 2571, kinds=kinds)
        offices, targets, division = world.offices, world.targets, world.division
        plan = world.plan
        now = timezone.now()
        Result.objects.bulk_create(
            [
                Result(
                    target=t,
                    unit=o,
                    quarter=1,
                    status="accepted",
                    value=Decimal(2),
                    numerator=Decimal(9),
                    denominator=Decimal(10),
                    done=True,
                    submitted_at=now,
                    on_time=True,
                )
                for t in targets
                for o in offices
            ]
        )
        reviewer = User.objects.create_user(f"rev{n_units}", password="x", unit=division, role="reviewer")
        return plan, reviewer

    return build


@pytest.mark.parametrize("n_units", [10, 1000])
def test_the_region_grid_takes_the_same_few_queries_for_10_or_1000_units(
    client, national_region, n_units, query_budget
):
    plan, reviewer = national_region(n_units)
    client.force_login(reviewer)
    # session, user, the user's unit, plans, targets + 6 prefetches, units, the aggregate, region results
    with query_budget("quarters:grid"):
        response = client.get(reverse("quarters:grid"), {"plan": plan.pk, "quarter": 1})
    assert response.status_code == 200
    assert f"{n_units}/{n_units}" in response.content.decode()


@pytest.mark.parametrize("n_units", [10, 1000])
def test_the_matrix_takes_the_same_few_queries_for_10_or_1000_units(
    client, national_region, n_units, query_budget
):
    plan, reviewer = national_region(n_units)
    client.force_login(reviewer)
    with query_budget("quarters:matrix"):
        response = client.get(reverse("quarters:matrix"), {"plan": plan.pk, "quarter": 1})
    assert response.status_code == 200
    assert "100" in response.content.decode()


def test_grid_values_roll_up_by_rule(national_region):
    plan, _ = national_region(10)
    rows = plan_grid(scope_for(plan), [1], today=date(2028, 1, 1))
    count, pct, score, milestone, count3 = (r.cells[1] for r in rows)
    assert (count.value, count.status) == (Decimal(20), "achieved")  # 2 each against 1 each
    assert (pct.value, pct.status) == (Decimal("90.00"), "achieved")  # 90/100 recomputed
    assert (score.value, score.status) == (Decimal("2.0000"), "behind")  # weighted by 10 responses each
    assert (milestone.value, milestone.status) == (Decimal(10), "achieved")
    assert (count3.value, count3.status) == (Decimal(20), "behind")  # 3 each -> 30
    assert count.completeness == Decimal("100.0") and count.timeliness == Decimal("100.0")


def test_completeness_counts_only_units_open_in_the_period(national_region):
    plan, _ = national_region(10)
    offices = list(Unit.objects.filter(region=plan.owner, kind="office").order_by("code"))
    closed, opened = offices[0], offices[1]
    closed.active_to = date(2027, 12, 31)  # closed before the plan year
    closed.save()
    opened.active_from = date(2028, 5, 1)  # opened in Q2
    opened.save()
    rows = plan_grid(scope_for(plan), [1, 2], today=date(2028, 1, 1))
    q1, q2 = rows[0].cells[1], rows[0].cells[2]
    assert q1.expected == 8 and q1.submitted == 8 and q1.completeness == Decimal("100.0")
    assert q2.expected == 9 and q2.submitted == 0
    matrix = unit_matrix(scope_for(plan), 1)
    assert matrix.expected == 40 and matrix.submitted == 40 and matrix.completeness == Decimal("100.0")


def test_late_flags_count_late_submissions_and_missing_results_after_the_deadline(national_region):
    plan, _ = national_region(10)
    target = Target.objects.filter(activity__workplan__objective__perspective__plan=plan).first()
    Result.objects.filter(target=target, unit__code__endswith="0001").update(on_time=False)
    Result.objects.filter(target=target, unit__code__endswith="0002").delete()
    before = plan_grid(scope_for(plan), [1], today=date(2028, 4, 10))[0].cells[1]  # deadline day
    after = plan_grid(scope_for(plan), [1], today=date(2028, 4, 11))[0].cells[1]
    assert before.late == 1 and after.late == 2
    assert after.timeliness == Decimal("88.9")  # 8 of 9 submitted were on time


def test_the_grid_filters_by_workplan_status_and_group(client, region_reviewer, seed_plan, pr_target, office):
    make_result(pr_target, office, 2, Decimal(2))
    client.force_login(region_reviewer)
    url = reverse("quarters:grid")
    html = client.get(
        url, {"plan": seed_plan.pk, "workplan": pr_target.activity.workplan_id, "quarter": 2}
    ).content.decode()
    assert pr_target.label_th in html and "3.3.2" not in html
    html = client.get(
        url, {"plan": seed_plan.pk, "status": "behind", "quarter": 2, "basis": "accepted"}
    ).content.decode()
    assert "st-behind" in html
    group = UnitGroup.objects.get(code="ก2-รอยต่อ")
    html = client.get(url, {"plan": seed_plan.pk, "group": group.pk, "quarter": 2}).content.decode()
    assert "/4" in html  # four boundary-area units expected


def test_the_grid_filters_rows_by_text_and_objective_in_the_database(
    client, region_reviewer, seed_plan, dmsx_target
):
    client.force_login(region_reviewer)
    url = reverse("quarters:grid")
    html = client.get(url, {"plan": seed_plan.pk, "q": "DMSx", "quarter": 2}).content.decode()
    assert dmsx_target.label_th in html and "3.3.2" not in html
    cr2 = dmsx_target.activity.workplan.objective.perspective.objectives.get(code="CR2")
    html = client.get(url, {"plan": seed_plan.pk, "objective": cr2.pk, "quarter": 2}).content.decode()
    assert dmsx_target.label_th not in html and "<tbody" in html


def test_grid_exports_hold_the_same_numbers_and_neutralise_formulas(
    client, region_reviewer, seed_plan, pr_target, office
):
    make_result(pr_target, office, 2, Decimal(2))
    pr_target.label_th = '=HYPERLINK("http://evil")'
    pr_target.save()
    client.force_login(region_reviewer)
    response = client.get(reverse("quarters:grid"), {"plan": seed_plan.pk, "quarter": 2, "export": "xlsx"})
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("กลุ่มวัตถุประสงค์", "แผนงานที่", "แผนปฏิบัติ", "เป้าหมาย")
    mine = next(r for r in rows if r[3] and "HYPERLINK" in r[3])
    assert mine[3].startswith("'=")  # not a formula
    assert mine[header.index("Q1-2")].startswith("2 |")
    csv = client.get(
        reverse("quarters:grid"), {"plan": seed_plan.pk, "quarter": 2, "export": "csv"}
    ).content.decode()
    assert "'=HYPERLINK" in csv


def test_the_matrix_exports_to_csv(client, region_reviewer, seed_plan):
    client.force_login(region_reviewer)
    response = client.get(reverse("quarters:matrix"), {"plan": seed_plan.pk, "quarter": 2, "export": "csv"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv") and "กฟฟ.ชบ." in text and "ยังไม่รายงาน" in text


def test_drilling_from_a_cell_to_the_units_and_a_result(
    client, region_reviewer, seed_plan, pr_target, office
):
    result = make_result(pr_target, office, 2, Decimal(1), narrative="ล่าช้า")
    client.force_login(region_reviewer)
    html = client.get(reverse("quarters:cell", args=[seed_plan.pk, pr_target.pk, 2])).content.decode()
    assert "<svg" in html and "กฟฟ.ชบ." in html and reverse("quarters:result", args=[result.pk]) in html
    assert "กฟฟ.มดพ." in html and "ยังไม่รายงาน" in html  # expected but not reported
    behind = client.get(reverse("quarters:cell", args=[seed_plan.pk, pr_target.pk, 2]), {"status": "behind"})
    assert "กฟฟ.มดพ." not in behind.content.decode()


def test_one_click_reminds_the_reporters_of_units_that_have_not_reported(
    client, region_reviewer, branch_user, other_branch_user, seed_plan
):
    client.force_login(region_reviewer)
    response = client.post(
        reverse("quarters:remind") + f"?plan={seed_plan.pk}", {"quarter": "2", "next": "/"}
    )
    assert response.status_code == 302
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([branch_user.email, other_branch_user.email])
    assert "ไตรมาส 1-2/2564" in mail.outbox[0].subject and "กำหนดส่ง" in mail.outbox[0].body


def test_the_deadline_digest_for_cron(branch_user, seed_plan):
    out = io.StringIO()
    call_command("send_reminders", "--days-before", "3", "--today", "2021-07-07", stdout=out)  # Q2 due 10 Jul
    assert mail.outbox and mail.outbox[0].to == [branch_user.email]
    assert "1.1" in mail.outbox[0].body
    mail.outbox.clear()
    call_command("send_reminders", "--days-before", "3", "--today", "2021-07-01", stdout=io.StringIO())
    assert not mail.outbox


@pytest.mark.parametrize(
    ("role", "grid", "national"),
    [
        ("reporter", 403, 403),
        ("approver", 403, 403),
        ("reviewer", 200, 403),
        ("head_office", 200, 200),
        ("admin", 200, 200),
        ("outside_reviewer", 200, 403),
    ],
)
def test_who_sees_the_review_pages(client, users_by_role, seed_plan, pr_target, role, grid, national):
    client.force_login(users_by_role[role])
    assert client.get(reverse("quarters:grid")).status_code == grid
    assert client.get(reverse("quarters:matrix")).status_code == grid
    assert client.get(reverse("quarters:national")).status_code == national
    cell = client.get(reverse("quarters:cell", args=[seed_plan.pk, pr_target.pk, 2])).status_code
    assert cell == (404 if role == "outside_reviewer" else grid)
    if role == "outside_reviewer":  # their own region has no plan: the grid shows nothing of region 2
        assert seed_plan.title_th not in client.get(reverse("quarters:grid")).content.decode()


def test_reporters_cannot_send_reminders(client, branch_user, seed_plan):
    client.force_login(branch_user)
    assert client.post(reverse("quarters:remind"), {"quarter": "2"}).status_code == 403
    assert not mail.outbox


def test_head_office_sees_completeness_per_region(client, hq_user, seed_plan, pr_target, office):
    make_result(pr_target, office, 1, Decimal(1))
    client.force_login(hq_user)
    html = client.get(reverse("quarters:national"), {"year": 2564, "quarter": 1}).content.decode()
    assert "กฟก.2" in html and "<svg" in html
