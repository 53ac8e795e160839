"""Who reports a target and who leads or supports an activity are edits like any other (issue 15, 19): head
office's edit pages record them in the one history, before -> after, who, when and why, and show them."""

import pytest
from django.urls import reverse

from plans.history import history_of
from plans.models import Unit, UnitGroup
from tests.htmlforms import form_fields
from tests.quarters.conftest import target_of

pytestmark = pytest.mark.django_db


def edit_form(client, url) -> dict:
    return form_fields(client.get(url).content.decode(), None)


def test_a_targets_reporting_units_and_groups_are_recorded(client, seed_plan, hq_user):
    target = target_of("1.1")  # PR activity: reported by its activity's group (กฟฟ.ชั้น 1-3), none of its own
    chonburi, maptaphut = Unit.objects.get(code="กฟฟ.ชบ."), Unit.objects.get(code="กฟฟ.มดพ.")
    class_1 = UnitGroup.objects.get(code="ก2-กฟฟ1")
    client.force_login(hq_user)
    url = reverse("plans:target_edit", args=[target.pk])
    data = edit_form(client, url)
    assert (data["assigned_units"], data["assigned_groups"]) == ([], [])  # as the page shows them
    data |= {
        "assigned_units": [str(maptaphut.pk), str(chonburi.pk)],
        "assigned_groups": [str(class_1.pk)],
        "change_reason": "นำร่องสองสำนักงานก่อนขยายผล",
    }
    before = history_of(target).count()
    assert client.post(url, data).status_code == 302

    entry = history_of(target).last()
    assert history_of(target).count() == before + 1
    # Chosen units named by their codes, in code order; nothing chosen before.
    assert entry.changes == {
        "assigned_units": ["", "กฟฟ.ชบ., กฟฟ.มดพ."],
        "assigned_groups": ["", "ก2-กฟฟ1"],
    }
    assert (entry.by, entry.reason, entry.action) == (hq_user, "นำร่องสองสำนักงานก่อนขยายผล", "changed")
    assert entry.plan is None  # who reports is no goal: it is not a change published with a revision
    assert set(target.assigned_units.all()) == {chonburi, maptaphut}

    # Dropping one office: before -> after; the edit page shows it in Thai.
    data = edit_form(client, url)
    assert sorted(data["assigned_units"]) == sorted([str(chonburi.pk), str(maptaphut.pk)])
    data |= {"assigned_units": [str(chonburi.pk)], "change_reason": "กฟฟ.มดพ. ถอนตัว"}
    assert client.post(url, data).status_code == 302
    assert history_of(target).last().changes == {"assigned_units": ["กฟฟ.ชบ., กฟฟ.มดพ.", "กฟฟ.ชบ."]}
    html = client.get(url).content.decode()
    assert "หน่วยงานที่รายงาน</strong>: กฟฟ.ชบ., กฟฟ.มดพ. → กฟฟ.ชบ." in html
    assert "กลุ่มหน่วยงานที่รายงาน</strong>: (ว่าง) → ก2-กฟฟ1" in html and "กฟฟ.มดพ. ถอนตัว" in html

    # Saving the page as it stands changes nothing and records nothing.
    entries = history_of(target).count()
    assert client.post(url, edit_form(client, url)).status_code == 302
    assert history_of(target).count() == entries


def test_an_activitys_lead_and_supporting_units_are_recorded(client, seed_plan, hq_user):
    activity = target_of("1.1").activity  # led by the group กฟฟ.ชั้น 1-3, no lead or supporting unit
    division = Unit.objects.get(code="กอภ.(ก2)")
    chonburi = Unit.objects.get(code="กฟฟ.ชบ.")
    client.force_login(hq_user)
    url = reverse("plans:activity_edit", args=[activity.pk])
    data = edit_form(client, url)
    [group] = data["lead_groups"]
    group = UnitGroup.objects.get(pk=group)
    assert str(group) == "กฟฟ.ชั้น 1-3"
    data |= {
        "lead_units": [str(division.pk)],
        "lead_groups": [],
        "supporting_units": [str(chonburi.pk)],
        "change_reason": "กอภ.(ก2) เป็นเจ้าภาพ",
    }
    assert client.post(url, data).status_code == 302
    entry = history_of(activity).last()
    assert (entry.by, entry.reason) == (hq_user, "กอภ.(ก2) เป็นเจ้าภาพ")
    assert {name: entry.changes[name] for name in ("lead_units", "lead_groups", "supporting_units")} == {
        "lead_units": ["", "กอภ.(ก2)"],
        "lead_groups": [group.code, ""],
        "supporting_units": ["", "กฟฟ.ชบ."],
    }
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "หน่วยงานหลัก</strong>: (ว่าง) → กอภ.(ก2)" in html
    assert "หน่วยงานสนับสนุน</strong>: (ว่าง) → กฟฟ.ชบ." in html
