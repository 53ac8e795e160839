"""Reads: VOC a user may see, the quarterly summary, the channel x category pivot, satisfaction by office."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd
from django.db.models import Count, Q, QuerySet

from plans import access
from plans.goals import unit_goals
from plans.models import Plan, Target, Unit, User

from .measures import survey_tallies
from .models import Category, Channel, JobType, SmsSurveyJob, SurveyResponse, VocRecord

# The job types of the phone survey (3.3.2), in the order the plan lists them. What each office owes is not
# here: it is the office class's own value of the plan's 3.3.2 targets (plans.goals), e.g. 12 a year, i.e. 3 a
# quarter, for new service.
PHONE_JOBS = (JobType.NEW_SERVICE, JobType.LV_EXTENSION, JobType.TRANSFORMER)


@dataclass
class PhoneQuotas:
    """What the plan asks of the phone survey by the end of Qn: per office (its class's value of the target
    bound to ``voc.phone_surveys_<job>``, taken pro rata) and for the region (the target's own value)."""

    per_unit: dict[tuple[int, str], Decimal]
    region: dict[str, Decimal | None]


def phone_quotas(units: list[Unit], day: date, quarters: int) -> PhoneQuotas:
    region_ids = {u.region_id for u in units if u.region_id}
    plans = [p for p in Plan.objects.filter(owner_id__in=region_ids) if day in p.plan_year.span]
    targets = list(
        Target.objects.filter(
            activity__workplan__objective__perspective__plan__in=plans,
            measure_key__in=[f"voc.phone_surveys_{job}" for job in PHONE_JOBS],
        ).order_by("pk")
    )
    goals = unit_goals(targets, units)
    quotas = PhoneQuotas({}, {})
    for target in targets:
        job = target.measure_key.removeprefix("voc.phone_surveys_")
        quotas.region.setdefault(job, target.value)
        for unit in units:
            own = goals.by_target.get(target.pk, {}).get(unit.pk)
            if own is not None:
                quotas.per_unit[(unit.pk, job)] = target.expected_by(quarters, own)
    return quotas


def voc_visible_to(user: User) -> QuerySet[VocRecord]:
    return VocRecord.objects.filter(unit__in=access.units_visible_to(user))


def surveys_visible_to(user: User) -> QuerySet[SurveyResponse]:
    return SurveyResponse.objects.filter(unit__in=access.units_visible_to(user))


def sms_jobs_visible_to(user: User) -> QuerySet[SmsSurveyJob]:
    return SmsSurveyJob.objects.filter(unit__in=access.units_visible_to(user))


def pivot(records: QuerySet[VocRecord]) -> pd.DataFrame:
    """Channel x category counts (pandas), with totals; every channel and category shown, zeros included."""
    rows = list(records.values("channel__name_th", "category").annotate(n=Count("pk")).order_by())
    channels = list(Channel.objects.values_list("name_th", flat=True))
    categories = [str(label) for _v, label in Category.choices]
    labels = dict(Category.choices)
    frame = pd.DataFrame(
        [
            {"channel": r["channel__name_th"], "category": str(labels[r["category"]]), "n": r["n"]}
            for r in rows
        ],
        columns=["channel", "category", "n"],
    )
    table = frame.pivot_table(index="channel", columns="category", values="n", aggfunc="sum", fill_value=0)
    table = table.reindex(index=channels, columns=categories, fill_value=0).fillna(0).astype(int)
    table["รวม"] = table.sum(axis=1)
    table.loc["รวม"] = table.sum(axis=0)
    return table


@dataclass
class UnitVoc:
    unit: Unit
    total: int
    logged: int
    by_category: dict[str, int]


def quarterly_summary(units: list[Unit], start: date, end: date) -> list[UnitVoc]:
    rows = (
        VocRecord.objects.filter(unit__in=units, date__gte=start, date__lte=end)
        .values("unit_id", "category")
        .annotate(n=Count("pk"), logged=Count("pk", filter=Q(significant=True) | Q(resolved=False)))
        .order_by()
    )
    data: dict[int, UnitVoc] = {}
    by_id = {u.pk: u for u in units}
    for r in rows:
        line = data.setdefault(r["unit_id"], UnitVoc(by_id[r["unit_id"]], 0, 0, {}))
        line.total += r["n"]
        line.logged += r["logged"]
        line.by_category[r["category"]] = line.by_category.get(r["category"], 0) + r["n"]
    return sorted(data.values(), key=lambda line: line.unit.code)


@dataclass
class OfficeSatisfaction:
    unit: Unit
    phone: dict[str, int]  # job type -> surveys counted toward this office
    short: dict[str, int]  # job type -> surveys still owed against the quota
    averages: dict[str, Decimal | None]  # method group -> mean on the 5-point scale
    responses: dict[str, int]


def satisfaction_by_office(
    units: list[Unit], start: date, end: date, quarters: int
) -> list[OfficeSatisfaction]:
    tallies = survey_tallies([u.pk for u in units], start, end)
    quotas = phone_quotas(units, end, quarters)
    lines = []
    for unit in units:
        mine = [(m, j, r) for (u, m, j), r in tallies.items() if u == unit.pk]
        if not mine and unit.kind != "office":
            continue
        phone = {job: sum(r["n"] for m, j, r in mine if m == "phone" and j == job) for job in PHONE_JOBS}
        short = {
            job: max(0, math.ceil(quotas.per_unit.get((unit.pk, job), 0) - phone[job])) for job in PHONE_JOBS
        }
        averages, responses = {}, {}
        for group, methods in (
            ("sms", ("sms",)),
            ("phone", ("phone",)),
            ("smilebox", ("smile_box", "touch_screen")),
        ):
            rows = [r for m, _j, r in mine if m in methods]
            n = sum(r["n"] for r in rows)
            responses[group] = n
            averages[group] = (
                (sum((r["total"] for r in rows), Decimal(0)) / n).quantize(Decimal("0.01")) if n else None
            )
        lines.append(OfficeSatisfaction(unit, phone, short, averages, responses))
    return lines
