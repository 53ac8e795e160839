"""Per-office target values (issue 19): a default, values per office class and per unit, set on the target's
values page or from a spreadsheet, used by the quarter form, the grid, the matrix and the region's goal.

The seed region has 16 class 1-3 offices: class 1 กฟฟ.ชบ. รย. ฉช. พท. ศรช. จบ. ปจ. (7), class 2 กฟฟ.บลด. มดพ.
บึง อช. ตร. สก. (6), class 3 กฟฟ.บก. สต. นน. (3).
"""

from __future__ import annotations

import io
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans import services as plan_services
from plans.goals import ValueRow
from plans.models import Target, TargetValue, Unit, UnitGroup, User
from quarters import selectors
from quarters.grids import plan_grid, scope_for, unit_matrix
from quarters.validation import RowValues, check_row
from tests.conftest import make_user
from tests.entering import save_and_submit

pytestmark = pytest.mark.django_db
BANGKOK = ZoneInfo("Asia/Bangkok")


def target_of(number, order=1, objective="CR1") -> Target:
    return Target.objects.select_related("activity__workplan__objective__perspective__plan").get(
        activity__workplan__objective__code=objective, activity__number=number, order=order
    )


@pytest.fixture
def pr_target(seed_plan) -> Target:
    """1.1: PR activities, 1 a quarter per class 1-3 office (default), a count summed over the region."""
    return target_of("1.1")


def class_group(n: int) -> UnitGroup:
    return UnitGroup.objects.get(code=f"ก2-กฟฟ{n}")


def values_page(target):
    return reverse("plans:target_values", args=[target.pk])


def test_office_classes_with_different_goals_add_up_to_the_regions_goal(
    client, hq_user, pr_target, seed_plan
):
    client.force_login(hq_user)
    form = {
        f"g{class_group(1).pk}": "3",
        f"g{class_group(2).pk}": "2",
        f"g{class_group(3).pk}": "1",
        "change_reason": "ชั้นใหญ่ทำได้มากกว่า",
    }
    assert client.post(values_page(pr_target), form).status_code == 302
    assert TargetValue.objects.filter(target=pr_target).count() == 3
    cells = next(
        r for r in plan_grid(scope_for(seed_plan), [1, 2], today=date(2021, 7, 1)) if r.target == pr_target
    )
    # Q1: 7 class-1 offices x 3 + 6 class-2 x 2 + 3 class-3 x 1 = 21 + 12 + 3 = 36.
    assert cells.cells[1].goal.target == Decimal(36)
    assert (
        cells.cells[1].goal.derivation
        == "ผลรวมเป้าหมายของหน่วยงาน: 7 หน่วยงาน × 3 + 6 หน่วยงาน × 2 + 3 หน่วยงาน × 1"
    )
    # Q1-2: "a quarter" adds up, so each office's goal doubles: 72.
    assert cells.cells[2].goal.target == Decimal(72)
    # One office of its own: กฟฟ.ชบ. (class 1) 5 a quarter instead of 3 -> 36 - 3 + 5 = 38 in Q1.
    chonburi = Unit.objects.get(code="กฟฟ.ชบ.")
    form[f"u{chonburi.pk}"] = "5"
    assert client.post(values_page(pr_target), form).status_code == 302
    cells = next(
        r for r in plan_grid(scope_for(seed_plan), [1], today=date(2021, 4, 1)) if r.target == pr_target
    )
    assert cells.cells[1].goal.target == Decimal(38)


def _submit(plan, unit, user, target, quarter, value, narrative=""):
    now = datetime.combine(date(2021, 4, 5), time(10), tzinfo=BANGKOK)
    values = RowValues(value=Decimal(value), narrative=narrative).normalised(target)
    save_and_submit(plan, unit, quarter, target, values, user, now)


def test_each_office_is_graded_against_its_own_goal_and_the_region_against_the_sum(
    client, hq_user, pr_target, seed_plan
):
    plan_services.target_values_set(
        target=pr_target,
        rows=[ValueRow(Decimal(3), group=class_group(1)), ValueRow(Decimal(2), group=class_group(2))],
        user=hq_user,
        reason="ตามขนาดของ กฟฟ.",
    )
    # Class 3 keeps the default, 1.  Region goal in Q1: 7 x 3 + 6 x 2 + 3 x 1 = 36.
    offices = list(Unit.objects.filter(region__code="กฟก.2", kind="office").order_by("code"))
    assert len(offices) == 16
    goal_of = {1: 3, 2: 2, 3: 1}
    short = Unit.objects.get(code="กฟฟ.นน.")  # class 3: reports 0 of its 1
    for office in offices:
        user = make_user(f"rep-{office.pk}", office.code, User.Role.REPORTER)
        value = 0 if office == short else goal_of[office.office_class]
        _submit(seed_plan, office, user, pr_target, 1, value, narrative="ไม่ได้จัดกิจกรรม" if value == 0 else "")
    # The quarter form of a class-2 office holds it against 2, of a class-1 office against 3.
    mdp = Unit.objects.get(code="กฟฟ.มดพ.")
    row = next(
        r for r in selectors.entry_form(seed_plan, mdp, 1, date(2021, 4, 6)).rows if r.target == pr_target
    )
    assert (row.goal.target, row.status) == (Decimal(2), "achieved")
    chonburi = Unit.objects.get(code="กฟฟ.ชบ.")
    row = next(
        r
        for r in selectors.entry_form(seed_plan, chonburi, 1, date(2021, 4, 6)).rows
        if r.target == pr_target
    )
    assert row.goal.target == Decimal(3)
    # 2 PR activities are enough for กฟฟ.มดพ. (class 2) but behind for กฟฟ.ชบ. (class 1): the narrative is asked.
    assert "narrative" in check_row(pr_target, 1, RowValues(value=Decimal(2)), goal=row.goal)
    # The region: 21 + 12 + (2 x 1 + 0) = 35 reported against 36: behind.
    cell = next(
        r
        for r in plan_grid(scope_for(seed_plan), [1], basis="submitted", today=date(2021, 4, 6))
        if r.target == pr_target
    ).cells[1]
    assert (cell.value, cell.goal.target, cell.status) == (Decimal(35), Decimal(36), "behind")
    # The matrix shows each office's own goal.
    matrix = unit_matrix(scope_for(seed_plan), 1, page_units=[chonburi, mdp])
    assert [line.goals[pr_target.pk] for line in matrix.lines] == [Decimal(3), Decimal(2)]
    # ... and so does the matrix page (each cell's title, drawn by quarters/tables.py).
    client.force_login(hq_user)
    html = client.get(reverse("quarters:matrix"), {"plan": seed_plan.pk, "quarter": 1}).content.decode()
    assert "· เป้าหมาย 3" in html and "· เป้าหมาย 2" in html and "· เป้าหมาย 1" in html


def test_the_seed_plan_holds_the_phone_quotas_as_office_class_values(seed_plan):
    new_service = target_of("3.3.2", 1)
    transformer = target_of("3.3.2", 3)
    own = {
        (v.group.code, v.value)
        for v in TargetValue.objects.filter(target=new_service).select_related("group")
    }
    # "not fewer than 3 a quarter per class 1-3 office": 12 a year, taken pro rata.
    assert own == {("ก2-กฟฟ1", Decimal(12)), ("ก2-กฟฟ2", Decimal(12)), ("ก2-กฟฟ3", Decimal(12))}
    assert set(TargetValue.objects.filter(target=transformer).values_list("value", flat=True)) == {Decimal(4)}
    # The region division reports the totals: its own goal is still the plan's 264.
    division = Unit.objects.get(code="กบล.(ก2)")
    row = next(
        r
        for r in selectors.entry_form(seed_plan, division, 4, date(2022, 1, 1)).rows
        if r.target == new_service
    )
    assert row.goal.target == Decimal(264)


# --- bad input: a Thai message naming the row, a 4xx, nothing saved ---------------------------------------


def test_a_value_for_a_unit_outside_the_targets_units_is_refused(hq_user, pr_target):
    division = Unit.objects.get(code="กบล.(ก2)")  # 1.1 is the offices' (class 1-3), not the division's
    with pytest.raises(ValidationError) as exc:
        plan_services.target_values_set(
            target=pr_target,
            rows=[ValueRow(Decimal(2), group=class_group(1)), ValueRow(Decimal(4), unit=division)],
            user=hq_user,
        )
    assert "กบล.(ก2) ไม่ได้รับผิดชอบเป้าหมายนี้" in exc.value.messages[0]
    assert not TargetValue.objects.filter(target=pr_target).exists()


def test_the_values_page_refuses_a_percentage_of_140_and_keeps_what_was_typed(client, hq_user, seed_plan):
    client.force_login(hq_user)
    dmsx = target_of("1.2")
    response = client.post(
        values_page(dmsx),
        {f"g{class_group(1).pk}": "95", f"g{class_group(3).pk}": "140", "change_reason": "ทดสอบ"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "ก2-กฟฟ3" in html and "0 ถึง 100" in html and 'value="140"' in html
    assert not TargetValue.objects.filter(target=dmsx).exists()


def _xlsx(rows) -> SimpleUploadedFile:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("values.xlsx", out.getvalue())


def test_values_come_in_from_a_spreadsheet_whole_or_not_at_all(client, hq_user, pr_target):
    client.force_login(hq_user)
    download = client.get(reverse("plans:target_values_xlsx", args=[pr_target.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert next(sheet.iter_rows(max_row=1, values_only=True)) == ("รหัส", "ชื่อ", "ค่าเป้าหมาย")
    assert "ก2-กฟฟ1" in codes and "กฟฟ.ชบ." in codes and "กบล.(ก2)" not in codes
    bad = _xlsx([("รหัส", "ค่าเป้าหมาย"), ("ก2-กฟฟ1", 3), ("กบล.(ก2)", 4), ("ก2-กฟฟ2", "สอง")])
    response = client.post(values_page(pr_target), {"file": bad})
    assert response.status_code == 400
    html = response.content.decode()
    assert "แถว 3: กบล.(ก2) ไม่ใช่กลุ่มหรือหน่วยงานที่รับผิดชอบเป้าหมายนี้" in html and "แถว 4" in html
    assert not TargetValue.objects.filter(target=pr_target).exists()
    good = _xlsx([("รหัส", "ค่าเป้าหมาย"), ("ก2-กฟฟ1", 3), ("กฟฟ.ชบ.", "๕")])
    assert client.post(values_page(pr_target), {"file": good, "change_reason": "ตามหนังสือ"}).status_code == 302
    assert {(v.group_id, v.unit_id, v.value) for v in TargetValue.objects.filter(target=pr_target)} == {
        (class_group(1).pk, None, Decimal(3)),
        (None, Unit.objects.get(code="กฟฟ.ชบ.").pk, Decimal(5)),
    }


def test_only_head_office_sets_values(client, branch_user, pr_target):
    client.force_login(branch_user)
    assert client.get(values_page(pr_target)).status_code == 200
    response = client.post(values_page(pr_target), {f"g{class_group(1).pk}": "3", "change_reason": "ขอเอง"})
    assert response.status_code == 403
    assert not TargetValue.objects.filter(target=pr_target).exists()
