"""Plan revisions (issue 19): head office lowers a goal mid-year ("ปรับลดได้ตามความเหมาะสม", CR2 1.2), the change
is recorded with who, when, old -> new and why, published as revision 2 with its reason and approval letter;
a result graded under revision 1 shows how it read then and how it reads now; the printed form names its
revision and an earlier revision prints as it was."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from plans import revisions
from plans.history import history_of
from plans.models import HistoryEntry, PlanRevision, Target, UnitGroup
from quarters import selectors
from quarters.models import Result
from quarters.reports import build_report
from quarters.validation import RowValues
from tests.entering import save_and_submit

pytestmark = pytest.mark.django_db
BANGKOK = ZoneInfo("Asia/Bangkok")


def manager_visits(plan) -> Target:
    """CR2 1.2: office managers' visits, 6 a quarter per class 1-3 office (a value of each class group)."""
    return Target.objects.select_related("activity__workplan__objective__perspective__plan").get(
        activity__workplan__objective__perspective__plan=plan,
        activity__workplan__objective__code="CR2",
        activity__number="1.2",
        order=3,
    )


def test_a_goal_lowered_mid_year_is_recorded_published_and_regrades_visibly(
    client, seed_plan, branch_user, hq_user
):
    office = branch_user.unit  # กฟฟ.ชบ., class 1
    target = manager_visits(seed_plan)
    assert revisions.current_number(seed_plan) == 1  # the plan as loaded
    # Q1: กฟฟ.ชบ. made 5 visits against its 6: behind (so it says why), submitted under revision 1.
    now = datetime.combine(date(2021, 4, 3), time(9), tzinfo=BANGKOK)
    values = RowValues(value=Decimal(5), narrative="ลูกค้าไม่สะดวก 1 ราย").normalised(target)
    save_and_submit(seed_plan, office, 1, target, values, branch_user, now)
    result = Result.objects.get(unit=office, target=target, quarter=1)
    assert result.graded_revision == 1

    # Head office lowers class 1 offices' goal from 6 to 4 a quarter, saying why.
    client.force_login(hq_user)
    class_1 = UnitGroup.objects.get(code="ก2-กฟฟ1")
    page = reverse("plans:target_values", args=[target.pk])
    form = {f"g{g.pk}": "6" for g in UnitGroup.objects.filter(code__in=["ก2-กฟฟ2", "ก2-กฟฟ3"])}
    form[f"g{class_1.pk}"] = "4"
    response = client.post(page, form)  # no reason: refused, nothing changed
    assert response.status_code == 400 and "ระบุเหตุผลของการเปลี่ยนเป้าหมาย" in response.content.decode()
    assert not HistoryEntry.objects.filter(plan=seed_plan).exists()
    form["change_reason"] = "ปรับลดได้ตามความเหมาะสม: สถานการณ์โควิด"
    assert client.post(page, form).status_code == 302
    # one history: the target's own history holds the edit with its reason, marked as a change of the plan
    # not yet published
    [change] = HistoryEntry.objects.filter(plan=seed_plan)
    assert change == history_of(target).last()
    assert (change.by, change.reason, change.changes, change.revision) == (
        hq_user,
        "ปรับลดได้ตามความเหมาะสม: สถานการณ์โควิด",
        {"ค่าเป้าหมาย ก2-กฟฟ1": ["6", "4"]},
        None,
    )

    # Published as revision 2, with its approval letter; the change goes with it.
    revisions_page = reverse("plans:revisions", args=[seed_plan.pk])
    response = client.post(
        revisions_page,
        {
            "reason": "ปรับเป้าหมายการเยี่ยมเยียนลูกค้ากลางปี",
            "published_on": "1/7/2564",
            "letter_no": "ก.2 กบล.(บห) 1700/2564",
            "letter_date": "30/6/2564",
        },
    )
    assert response.status_code == 302
    revision = PlanRevision.objects.get(plan=seed_plan, number=2)
    assert (revision.published_on, revision.letter_date, revision.published_by) == (
        date(2021, 7, 1),
        date(2021, 6, 30),
        hq_user,
    )
    change.refresh_from_db()
    assert change.revision == revision and list(revision.entries.all()) == [change]
    html = client.get(revisions_page).content.decode()
    assert "ครั้งที่ 2" in html and "ปรับลดได้ตามความเหมาะสม" in html and "1 ก.ค. 2564" in html
    assert "ค่าเป้าหมาย ก2-กฟฟ1" in html
    # the target's page shows the change with the revision that published it
    html = client.get(page).content.decode()
    assert "ปรับแผน ฉบับที่ 2" in html and "ปรับลดได้ตามความเหมาะสม: สถานการณ์โควิด" in html

    # The result was graded under revision 1 (goal 6: behind); under revision 2 its goal is 4: achieved.
    client.force_login(branch_user)
    row = next(
        r for r in selectors.entry_form(seed_plan, office, 1, date(2021, 7, 2)).rows if r.target == target
    )
    assert (row.goal.target, row.status) == (Decimal(4), "achieved")
    assert (
        row.regrade.changed_in,
        row.regrade.graded_under,
        row.regrade.old_goal,
        row.regrade.old_status,
    ) == (
        2,
        1,
        Decimal(6),
        "behind",
    )
    html = client.get(reverse("quarters:entry", args=[seed_plan.pk, office.pk, 1])).content.decode()
    assert "เป้าหมายปรับในฉบับที่ 2" in html


def test_the_printed_form_names_its_revision_and_prints_an_earlier_one_as_it_was(client, seed_plan, hq_user):
    mobile_shop = Target.objects.get(activity__workplan__objective__code="CR1", activity__number="5.3")
    client.force_login(hq_user)
    data = {
        "label_th": "จำนวนลูกค้าที่ใช้บริการ PEA Mobile Shop ไม่ต่ำกว่า 2,500 ราย/เดือน",
        "kind": "count",
        "comparator": "ge",
        "value": "2500",
        "unit_of_measure": "ราย",
        "scope": "region",
        "frequency": "monthly",
        "basis": "per_period",
        "rollup": "sum",
        "change_reason": "ปรับตามแผนการออกหน่วยใหม่",
    }
    assert client.post(reverse("plans:target_edit", args=[mobile_shop.pk]), data).status_code == 302
    [change] = HistoryEntry.objects.filter(plan=seed_plan)
    # one entry of the edit (the fields the post left blank too); its goal fields are what revision 2 changes
    assert {name for name in change.changes if name in revisions.GOAL_FIELDS} == {"label_th", "value"}
    revisions.revision_publish(
        plan=seed_plan, reason="ปรับเป้าหมาย Mobile Shop", published_on=date(2021, 7, 1), user=hq_user
    )
    today = timezone.localdate()
    now_form = build_report(seed_plan, 2, variant="summary", today=today)
    then_form = build_report(seed_plan, 2, variant="summary", today=today, revision=1)
    assert now_form.title.endswith("(ครั้งที่ 2)") and then_form.title.endswith("(ครั้งที่ 1)")
    now_row = next(r for r in now_form.summary if r.target.pk == mobile_shop.pk)
    then_row = next(r for r in then_form.summary if r.target.pk == mobile_shop.pk)
    assert now_row.goal == "≥ 2500 ราย" and "2,500" in now_row.target.label_th
    assert then_row.goal == "≥ 3000 ราย" and "3,000" in then_row.target.label_th
    mobile_shop.refresh_from_db()
    assert mobile_shop.value == Decimal(2500)  # printing the old revision changed nothing


def test_a_revision_without_a_reason_is_refused(client, seed_plan, hq_user):
    client.force_login(hq_user)
    response = client.post(
        reverse("plans:revisions", args=[seed_plan.pk]), {"reason": "", "published_on": "1/7/2564"}
    )
    assert response.status_code == 400
    assert not PlanRevision.objects.filter(plan=seed_plan, number=2).exists()
    with pytest.raises(Exception) as exc:
        revisions.revision_publish(plan=seed_plan, reason="  ", published_on=date(2021, 7, 1), user=hq_user)
    assert "ระบุเหตุผลของการปรับแผน" in str(exc.value)


@pytest.mark.parametrize(
    ("role", "get", "post"),
    [
        ("reporter", 200, 403),
        ("reviewer", 200, 403),
        ("outside_reviewer", 404, 404),
        ("head_office", 200, 400),
    ],
)
def test_who_sees_and_publishes_revisions(client, users_by_role, seed_plan, role, get, post):
    client.force_login(users_by_role[role])
    url = reverse("plans:revisions", args=[seed_plan.pk])
    assert client.get(url).status_code == get
    assert client.post(url, {"reason": ""}).status_code == post
