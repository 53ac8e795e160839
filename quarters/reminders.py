"""Reminders: e-mail the reporters of units that have not reported, from a click or from cron."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse

from plans import access
from plans.models import Plan, Target, Unit, User
from plans.notify import notify

from . import selectors
from .grids import scope_for, units_not_reported
from .selectors import office_deadline, quarter_of


@dataclass
class Sent:
    units: int = 0
    emails: int = 0


def _reporters(unit_ids) -> dict[int, list[User]]:
    people: dict[int, list[User]] = defaultdict(list)
    for user in access.reporters_of(unit_ids).exclude(email=""):
        people[user.unit_id].append(user)
    return people


def _message(user: User, plan: Plan, quarter: int, targets: list[Target], unit: Unit) -> mail.EmailMessage:
    q = quarter_of(plan, quarter)
    link = settings.SITE_URL.rstrip("/") + reverse("quarters:entry", args=[plan.pk, unit.pk, quarter])
    lines = [(t, office_deadline(plan, t, quarter)) for t in targets]
    body = render_to_string(
        "quarters/email/reminder.txt",
        {"user": user, "plan": plan, "quarter": q, "unit": unit, "lines": lines, "link": link},
    )
    subject = f"[kpiplan] {unit.code} ยังไม่ได้รายงานผล ไตรมาส {q.cumulative_label} ({len(targets)} รายการ)"
    return mail.EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def remind_missing(
    *, plan: Plan, quarter: int, sender: User | None, today: date, only_targets: set[int] | None = None
) -> Sent:
    """E-mail every reporter of every unit with expected results not yet submitted for Q1..Qn."""
    scope = scope_for(plan)
    missing = units_not_reported(scope, quarter)
    if only_targets is not None:
        missing = {u: [t for t in ts if t.pk in only_targets] for u, ts in missing.items()}
        missing = {u: ts for u, ts in missing.items() if ts}
    units = {u.pk: u for u in scope.units}
    people = _reporters(missing)
    messages = [
        _message(user, plan, quarter, missing[unit_id], units[unit_id])
        for unit_id, users in people.items()
        for user in users
    ]
    if messages:
        mail.mailers.default.send_messages(messages)
    return Sent(units=len(people), emails=len(messages))


def deadline_digest(*, today: date, days_before: int) -> Sent:
    """For cron: reporters whose results fall due in ``days_before`` days and are not yet submitted."""
    due_day = today + timedelta(days=days_before)
    total = Sent()
    for plan in Plan.objects.select_related("owner"):
        for q in plan.plan_year.quarters():
            targets = {
                t.pk
                for t in Target.objects.filter(activity__workplan__objective__perspective__plan=plan)
                if office_deadline(plan, t, q.number) == due_day
            }
            if not targets:
                continue
            sent = remind_missing(plan=plan, quarter=q.number, sender=None, today=today, only_targets=targets)
            total.units += sent.units
            total.emails += sent.emails
    return total


def remind_queues(*, today: date, now) -> Sent:
    """Approvers, the region's reviewers and head office: what waits for their decision, per plan (the review
    queue the worklist counts). Once a day at most for each person and plan (the notification's key)."""
    total = Sent()
    deciders = access.deciders()
    for plan in Plan.objects.select_related("owner"):
        for person in deciders.select_related("unit"):
            if not access.can_see_review_queue(person):
                continue
            waiting = selectors.review_queue(person, plan).count()
            if not waiting:
                continue
            made = notify(
                users=[person],
                subject=f"มีผลการดำเนินงานรอท่านพิจารณา {waiting} รายการ ({plan.owner.code} {plan.year})",
                link=reverse("home"),
                now=now,
                key=f"queue:{plan.pk}:{today.isoformat()}",
            )
            total.emails += len(made)
    return total


def escalate_overdue(*, today: date, now) -> Sent:
    """After a quarter's deadline, the head of each unit that has still not reported (its approvers, by its
    chain) is told, once per plan, quarter and unit."""
    total = Sent()
    for plan in Plan.objects.select_related("owner"):
        scope = scope_for(plan)
        units = {u.pk: u for u in scope.units}
        for q in plan.plan_year.quarters():
            missing = units_not_reported(scope, q.number)
            for unit_id, targets in missing.items():
                overdue = [t for t in targets if (d := office_deadline(plan, t, q.number)) and d < today]
                if not overdue:
                    continue
                unit = units[unit_id]
                made = notify(
                    users=access.approvers_of(unit),
                    subject=f"{unit.code} ยังไม่ได้รายงานผล ไตรมาส {q.cumulative_label} เลยกำหนดแล้ว "
                    f"({len(overdue)} รายการ)",
                    link=reverse("quarters:entry", args=[plan.pk, unit.pk, q.number]),
                    now=now,
                    key=f"escalate:{plan.pk}:{q.number}:{unit.pk}",
                )
                if made:
                    total.units += 1
                    total.emails += len(made)
    return total
