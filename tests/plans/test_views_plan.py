"""Who sees which plan page, and what head office can change through the forms."""

import pytest
from django.urls import reverse

from plans.history import history_of
from plans.models import Activity, Plan, Target

pytestmark = pytest.mark.django_db

EVERY_ROLE = [
    "reporter",
    "approver",
    "unit_admin",
    "other_reporter",
    "reviewer",
    "outside_reviewer",
    "head_office",
    "admin",
]
READERS = {"reporter", "approver", "unit_admin", "other_reporter", "reviewer", "head_office", "admin"}
EDITORS = {"head_office", "admin"}


@pytest.fixture
def activity_332(seed_plan):
    return Activity.objects.get(workplan__objective__code="CR1", number="3.3.2")


def pages(plan, activity):
    target = activity.targets.first()
    return {
        "plan_tree": reverse("plans:plan", args=[plan.pk]),
        "activity": reverse("plans:activity", args=[activity.pk]),
        "activity_edit": reverse("plans:activity_edit", args=[activity.pk]),
        "target_add": reverse("plans:target_add", args=[activity.pk]),
        "target_edit": reverse("plans:target_edit", args=[target.pk]),
        "target_values": reverse("plans:target_values", args=[target.pk]),
        "target_values_xlsx": reverse("plans:target_values_xlsx", args=[target.pk]),
    }


def expected(page, role):
    if role not in READERS:
        return 404
    if page in {"activity_edit", "target_add", "target_edit"}:
        return 200 if role in EDITORS else 403
    return 200


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_it_shows_each_plan_page_only_to_the_roles_that_may_see_it(
    client, users_by_role, seed_plan, activity_332, role
):
    client.force_login(users_by_role[role])
    for page, url in pages(seed_plan, activity_332).items():
        assert client.get(url).status_code == expected(page, role), (page, role)


def test_it_sends_anonymous_visitors_to_sign_in(client, seed_plan, activity_332):
    for url in [reverse("home"), reverse("plans:list"), *pages(seed_plan, activity_332).values()]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_the_sign_in_page_is_thai_by_default(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "เข้าสู่ระบบ" in response.content.decode()


def test_the_plan_list_shows_only_the_plans_of_ones_region(client, outside_reviewer, hq_user, seed_plan):
    client.force_login(outside_reviewer)
    assert seed_plan.title_th not in client.get(reverse("plans:list")).content.decode()
    client.force_login(hq_user)
    assert seed_plan.title_th in client.get(reverse("plans:list")).content.decode()


def test_a_branch_office_sees_its_own_part_of_the_plan_first(client, branch_user, seed_plan):
    client.force_login(branch_user)
    html = client.get(reverse("plans:plan", args=[seed_plan.pk])).content.decode()
    assert "3.3.3" in html  # assigned to every office and sub-office
    assert "3.5.2" not in html  # led by กฟฟ.บลด. and กฟฟ.มดพ. only
    assert "3.3.2" not in html  # the division's phone survey


def test_the_tree_filters_by_unit_group_and_text(client, hq_user, seed_plan):
    client.force_login(hq_user)
    url = reverse("plans:plan", args=[seed_plan.pk])
    from plans.models import Unit, UnitGroup

    html = client.get(url, {"unit": Unit.objects.get(code="กฟฟ.มดพ.").pk}).content.decode()
    assert "3.5.2" in html and "3.5.3" in html and "5.5 " not in html
    html = client.get(url, {"group": UnitGroup.objects.get(code="ก2-รอยต่อ").pk}).content.decode()
    assert "5.5" in html
    html = client.get(url, {"q": "Smile Box"}).content.decode()
    assert "3.3.3" in html and "1.2 " not in html
    html = client.get(url, {"q": "ไม่มีข้อความนี้ในแผน"}).content.decode()
    assert "ไม่มีรายการ" in html or "Nothing in the plan" in html


def test_head_office_shows_every_part_of_the_plan(client, hq_user, seed_plan):
    client.force_login(hq_user)
    html = client.get(reverse("plans:plan", args=[seed_plan.pk])).content.decode()
    for number in ["1.1", "3.3.2", "3.5.2", "4.3.2", "5.7", "1.1.1", "2.1"]:
        assert f"<strong>{number}</strong>" in html


def test_the_activity_page_shows_targets_lead_units_and_deadlines(client, branch_user, activity_332):
    client.force_login(branch_user)
    html = client.get(reverse("plans:activity", args=[activity_332.pk])).content.decode()
    assert "4.4718" in html and "264" in html and "กบล.(ก2)" in html
    assert "20 เม.ย. 2564" in html  # Q1 + 20 days, with a Buddhist-era year
    assert "ม.ค.-ธ.ค.2564" in html


def test_head_office_edits_a_target_through_the_form(client, hq_user, activity_332):
    client.force_login(hq_user)
    target = activity_332.targets.get(kind="score")
    data = {
        "label_th": target.label_th,
        "kind": "score",
        "comparator": "ge",
        "value": "4.5",
        "scale_min": "1",
        "scale_max": "5",
        "scope": "per_unit",
        "frequency": "quarterly",
        "basis": "level",
        "rollup": "weighted_mean",
    }
    # A goal changed once the plan is in force needs a reason: refused without one, nothing saved.
    response = client.post(reverse("plans:target_edit", args=[target.pk]), data)
    assert response.status_code == 400 and "ระบุเหตุผลของการเปลี่ยนเป้าหมาย" in response.content.decode()
    target.refresh_from_db()
    assert str(target.value) == "4.4718"
    data["change_reason"] = "ปรับตามผลสำรวจปีก่อน"
    response = client.post(reverse("plans:target_edit", args=[target.pk]), data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert str(target.value) == "4.5000"
    change = history_of(target).get(plan__isnull=False)  # one history: the edit is also a change of the plan
    assert (change.changes["value"], change.by, change.revision) == (["4.4718", "4.5"], hq_user, None)


def test_a_target_form_with_bad_input_keeps_it_and_saves_nothing(client, hq_user, activity_332):
    client.force_login(hq_user)
    before = Target.objects.count()
    data = {
        "label_th": "ร้อยละทดสอบ",
        "kind": "percentage",
        "comparator": "ge",
        "value": "140",
        "scope": "per_unit",
        "frequency": "quarterly",
        "basis": "level",
        "rollup": "ratio",
    }
    response = client.post(reverse("plans:target_add", args=[activity_332.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "ร้อยละทดสอบ" in html and 'value="140"' in html
    assert "0 ถึง 100" in html
    assert Target.objects.count() == before


def test_a_score_outside_its_scale_is_refused(client, hq_user, activity_332):
    client.force_login(hq_user)
    data = {
        "label_th": "คะแนน",
        "kind": "score",
        "comparator": "ge",
        "value": "7",
        "scale_min": "1",
        "scale_max": "5",
        "scope": "per_unit",
        "frequency": "quarterly",
        "basis": "level",
        "rollup": "weighted_mean",
    }
    response = client.post(reverse("plans:target_add", args=[activity_332.pk]), data)
    assert response.status_code == 400 and "ช่วงคะแนน" in response.content.decode()


def test_a_reporter_cannot_post_a_target_change(client, branch_user, activity_332):
    client.force_login(branch_user)
    target = activity_332.targets.first()
    response = client.post(reverse("plans:target_edit", args=[target.pk]), {"label_th": "x", "kind": "count"})
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.label_th != "x"


def test_head_office_copies_the_plan_to_the_next_year_keeping_lineage(client, hq_user, seed_plan):
    client.force_login(hq_user)
    response = client.post(reverse("plans:copy", args=[seed_plan.pk]))
    new_plan = Plan.objects.get(owner=seed_plan.owner, year=2565)
    assert response.status_code == 302 and response.url == new_plan.get_absolute_url()
    copied = Activity.objects.get(
        workplan__objective__perspective__plan=new_plan, workplan__objective__code="CR1", number="3.3.2"
    )
    assert copied.lineage.workplan.objective.perspective.plan == seed_plan
    assert copied.parent.number == "3.3" and copied.parent.workplan.objective.perspective.plan == new_plan
    assert all(t.lineage and t.lineage.activity_id == copied.lineage_id for t in copied.targets.all())
    again = client.post(reverse("plans:copy", args=[seed_plan.pk]), follow=True)
    assert "มีแผนปี 2565 อยู่แล้ว" in again.content.decode()


@pytest.mark.parametrize("role", ["reporter", "reviewer"])
def test_only_head_office_copies_a_plan(client, users_by_role, seed_plan, role):
    client.force_login(users_by_role[role])
    assert client.post(reverse("plans:copy", args=[seed_plan.pk])).status_code == 403
    assert not Plan.objects.filter(year=2565).exists()


def test_the_english_switch(client, branch_user, seed_plan):
    client.force_login(branch_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("plans:plan", args=[seed_plan.pk])).content.decode()
    assert "Workplan" in html and "Digital Service" in html


@pytest.mark.parametrize("query", ["q=%00", "unit=1%00", "%00=1"])
def test_a_nul_character_in_the_query_is_refused_with_a_thai_message(
    client, region_reviewer, seed_plan, query
):
    # PostgreSQL cannot compare text holding NUL: the filter must never get it
    client.force_login(region_reviewer)
    for url in (reverse("plans:plan", args=[seed_plan.pk]), reverse("complaints:list")):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400
        assert "อักขระที่ใช้ไม่ได้" in response.content.decode()
    assert client.get(reverse("complaints:list") + "?q=ไฟตก").status_code == 200
