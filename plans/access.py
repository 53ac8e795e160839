"""Who may see and do what: the one module that reads roles. Views, the API, templates (the ``may`` filters in
``plans/templatetags/access.py``), importers and services ask a named predicate here; nothing else compares
roles.

Roles and their reach:
    reporter, approver, unit_admin   their own unit
    reviewer                         every unit of their region
    head_office, admin               everything

Plain functions rather than django-rules: every question takes the objects it is about (a unit, a role, a
user to deactivate), several answer with a queryset (what a user may see), and Django's ``has_perm`` would go
through django-axes' authentication backend on every call. ``tests/plans/test_access.py`` checks each
predicate against a table of roles.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from .models import ApprovalChain, Plan, Unit, User
from .models.chains import APPROVAL_STEPS, PARENT_APPROVER, UNIT_APPROVER, default_steps

Role = User.Role

# Who may hand out which role (an activation code, or deactivating/reactivating its holder). Administrators
# (and superusers) are made with `manage.py add_user` or the admin site, never by a code.
GRANTABLE = {
    Role.UNIT_ADMIN: (Role.REPORTER, Role.APPROVER),
    Role.HEAD_OFFICE: (Role.REPORTER, Role.APPROVER, Role.UNIT_ADMIN),
    Role.ADMIN: (Role.REPORTER, Role.APPROVER, Role.UNIT_ADMIN, Role.REVIEWER, Role.HEAD_OFFICE),
}
# Roles that work for one unit: they enter its results and see nothing beyond it.
UNIT_ROLES = (Role.REPORTER, Role.APPROVER, Role.UNIT_ADMIN)


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def sees_everything(user: User) -> bool:
    """Head office and administrators: every region, every unit."""
    return _active(user) and (user.is_superuser or user.role in (Role.HEAD_OFFICE, Role.ADMIN))


def _is_reviewer(user: User) -> bool:
    return _active(user) and user.role == Role.REVIEWER


def _is_admin(user: User) -> bool:
    return _active(user) and (user.is_superuser or user.role == Role.ADMIN)


# --- what a user sees ----------------------------------------------------------------------------------------


def units_visible_to(user: User) -> QuerySet[Unit]:
    if not _active(user):
        return Unit.objects.none()
    if sees_everything(user):
        return Unit.objects.all()
    if user.unit_id is None:
        return Unit.objects.none()
    if _is_reviewer(user):
        if user.unit.region_id is None:
            return Unit.objects.filter(pk=user.unit_id)
        return Unit.objects.filter(Q(region_id=user.unit.region_id) | Q(pk=user.unit_id))
    if user.role == Role.APPROVER:
        # An approver also sees the units below their office whose chain falls back to them.
        return Unit.objects.filter(pk__in=[user.unit_id, *units_approved_by(user)])
    return Unit.objects.filter(pk=user.unit_id)


def can_see_unit(user: User, unit: Unit) -> bool:
    if not _active(user):
        return False
    if sees_everything(user):
        return True
    if user.unit_id is None:
        return False
    if _is_reviewer(user):
        return unit.pk == user.unit_id or (
            user.unit.region_id is not None and unit.region_id == user.unit.region_id
        )
    if user.role == Role.APPROVER and unit.parent_id == user.unit_id and unit.pk != user.unit_id:
        return can_approve(user, unit)
    return unit.pk == user.unit_id


def plans_visible_to(user: User) -> QuerySet[Plan]:
    """Head office sees every plan; everyone else the plans of their own region."""
    if not _active(user):
        return Plan.objects.none()
    if sees_everything(user):
        return Plan.objects.all()
    if user.unit_id is None:
        return Plan.objects.none()
    # the region of the user's unit as a subquery: reading user.unit would cost every page a query of its own
    region = Unit.objects.filter(pk=user.unit_id, region_id__isnull=False).values("region_id")
    return Plan.objects.filter(Q(owner_id__in=region) | Q(owner_id=user.unit_id))


def can_see_region(user: User) -> bool:
    """The region-wide pages: progress grid, matrix, consolidation, printed region reports, usage."""
    return sees_everything(user) or _is_reviewer(user)


def can_see_nation(user: User) -> bool:
    """Head office's pages across regions: completeness per region, activation codes, help inbox, FAQ."""
    return sees_everything(user)


def starts_on_own_unit(user: User) -> bool:
    """Unit staff open the plan tree on their own unit's part; the region and head office on the whole."""
    return _active(user) and user.unit_id is not None and not can_see_region(user)


# --- the plan ------------------------------------------------------------------------------------------------


def can_manage_plans(user: User) -> bool:
    return sees_everything(user)


# --- results -------------------------------------------------------------------------------------------------


def can_enter_results(user: User, unit: Unit) -> bool:
    """Reporters and approvers of the unit write its results; the region's reviewer writes the region's."""
    if not can_see_unit(user, unit):
        return False
    if user.role in UNIT_ROLES:
        return unit.pk == user.unit_id
    if _is_reviewer(user):
        # The division writes the consolidated (region) narrative and its own division's results.
        return unit.pk == user.unit_id or unit.pk == user.unit.region_id
    return False


def enters_results(user: User) -> bool:
    """The user has a unit whose results they write (home page and "my results")."""
    return _active(user) and user.unit_id is not None and (user.role in UNIT_ROLES or _is_reviewer(user))


def can_read_drafts(user: User, unit: Unit) -> bool:
    """A unit's drafts and returned results stay with the unit (and head office) until submitted: the one
    rule for the quarter form, its XLSX, evidence files, the result page and the API."""
    return sees_everything(user) or can_enter_results(user, unit)


def draft_readable_unit_ids(user: User) -> set[int] | None:
    """The units whose drafts the user reads; None for all."""
    if sees_everything(user):
        return None
    return {u.pk for u in units_visible_to(user) if can_enter_results(user, u)}


def approval_steps(unit: Unit) -> list[str]:
    """The steps of the unit's approval chain (its kind's chain, or the default): an optional approval step,
    then the region's acceptance."""
    chain = ApprovalChain.objects.filter(kind=unit.kind).first()
    return list(chain.steps) if chain else default_steps(unit.kind)


def needs_approval(unit: Unit) -> bool:
    """A submitted result of the unit waits for an approver before the region accepts it."""
    return any(step in APPROVAL_STEPS for step in approval_steps(unit))


def _approvers_in(unit_id: int | None) -> QuerySet[User]:
    if unit_id is None:
        return User.objects.none()
    return User.objects.filter(unit_id=unit_id, role=Role.APPROVER, is_active=True)


def approvers_of(unit: Unit) -> QuerySet[User]:
    """The people who approve the unit's submitted results, by its chain: its own approvers (a unit with none
    falls back to its parent office's), or its parent office's; nobody when the chain goes straight to the
    region."""
    steps = approval_steps(unit)
    if UNIT_APPROVER in steps:
        own = _approvers_in(unit.pk)
        if own.exists():
            return own
        return _approvers_in(unit.parent_id)
    if PARENT_APPROVER in steps:
        return _approvers_in(unit.parent_id)
    return User.objects.none()


def can_approve(user: User, unit: Unit) -> bool:
    if not (_active(user) and user.role == Role.APPROVER):
        return False
    return approvers_of(unit).filter(pk=user.pk).exists()


def units_approved_by(user: User) -> list[int]:
    """The units whose submitted results wait for this approver: their own, and the units below it that fall
    back to them (two queries: the chains, and the units with how many approvers each has)."""
    if not (_active(user) and user.role == Role.APPROVER and user.unit_id):
        return []
    chains = {chain.kind: list(chain.steps) for chain in ApprovalChain.objects.all()}
    units = Unit.objects.filter(Q(pk=user.unit_id) | Q(parent_id=user.unit_id)).annotate(
        approvers=Count("users", filter=Q(users__role=Role.APPROVER, users__is_active=True))
    )
    approved = []
    for unit in units:
        steps = chains.get(unit.kind) or default_steps(unit.kind)
        if unit.pk == user.unit_id:
            mine = UNIT_APPROVER in steps
        else:
            mine = PARENT_APPROVER in steps or (UNIT_APPROVER in steps and unit.approvers == 0)
        if mine:
            approved.append(unit.pk)
    return approved


def is_unit_approver(user: User) -> bool:
    """The review queue of an approver holds the submitted results of the units they approve."""
    return _active(user) and user.role == Role.APPROVER


def can_review(user: User, unit: Unit) -> bool:
    """Accept or return a unit's results, or let a cumulative figure fall: the region's reviewer, or head
    office."""
    if sees_everything(user):
        return True
    return _is_reviewer(user) and can_see_unit(user, unit)


def can_reopen(user: User, unit: Unit) -> bool:
    """Reopen an accepted result for correction (back to the unit as returned): the region's reviewer or head
    office; the one step they may take in a locked quarter."""
    return can_review(user, unit)


def can_return(user: User, unit: Unit, *, submitted: bool) -> bool:
    """The unit's approver returns what was submitted to them; the reviewer what reaches the region."""
    if submitted and can_approve(user, unit):
        return True
    return can_review(user, unit)


def can_see_review_queue(user: User) -> bool:
    return is_unit_approver(user) or can_see_region(user)


def reviewers_of(unit: Unit) -> QuerySet[User]:
    """The people who may accept the unit's results: its region's reviewers, head office, administrators."""
    region = Q(role=Role.REVIEWER) & (Q(unit__region_id=unit.region_id) | Q(unit_id=unit.pk))
    national = Q(role__in=[Role.HEAD_OFFICE, Role.ADMIN]) | Q(is_superuser=True)
    return User.objects.filter(is_active=True).filter((region if unit.region_id else Q(pk__in=[])) | national)


def steps_nobody_takes(units: Iterable[Unit]) -> dict[int, set[str]]:
    """Per unit, the workflow steps ("approve", "accept") that no active person can take by its chain: the
    approval step without approvers (nor a parent office's to fall back on), or the final step without a
    reviewer of its region and without head office. Four queries whatever the number of units."""
    units = list(units)
    chains = {chain.kind: list(chain.steps) for chain in ApprovalChain.objects.all()}
    ids = {u.pk for u in units} | {u.parent_id for u in units if u.parent_id}
    with_approvers = set(
        User.objects.filter(unit_id__in=ids, role=Role.APPROVER, is_active=True).values_list(
            "unit_id", flat=True
        )
    )
    reviewed_regions = set(
        User.objects.filter(role=Role.REVIEWER, is_active=True).values_list("unit__region_id", "unit_id")
    )
    regions = {region for region, _unit in reviewed_regions if region} | {
        unit for _r, unit in reviewed_regions
    }
    national = (
        User.objects.filter(is_active=True)
        .filter(Q(role__in=[Role.HEAD_OFFICE, Role.ADMIN]) | Q(is_superuser=True))
        .exists()
    )
    missing: dict[int, set[str]] = {}
    for unit in units:
        steps = chains.get(unit.kind) or default_steps(unit.kind)
        gaps = set()
        if UNIT_APPROVER in steps and unit.pk not in with_approvers and unit.parent_id not in with_approvers:
            gaps.add("approve")
        if PARENT_APPROVER in steps and unit.parent_id not in with_approvers:
            gaps.add("approve")
        if not national and not (unit.region_id in regions or unit.pk in regions):
            gaps.add("accept")
        missing[unit.pk] = gaps
    return missing


# Who a comment may mention by role (the word after "@"), for the result's unit.
MENTION_ROLES = {
    "ผู้รายงาน": "reporter",
    "ผู้อนุมัติ": "approver",
    "ผู้ตรวจสอบ": "reviewer",
    "สำนักงานใหญ่": "head_office",
}


def people_in_role_for(unit: Unit, role: str) -> QuerySet[User]:
    """The people a mention of a role reaches for a unit: its reporters, its approvers (by its chain), its
    region's reviewers, or head office."""
    if role == "reporter":
        return reporters_of([unit.pk])
    if role == "approver":
        return approvers_of(unit)
    if role == "reviewer":
        if unit.region_id is None:
            return User.objects.none()
        return User.objects.filter(is_active=True, role=Role.REVIEWER, unit__region_id=unit.region_id)
    if role == "head_office":
        return User.objects.filter(is_active=True, role=Role.HEAD_OFFICE)
    return User.objects.none()


def signers_of(unit: Unit) -> QuerySet[User]:
    """Who signs a unit's printed report: its approvers and reviewers."""
    return User.objects.filter(unit=unit, role__in=[Role.APPROVER, Role.REVIEWER], is_active=True)


def deciders() -> QuerySet[User]:
    """The people a review queue may wait for (approvers, the region's reviewers, head office): whom the daily
    queue reminders look at before asking ``can_see_review_queue`` of each."""
    return User.objects.filter(is_active=True, role__in=[Role.APPROVER, Role.REVIEWER, Role.HEAD_OFFICE])


def reporters_of(unit_ids: Iterable[int]) -> QuerySet[User]:
    """Who is reminded when a unit has not reported."""
    return User.objects.filter(unit_id__in=list(unit_ids), role=Role.REPORTER, is_active=True)


def needs_second_person(user: User, *, acted: Iterable[int | None], others: QuerySet[User]) -> bool:
    """Separation of duties: someone who already acted on a result (submitted or approved it) does not take
    the next step while another person who could take it exists."""
    if user.pk not in set(acted):
        return False
    return others.exclude(pk=user.pk).exists()


def can_lock(user: User) -> bool:
    return sees_everything(user)


# --- records (complaints, VOC, surveys, key accounts) --------------------------------------------------------


def can_write_records(user: User, unit: Unit) -> bool:
    """Staff of the unit, and the region's reviewers and head office, log and change its records."""
    return can_see_unit(user, unit) and (can_see_region(user) or user.unit_id == unit.pk)


def record_units_for(user: User) -> QuerySet[Unit]:
    """The units whose records the user writes (imports, forms' unit choices)."""
    units = units_visible_to(user)
    if not can_see_region(user):
        units = units.filter(pk=user.unit_id)
    return units


def can_top_up_quota(user: User) -> bool:
    """Only the region's reviewer (or head office) counts a survey toward another office's quota."""
    return can_see_region(user)


# --- people: codes, users, tokens ----------------------------------------------------------------------------


def grantable_roles(user: User) -> tuple[str, ...]:
    """The roles the user may hand out by activation code (and whose holders they may deactivate)."""
    if not _active(user):
        return ()
    if user.is_superuser:
        return GRANTABLE[Role.ADMIN]
    return GRANTABLE.get(user.role, ())


def can_manage_unit_users(user: User, unit: Unit) -> bool:
    """Head office manages everyone; a unit admin the users of their own unit."""
    return _manages_unit_id(user, unit.pk)


def _manages_unit_id(user: User, unit_id: int | None) -> bool:
    if sees_everything(user):
        return True
    return _active(user) and user.role == Role.UNIT_ADMIN and unit_id is not None and user.unit_id == unit_id


def units_managed_by(user: User) -> QuerySet[Unit]:
    if sees_everything(user):
        return Unit.objects.all()
    if _active(user) and user.role == Role.UNIT_ADMIN and user.unit_id:
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.none()


def can_manage_users(user: User) -> bool:
    """The "users of the unit" page."""
    return sees_everything(user) or (
        _active(user) and user.role == Role.UNIT_ADMIN and user.unit_id is not None
    )


def can_grant_role(user: User, role: str, unit: Unit) -> bool:
    return _manages_unit_id(user, unit.pk) and role in grantable_roles(user)


def can_deactivate(user: User, target: User) -> bool:
    """Deactivate (or reactivate) a person: never oneself, never a superuser, only a role one may grant, in a
    unit one manages."""
    if target.pk == user.pk or target.is_superuser:
        return False
    return _manages_unit_id(user, target.unit_id) and target.role in grantable_roles(user)


def can_see_all_tokens(user: User) -> bool:
    """Administrators see and revoke anyone's API tokens; everyone else their own."""
    return _is_admin(user)


def can_revoke_token(user: User, token_owner_id: int) -> bool:
    return _active(user) and (token_owner_id == user.pk or can_see_all_tokens(user))


def can_issue_token(user: User, *, signed_in: bool) -> bool:
    """Only a person signed in (a session) creates tokens: a token making tokens would outlive its own
    revocation."""
    return _active(user) and signed_in
