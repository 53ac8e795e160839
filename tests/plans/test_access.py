"""Every predicate of ``plans.access`` against a table of roles (``users_by_role``): who may see and do what.

The people: reporter, approver, unit_admin of กฟฟ.ชบ. ("office"); other_reporter of กฟฟ.มดพ. (same region);
reviewer of กบล.(ก2) (the region's division); outside_reviewer of another region; head_office; admin.
"""

import inspect

import pytest

from plans import access
from plans.models import Unit, User

from ..conftest import make_user

pytestmark = pytest.mark.django_db
ROLES = [
    "reporter",
    "approver",
    "unit_admin",
    "other_reporter",
    "reviewer",
    "outside_reviewer",
    "head_office",
    "admin",
]


def expect(*allowed: str) -> list[tuple[str, bool]]:
    return [(role, role in allowed) for role in ROLES]


@pytest.fixture
def region(seed_plan) -> Unit:
    return seed_plan.owner


# --- questions about a unit of the region (กฟฟ.ชบ.) ---------------------------------------------------------

UNIT_QUESTIONS = {
    "can_see_unit": expect("reporter", "approver", "unit_admin", "reviewer", "head_office", "admin"),
    "can_enter_results": expect("reporter", "approver", "unit_admin"),
    "can_read_drafts": expect("reporter", "approver", "unit_admin", "head_office", "admin"),
    "can_approve": expect("approver"),
    "can_review": expect("reviewer", "head_office", "admin"),
    "can_reopen": expect("reviewer", "head_office", "admin"),
    "can_write_records": expect("reporter", "approver", "unit_admin", "reviewer", "head_office", "admin"),
    "can_manage_unit_users": expect("unit_admin", "head_office", "admin"),
}


@pytest.mark.parametrize(
    ("question", "role", "allowed"),
    [(q, role, allowed) for q, table in UNIT_QUESTIONS.items() for role, allowed in table],
)
def test_questions_about_an_office(users_by_role, office, question, role, allowed):
    assert getattr(access, question)(users_by_role[role], office) is allowed


@pytest.mark.parametrize(("role", "allowed"), expect("reviewer"))
def test_only_the_regions_reviewer_writes_its_consolidated_results(users_by_role, region, role, allowed):
    assert access.can_enter_results(users_by_role[role], region) is allowed


@pytest.mark.parametrize(
    ("role", "submitted", "allowed"),
    [
        ("approver", True, True),  # the unit's approver returns what was submitted to them
        ("approver", False, False),  # ... not what they already approved
        ("reviewer", False, True),
        ("reporter", True, False),
        ("outside_reviewer", False, False),
        ("head_office", False, True),
    ],
)
def test_who_returns_a_result(users_by_role, office, role, submitted, allowed):
    assert access.can_return(users_by_role[role], office, submitted=submitted) is allowed


# --- questions about the user alone ---------------------------------------------------------------------------

USER_QUESTIONS = {
    "sees_everything": expect("head_office", "admin"),
    "can_see_region": expect("reviewer", "outside_reviewer", "head_office", "admin"),
    "can_see_nation": expect("head_office", "admin"),
    "can_manage_plans": expect("head_office", "admin"),
    "can_lock": expect("head_office", "admin"),
    "can_see_review_queue": expect("approver", "reviewer", "outside_reviewer", "head_office", "admin"),
    "enters_results": expect(
        "reporter", "approver", "unit_admin", "other_reporter", "reviewer", "outside_reviewer"
    ),
    "is_unit_approver": expect("approver"),
    "starts_on_own_unit": expect("reporter", "approver", "unit_admin", "other_reporter"),
    "can_manage_users": expect("unit_admin", "head_office", "admin"),
    "can_top_up_quota": expect("reviewer", "outside_reviewer", "head_office", "admin"),
    "can_see_all_tokens": expect("admin"),
}


@pytest.mark.parametrize(
    ("question", "role", "allowed"),
    [(q, role, allowed) for q, table in USER_QUESTIONS.items() for role, allowed in table],
)
def test_questions_about_the_user(users_by_role, question, role, allowed):
    assert getattr(access, question)(users_by_role[role]) is allowed


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("reporter", {"กฟฟ.ชบ."}),
        ("other_reporter", {"กฟฟ.มดพ."}),
        ("outside_reviewer", {"กบล.(ก3)", "กฟก.3", "กฟฟ.นม."}),
    ],
)
def test_units_and_plans_visible(users_by_role, seed_plan, role, visible):
    user = users_by_role[role]
    assert set(access.units_visible_to(user).values_list("code", flat=True)) == visible
    assert access.plans_visible_to(user).filter(pk=seed_plan.pk).exists() is (role != "outside_reviewer")


def test_the_reviewer_sees_the_whole_region_and_head_office_everything(users_by_role, seed_plan):
    region_units = set(Unit.objects.filter(region_id=seed_plan.owner_id).values_list("pk", flat=True))
    assert (
        set(access.units_visible_to(users_by_role["reviewer"]).values_list("pk", flat=True)) >= region_units
    )
    assert access.units_visible_to(users_by_role["head_office"]).count() == Unit.objects.count()


def test_an_inactive_user_may_nothing(users_by_role, office):
    person = users_by_role["head_office"]
    person.is_active = False
    assert not access.can_see_unit(person, office)
    assert not access.can_see_region(person)
    assert not access.units_visible_to(person).exists()
    assert access.grantable_roles(person) == ()


# --- people: roles granted, people deactivated, tokens ---------------------------------------------------------

GRANTS = {
    "reporter": (),
    "approver": (),
    "unit_admin": ("reporter", "approver"),
    "reviewer": (),
    "head_office": ("reporter", "approver", "unit_admin"),
    "admin": ("reporter", "approver", "unit_admin", "reviewer", "head_office"),
}


@pytest.mark.parametrize(("role", "roles"), GRANTS.items())
def test_grantable_roles(users_by_role, office, role, roles):
    user = users_by_role[role]
    assert tuple(access.grantable_roles(user)) == roles
    for each in User.Role.values:
        assert access.can_grant_role(user, each, office) is (each in roles)


def test_a_unit_admin_grants_only_in_their_own_unit(users_by_role):
    other = Unit.objects.get(code="กฟฟ.มดพ.")
    assert not access.can_grant_role(users_by_role["unit_admin"], "reporter", other)


@pytest.mark.parametrize(
    ("who", "whom", "allowed"),
    [
        ("unit_admin", "reporter", True),
        ("unit_admin", "approver", True),
        ("unit_admin", "unit_admin", False),  # themselves
        ("unit_admin", "other_reporter", False),  # another unit
        ("head_office", "unit_admin", True),
        ("head_office", "reviewer", False),
        ("head_office", "admin", False),
        ("head_office", "head_office", False),
        ("admin", "head_office", True),
        ("admin", "admin", False),
        ("reviewer", "reporter", False),
    ],
)
def test_who_deactivates_whom(users_by_role, who, whom, allowed):
    assert access.can_deactivate(users_by_role[who], users_by_role[whom]) is allowed


def test_nobody_but_the_admin_site_deactivates_a_superuser(users_by_role, office):
    root = make_user("root", office.code, "reporter", is_superuser=True)
    assert not any(access.can_deactivate(users_by_role[r], root) for r in ROLES)


@pytest.mark.parametrize(("role", "allowed"), expect(*ROLES))
def test_tokens_come_only_from_a_session(users_by_role, role, allowed):
    assert access.can_issue_token(users_by_role[role], signed_in=True) is allowed
    assert access.can_issue_token(users_by_role[role], signed_in=False) is False


def test_tokens_are_revoked_by_their_owner_or_an_admin(users_by_role):
    owner = users_by_role["reporter"]
    assert access.can_revoke_token(owner, owner.pk)
    assert access.can_revoke_token(users_by_role["admin"], owner.pk)
    assert not access.can_revoke_token(users_by_role["head_office"], owner.pk)


def test_separation_of_duties_needs_a_second_person(users_by_role, office):
    approver = users_by_role["approver"]
    assert not access.needs_second_person(approver, acted={approver.pk}, others=access.approvers_of(office))
    make_user("second", office.code, "approver")
    assert access.needs_second_person(approver, acted={approver.pk}, others=access.approvers_of(office))
    assert not access.needs_second_person(approver, acted=set(), others=access.approvers_of(office))


@pytest.mark.parametrize(
    ("role", "codes"),
    [
        ("reporter", {"กฟฟ.ชบ."}),
        ("unit_admin", {"กฟฟ.ชบ."}),
        ("reviewer", {"กบล.(ก2)", "กฟก.2"}),  # the division and the region it consolidates
        ("outside_reviewer", {"กบล.(ก3)", "กฟก.3"}),
    ],
)
def test_whose_drafts_a_user_reads(users_by_role, role, codes):
    ids = access.draft_readable_unit_ids(users_by_role[role])
    assert set(Unit.objects.filter(pk__in=ids).values_list("code", flat=True)) == codes
    assert access.draft_readable_unit_ids(users_by_role["head_office"]) is None  # all


@pytest.mark.parametrize(
    ("role", "writes_for_the_region"),
    [("reporter", False), ("unit_admin", False), ("reviewer", True), ("head_office", True)],
)
def test_whose_records_a_user_writes(users_by_role, seed_plan, role, writes_for_the_region):
    codes = set(access.record_units_for(users_by_role[role]).values_list("code", flat=True))
    assert "กฟฟ.ชบ." in codes
    assert ("กฟฟ.มดพ." in codes) is writes_for_the_region


@pytest.mark.parametrize(("role", "count"), [("unit_admin", 1), ("reporter", 0), ("reviewer", 0)])
def test_which_units_a_user_manages(users_by_role, role, count):
    assert access.units_managed_by(users_by_role[role]).count() == count
    assert access.units_managed_by(users_by_role["head_office"]).count() == Unit.objects.count()


def test_who_approves_accepts_signs_and_is_reminded(users_by_role, office):
    usernames = lambda qs: set(qs.values_list("username", flat=True))  # noqa: E731
    assert usernames(access.approvers_of(office)) == {"branch_approver"}
    assert usernames(access.reviewers_of(office)) == {"region_reviewer", "hq_user", "admin_user"}
    assert usernames(access.signers_of(office)) == {"branch_approver"}
    assert usernames(access.reporters_of([office.pk])) == {"branch_user"}
    # the queue reminders' people: approvers, reviewers (of any region) and head office, not admins
    assert usernames(access.deciders()) == {
        "branch_approver",
        "region_reviewer",
        "outside_reviewer",
        "hq_user",
    }


def test_every_predicate_of_the_access_module_is_in_this_table():
    tested = open(__file__, encoding="utf-8").read()
    public = [
        name
        for name, member in inspect.getmembers(access, inspect.isfunction)
        if member.__module__ == access.__name__ and not name.startswith("_")
    ]
    assert [name for name in public if name not in tested] == []


def test_approval_chains_by_kind_of_unit(users_by_role, office):
    sub_office = Unit.objects.get(code="กฟส.บบ.")  # under กฟฟ.ชบ., no approver of its own
    assert access.approval_steps(office) == ["unit_approver", "region"]
    assert access.approval_steps(sub_office) == ["region"]  # the default: straight to the region
    assert access.needs_approval(office) and not access.needs_approval(sub_office)
    assert access.units_approved_by(users_by_role["approver"]) == [office.pk]
    assert access.units_approved_by(users_by_role["reporter"]) == []
    # Every step of both has someone: the office's approver, the region's reviewer, head office.
    assert access.steps_nobody_takes([office, sub_office]) == {office.pk: set(), sub_office.pk: set()}


def test_who_a_mention_of_a_role_reaches(users_by_role, office):
    usernames = lambda role: set(access.people_in_role_for(office, role).values_list("username", flat=True))  # noqa: E731
    assert usernames("reporter") == {"branch_user"}
    assert usernames("approver") == {"branch_approver"}
    assert usernames("reviewer") == {"region_reviewer"}  # not the other region's
    assert usernames("head_office") == {"hq_user"}
    assert usernames("nobody") == set()
