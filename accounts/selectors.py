"""Reads of accounts: the usage statistics head office watches."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from kpiplan.lib.periods import PlanYear
from plans import access
from plans.models import Unit, User

from .models import ActivationCode, CodeUse, SignIn


@dataclass
class Usage:
    year: int
    active_by_quarter: list[int]
    active_in_year: int
    users: int
    never_signed_in_units: list[Unit]
    codes_issued: int
    codes_used: int
    registrations: int


def usage_stats(*, year: int, viewer: User) -> Usage:
    """Active users per quarter of the (calendar) year, units with nobody ever signed in, codes issued vs used."""
    plan_year = PlanYear(year)
    units = access.units_visible_to(viewer)
    quarters = plan_year.quarters()
    counts = SignIn.objects.filter(user__unit__in=units).aggregate(
        year=Count(
            "user", distinct=True, filter=Q(at__date__gte=plan_year.start, at__date__lte=plan_year.end)
        ),
        **{
            f"q{q.number}": Count("user", distinct=True, filter=Q(at__date__gte=q.start, at__date__lte=q.end))
            for q in quarters
        },
    )
    signed_in_units = SignIn.objects.filter(user__unit__in=units).values("user__unit")
    never = list(
        units.filter(kind__in=["office", "sub_office", "division"])
        .exclude(pk__in=signed_in_units)
        .order_by("code")
    )
    codes = ActivationCode.objects.filter(
        unit__in=units, issued_at__date__gte=plan_year.start, issued_at__date__lte=plan_year.end
    ).aggregate(issued=Count("pk"), used=Count("pk", filter=Q(uses__gt=0)))
    registrations = CodeUse.objects.filter(
        code__unit__in=units, at__date__gte=plan_year.start, at__date__lte=plan_year.end
    ).count()
    return Usage(
        year,
        [counts[f"q{n}"] for n in range(1, 5)],
        counts["year"],
        User.objects.filter(unit__in=units, is_active=True).count(),
        never,
        codes["issued"],
        codes["used"],
        registrations,
    )
