"""The home page as a worklist (quarters/worklists.py): per role what needs action, each count a link to the page
that lists exactly those items. State is built through the services the quarter form and the review page call."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from quarters import services, worklists
from quarters.models import Result
from quarters.validation import RowValues

from .conftest import target_of

S = Result.Status


def save(user, plan, unit, quarter, target, *, submit=False, **values):
    """What the quarter form does for one row: save it (and submit it)."""
    services.results_save_and_submit(
        plan=plan,
        unit=unit,
        quarter=quarter,
        rows=[services.RowSave(target, RowValues(**values).normalised(target), None, True)],
        user=user,
        now=timezone.now(),
        submit=submit,
    )
    return Result.objects.get(target=target, unit=unit, quarter=quarter)


def act(result, action, user, reason=""):
    services.results_transition(results=[result], action=action, user=user, reason=reason, now=timezone.now())


def links(html: str) -> dict[tuple[str, str], tuple[int, str]]:
    """(quarter, kind) -> (count, url) of the worklist's links."""
    found = {}
    for table_row in re.findall(r'<tr data-quarter="(\d)">(.*?)</tr>', html, re.S):
        quarter, cells = table_row
        for url, kind, count in re.findall(r'<a href="([^"]+)" data-work="(\w+)">(\d+)</a>', cells):
            found[(quarter, kind)] = (int(count), url.replace("&amp;", "&"))
    for url, kind, quarter, count in re.findall(
        r'<a href="([^"]+)" data-work="(\w+)" data-quarter="(\d)">[^:]*: (\d+)', html
    ):
        found[(quarter, kind)] = (int(count), url.replace("&amp;", "&"))
    return found


def shown_rows(client, url) -> int:
    """How many items the linked page lists: quarter-form rows not hidden, review lines, matrix unit lines."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    if "/review/" in url:
        return len(re.findall(r'<input type="checkbox" name="result"', html))
    if "/matrix/" in url:
        return int(re.search(r'data-units-shown="(\d+)"', html).group(1))
    rows = re.findall(r'<article class="card result-row[^"]*"[^>]*>', html)
    return sum(1 for r in rows if " hidden" not in r)


@pytest.fixture
def reporter_world(seed_plan, office, branch_user, branch_approver):
    """กฟฟ.ชบ. in Q1-4/2564: 1.1 saved as a draft, 1.2 (DMSx) submitted and returned by the approver, 5.3
    (Mobile Shop) submitted and waiting for the approver."""
    save(branch_user, seed_plan, office, 4, target_of("1.1"), value=Decimal(4))
    dmsx = save(
        branch_user,
        seed_plan,
        office,
        4,
        target_of("1.2"),
        numerator=Decimal(95),
        denominator=Decimal(100),
        submit=True,
    )
    act(dmsx, "return", branch_approver, "ยอด SAP ไม่ตรงกับระบบ")
    save(branch_user, seed_plan, office, 4, target_of("5.3"), value=Decimal(36000), submit=True)
    return seed_plan


def test_it_shows_a_reporter_what_to_fill_finish_and_correct(client, reporter_world, branch_user):
    client.force_login(branch_user)
    html = client.get(reverse("home")).content.decode()
    found = links(html)
    # Hand count: one draft (1.1), one returned (1.2), and of the office's targets every one but these two and
    # the submitted 5.3 still has nothing saved.
    assert found[("4", "drafts")][0] == 1
    assert found[("4", "returned")][0] == 1
    total = shown_rows(client, reverse("quarters:entry", args=[reporter_world.pk, branch_user.unit_id, 4]))
    assert found[("4", "to_fill")][0] == total - 3
    assert "ยอด SAP ไม่ตรงกับระบบ" in html  # the reason, on the home page
    # The plan year 2564 is over (today is after it): Q1-4 is late, and says so in days.
    assert "วันแล้ว" in html or "เลยกำหนด" in html


def test_a_reporters_counts_match_the_rows_their_links_show(client, reporter_world, branch_user):
    client.force_login(branch_user)
    found = links(client.get(reverse("home")).content.decode())
    assert {kind for _q, kind in found} == {"to_fill", "drafts", "returned"}
    for (_quarter, _kind), (count, url) in found.items():
        assert shown_rows(client, url) == count, url


def test_an_approvers_counts_per_quarter_match_the_review_page(
    client, seed_plan, office, branch_user, branch_approver
):
    # Hand count: two results submitted for Q1-4, one for Q1; none approved yet.
    save(branch_user, seed_plan, office, 4, target_of("1.1"), value=Decimal(4), submit=True)
    save(branch_user, seed_plan, office, 4, target_of("5.3"), value=Decimal(36000), submit=True)
    save(branch_user, seed_plan, office, 1, target_of("1.1"), value=Decimal(1), submit=True)
    client.force_login(branch_approver)
    found = links(client.get(reverse("home")).content.decode())
    waiting = {q: c for (q, kind), (c, _url) in found.items() if kind == "waiting"}
    assert waiting == {"1": 1, "2": 0, "3": 0, "4": 2}
    for (_q, kind), (count, url) in found.items():
        if kind == "waiting":
            assert shown_rows(client, url) == count, url


def test_a_reviewers_counts_match_the_matrix_and_the_review_page(
    client, reporter_world, region_reviewer, branch_user, branch_approver, office
):
    # Q1: the office sends everything the service lets through with one result approved -> waiting 1.
    r = save(branch_user, reporter_world, office, 1, target_of("1.1"), value=Decimal(1), submit=True)
    act(r, "approve", branch_approver)
    client.force_login(region_reviewer)
    found = links(client.get(reverse("home")).content.decode())
    kinds = {kind for _q, kind in found}
    # The division consolidates targets of its own too: its quarter form's list comes first.
    assert kinds == {"not_reported", "overdue", "waiting", "to_fill", "drafts", "returned"}
    # Hand count: Q1-4 waits for 5.3 (submitted); Q1 for 1.1 (approved). 1.2 went back to the office.
    assert found[("4", "waiting")][0] == 1
    assert found[("1", "waiting")][0] == 1
    for (_q, _kind), (count, url) in found.items():
        assert shown_rows(client, url) == count, url


def test_units_fall_overdue_the_day_after_their_deadline(seed_plan, region_reviewer):
    """The KAM targets (CR2 1.x) are due 5 days after the quarter, the others 10 or 20: on 5 April 2564 no unit is
    late with Q1; on 6 April every unit that has a KAM target and has sent nothing is."""
    before = worklists.worklist_for(region_reviewer, date(2021, 4, 5), plan=seed_plan).region.quarters[0]
    after = worklists.worklist_for(region_reviewer, date(2021, 4, 6), plan=seed_plan).region.quarters[0]
    assert before.quarter.number == after.quarter.number == 1
    assert before.overdue.count == 0
    assert before.not_reported.count > 0  # nothing sent yet by anyone
    kam = {t.pk for t in seed_plan_targets(seed_plan) if t.report_days == 5}
    assert kam
    scope = worklists.grids.scope_for(seed_plan)
    with_kam = {u for t in scope.targets if t.pk in kam for u in scope.expected(t, 1)}
    assert after.overdue.count == len(with_kam)


def seed_plan_targets(plan):
    from plans.selectors import targets_with_assignments

    return list(targets_with_assignments(plan))


def test_the_days_to_the_deadline_count_down(seed_plan, branch_user):
    """Q1 ends 31 March 2564; the office's targets are due 5 days later at the earliest (the KAM ones)."""
    line = worklists.worklist_for(branch_user, date(2021, 4, 1), plan=seed_plan).unit.quarters[0]
    assert (line.quarter.number, line.deadline, line.days_left) == (1, date(2021, 4, 5), 4)
    line = worklists.worklist_for(branch_user, date(2021, 4, 8), plan=seed_plan).unit.quarters[0]
    assert (line.days_left, line.days_late) == (-3, 3)


@pytest.mark.parametrize(
    ("role", "sections"),
    [
        ("reporter", {"unit"}),
        ("unit_admin", {"unit"}),
        ("approver", {"unit", "approver"}),
        ("reviewer", {"unit", "region"}),
        ("head_office", {"region"}),
        ("outside_reviewer", set()),
    ],
)
def test_each_role_sees_its_own_sections(client, users_by_role, role, sections):
    user = users_by_role[role]
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    shown = {
        name
        for name, marker in (
            ("unit", "worklist-unit"),
            ("approver", "worklist-approver"),
            ("region", "worklist-region"),
        )
        if marker in html
    }
    assert shown == sections


def test_the_home_page_takes_a_bounded_number_of_queries(
    client, reporter_world, region_reviewer, branch_user, branch_approver, query_budget
):
    for user in (branch_user, branch_approver, region_reviewer):
        client.force_login(user)
        with query_budget("home"):
            assert client.get(reverse("home")).status_code == 200


def test_a_bad_show_switch_is_a_400(client, seed_plan, branch_user):
    client.force_login(branch_user)
    url = reverse("quarters:entry", args=[seed_plan.pk, branch_user.unit_id, 1])
    assert client.get(url + "?show=everything").status_code == 400


def test_the_switch_hides_rows_but_keeps_them_in_the_form(client, reporter_world, branch_user):
    """A save from "only drafts" sends the hidden rows too, untouched: nothing else is rewritten."""
    client.force_login(branch_user)
    url = reverse("quarters:entry", args=[reporter_world.pk, branch_user.unit_id, 4]) + "?show=draft"
    html = client.get(url).content.decode()
    assert shown_rows(client, url) == 1
    assert html.count('class="card result-row') == len(re.findall(r"<article class=\"card result-row", html))
    returned = Result.objects.get(unit=branch_user.unit, quarter=4, target=target_of("1.2"))
    from tests.helpers import form_fields

    fields = form_fields(html)
    fields["action"] = "save"
    assert client.post(url, fields).status_code == 302
    again = Result.objects.get(pk=returned.pk)
    assert (again.version, again.status) == (returned.version, S.RETURNED)
