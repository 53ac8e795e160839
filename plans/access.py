"""Who may see and do what. Every view and every object check goes through here.

Roles and their reach:
    reporter, approver, unit_admin   their own unit
    reviewer                         every unit of their region
    head_office, admin               everything
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Plan, Unit, User

Role = User.Role


def units_visible_to(user: User) -> QuerySet[Unit]:
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.sees_everything:
        return Unit.objects.all()
    if user.unit_id is None:
        return Unit.objects.none()
    if user.role == Role.REVIEWER:
        if user.unit.region_id is None:
            return Unit.objects.filter(pk=user.unit_id)
        return Unit.objects.filter(Q(region_id=user.unit.region_id) | Q(pk=user.unit_id))
    return Unit.objects.filter(pk=user.unit_id)


def can_see_unit(user: User, unit: Unit) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.sees_everything:
        return True
    if user.unit_id is None:
        return False
    if user.role == Role.REVIEWER:
        return unit.pk == user.unit_id or (
            user.unit.region_id is not None and unit.region_id == user.unit.region_id
        )
    return unit.pk == user.unit_id


def plans_visible_to(user: User) -> QuerySet[Plan]:
    """Head office sees every plan; everyone else the plans of their own region."""
    if not user.is_authenticated or not user.is_active:
        return Plan.objects.none()
    if user.sees_everything:
        return Plan.objects.all()
    if user.unit_id is None:
        return Plan.objects.none()
    region_id = user.unit.region_id or user.unit_id
    return Plan.objects.filter(Q(owner_id=region_id) | Q(owner_id=user.unit_id))


def can_manage_plans(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.sees_everything


def can_enter_results(user: User, unit: Unit) -> bool:
    """Reporters and approvers of the unit write its results; the region's reviewer writes the region's."""
    if not can_see_unit(user, unit):
        return False
    if user.role in {Role.REPORTER, Role.APPROVER, Role.UNIT_ADMIN}:
        return unit.pk == user.unit_id
    if user.role == Role.REVIEWER:
        # The division writes the consolidated (region) narrative and its own division's results.
        return unit.pk == user.unit_id or unit.pk == user.unit.region_id
    return False


def can_approve(user: User, unit: Unit) -> bool:
    return user.is_active and user.role == Role.APPROVER and user.unit_id == unit.pk


def can_review(user: User, unit: Unit) -> bool:
    """Accept or return a unit's results: the region's reviewer, or head office."""
    if not user.is_active:
        return False
    if user.sees_everything:
        return True
    return user.role == Role.REVIEWER and can_see_unit(user, unit)


def can_lock(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.sees_everything
