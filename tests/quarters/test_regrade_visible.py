"""Re-grading is visible (issue 19): a result graded under revision 1 whose goal revision 2 changed shows
"เป้าหมายปรับในฉบับที่ 2" with its old and new standing on the result page, the grid cell and the cell page;
each office's old standing uses the snapshot of the revision its own result was graded under. Baselines are
part of a revision: a changed baseline needs a reason, and revision 1 prints with its own baselines."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from plans import revisions
from plans.history import history_of
from plans.models import Baseline, Target, Unit, UnitGroup
from quarters import selectors
from quarters.models import Result
from quarters.reports import build_report
from quarters.validation import RowValues
from tests.entering import save_and_submit

pytestmark = pytest.mark.django_db
BANGKOK = ZoneInfo("Asia/Bangkok")


def at(day: date) -> datetime:
    return datetime.combine(day, time(9), tzinfo=BANGKOK)


def manager_visits(plan) -> Target:
    """CR2 1.2: office managers' visits, 6 a quarter per class 1-3 office (a value per class group)."""
    return Target.objects.select_related("activity__workplan__objective__perspective__plan").get(
        activity__workplan__objective__perspective__plan=plan,
        activity__workplan__objective__code="CR2",
        activity__number="1.2",
        order=3,
    )


def act(client, result, action):
    return client.post(reverse("quarters:result_action", args=[result.pk]), {"action": action, "reason": ""})


def lower_class_1_and_publish(client, plan, target, hq_user):
    """Head office lowers class 1 offices' goal from 6 to 4 a quarter and publishes it as revision 2."""
    client.force_login(hq_user)
    form = {f"g{g.pk}": "6" for g in UnitGroup.objects.filter(code__in=["ก2-กฟฟ2", "ก2-กฟฟ3"])}
    form[f"g{UnitGroup.objects.get(code='ก2-กฟฟ1').pk}"] = "4"
    form["change_reason"] = "ปรับลดได้ตามความเหมาะสม"
    assert client.post(reverse("plans:target_values", args=[target.pk]), form).status_code == 302
    revisions.revision_publish(
        plan=plan, reason="ปรับเป้าหมายกลางปี", published_on=date(2021, 7, 1), user=hq_user
    )


def test_a_regraded_result_says_so_on_the_result_page_the_grid_and_the_cell_page(
    client, seed_plan, branch_user, branch_approver, region_reviewer, hq_user, other_branch_user
):
    office, other = branch_user.unit, other_branch_user.unit  # กฟฟ.ชบ. (class 1) and กฟฟ.มดพ. (class 2)
    assert (office.office_class, other.office_class) == (1, 2)
    target = manager_visits(seed_plan)
    # Q1 under revision 1: กฟฟ.ชบ. made 5 visits against its 6 (behind); approved and accepted.
    save_and_submit(
        seed_plan,
        office,
        1,
        target,
        RowValues(value=Decimal(5)).normalised(target),
        branch_user,
        at(date(2021, 4, 3)),
    )
    result = Result.objects.get(unit=office, target=target, quarter=1)
    client.force_login(branch_approver)
    act(client, result, "approve")
    client.force_login(region_reviewer)
    act(client, result, "accept")
    result.refresh_from_db()
    assert (result.status, result.graded_revision) == ("accepted", 1)

    lower_class_1_and_publish(client, seed_plan, target, hq_user)
    # กฟฟ.มดพ. reports its 6 visits after revision 2: graded under it, nothing to say about re-grading.
    save_and_submit(
        seed_plan,
        other,
        1,
        target,
        RowValues(value=Decimal(6)).normalised(target),
        other_branch_user,
        at(date(2021, 7, 5)),
    )
    late = Result.objects.get(unit=other, target=target, quarter=1)
    assert late.graded_revision == 2

    # The result page: revision 1's goal 6 (5 < 6: behind), revision 2's goal 4 (5 >= 4: achieved).
    client.force_login(region_reviewer)
    html = client.get(reverse("quarters:result", args=[result.pk])).content.decode()
    assert (
        "เป้าหมายปรับในฉบับที่ 2: ตามฉบับที่ 1 (เป้าหมาย 6) ผลนี้ต่ำกว่าเป้าหมาย → ตามฉบับปัจจุบัน (เป้าหมาย 4) บรรลุเป้าหมาย"
        in html
    )
    assert "เป้าหมายปรับ" not in client.get(reverse("quarters:result", args=[late.pk])).content.decode()

    # The cell page: each office's line by the revision its own result was graded under.
    html = client.get(reverse("quarters:cell", args=[seed_plan.pk, target.pk, 1])).content.decode()
    assert "เป้าหมายปรับในฉบับที่ 2: ตามฉบับที่ 1 (เป้าหมาย 6) ต่ำกว่าเป้าหมาย → บรรลุเป้าหมาย" in html
    assert html.count("data-regrade") == 2  # กฟฟ.ชบ.'s line and the region's cell; none for กฟฟ.มดพ.

    # The grid cell (accepted results): the region's goal is the sum of the expected offices' own goals. Only
    # class 1's value fell, by 2, so the goal under revision 1 is 2 x (class 1 offices expected) above today's.
    from quarters.grids import plan_grid, scope_for

    scope = scope_for(seed_plan, targets=[target])
    cell = plan_grid(scope, [1], today=date(2021, 7, 6))[0].cells[1]
    class_1 = [u for u in Unit.objects.filter(pk__in=scope.expected(target, 1)) if u.office_class == 1]
    assert cell.regrade is not None and (cell.regrade.changed_in, cell.regrade.graded_under) == (2, 1)
    assert cell.regrade.old_goal - cell.regrade.new_goal == 2 * len(class_1)
    html = client.get(reverse("quarters:grid") + f"?plan={seed_plan.pk}").content.decode()
    assert "เป้าหมายปรับในฉบับที่ 2: ต่ำกว่าเป้าหมาย → ต่ำกว่าเป้าหมาย" in html  # 5 of a region's goal either way


def test_a_baseline_is_part_of_the_revision_and_revision_1_prints_with_its_own(
    client, seed_plan, branch_user, branch_approver, region_reviewer, hq_user
):
    office = branch_user.unit
    target = Target.objects.get(
        activity__workplan__objective__perspective__plan=seed_plan, activity__number="5.4"
    )  # "more than Q4/2563": graded against each office's baseline
    client.force_login(hq_user)
    url = reverse("plans:target_values", args=[target.pk])
    # A first baseline needs no reason (nothing is changed), and is in the target's history.
    assert client.post(url, {"action": "baselines", f"b{office.pk}": "1200"}).status_code == 302
    assert history_of(target).last().changes == {"ข้อมูลฐาน กฟฟ.ชบ.": ["", "1200"]}
    # Q1 under revision 1: 1,300 payments > 1,200: achieved.
    save_and_submit(
        seed_plan,
        office,
        1,
        target,
        RowValues(value=Decimal(1300)).normalised(target),
        branch_user,
        at(date(2021, 4, 3)),
    )
    result = Result.objects.get(unit=office, target=target, quarter=1)
    client.force_login(branch_approver)
    act(client, result, "approve")
    client.force_login(region_reviewer)
    act(client, result, "accept")
    client.force_login(hq_user)
    # Changing it needs a reason: refused in Thai, nothing saved.
    response = client.post(url, {"action": "baselines", f"b{office.pk}": "1500"})
    assert response.status_code == 400 and "ระบุเหตุผลของการเปลี่ยนเป้าหมาย" in response.content.decode()
    assert Baseline.objects.get(target=target, unit=office).value == Decimal(1200)
    data = {"action": "baselines", f"b{office.pk}": "1500", "change_reason": "แก้ตัวเลขไตรมาส 4/2563 ตามบัญชี"}
    assert client.post(url, data).status_code == 302
    entry = history_of(target).last()
    assert (entry.plan, entry.revision) == (seed_plan, None)  # a change of the plan, not yet published
    assert (entry.changes, entry.reason) == (
        {"ข้อมูลฐาน กฟฟ.ชบ.": ["1200", "1500"]},
        "แก้ตัวเลขไตรมาส 4/2563 ตามบัญชี",
    )
    revisions.revision_publish(
        plan=seed_plan, reason="แก้ข้อมูลฐาน", published_on=date(2021, 7, 1), user=hq_user
    )

    # The office's result: 1,300 > 1,200 under revision 1 (achieved), 1,300 > 1,500 fails under revision 2.
    row = next(
        r for r in selectors.entry_form(seed_plan, office, 1, date(2021, 7, 2)).rows if r.target == target
    )
    assert (row.goal.target, row.status) == (Decimal(1500), "behind")
    assert (row.regrade.graded_under, row.regrade.old_goal, row.regrade.old_status) == (
        1,
        Decimal(1200),
        "achieved",
    )

    # The office's printed form of each revision grades it with that revision's baseline.
    def printed_status(revision):
        report = build_report(
            seed_plan, 1, variant="unit", unit=office, today=date(2021, 7, 2), revision=revision
        )
        return next(row.cells[0].status for s in report.sections for row in s.rows if target in row.targets)

    assert printed_status(1) == "achieved" and printed_status(2) == "behind"
