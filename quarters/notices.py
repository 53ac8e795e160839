"""E-mails people get about their results: a result returned to them, with the reviewer's reason."""

from __future__ import annotations

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse

from plans import access
from plans.models import User

from .models import Result


def results_returned(results: list[Result], reason: str, by: User) -> int:
    """One e-mail per reporter of each unit whose results came back (and to whoever last edited them)."""
    by_unit: dict[int, list[Result]] = {}
    for result in results:
        by_unit.setdefault(result.unit_id, []).append(result)
    people = access.reporters_of(by_unit).exclude(email="")
    recipients: dict[int, set[str]] = {u: set() for u in by_unit}
    for person in people:
        recipients[person.unit_id].add(person.email)
    for result in results:
        if (
            result.updated_by_id
            and result.updated_by
            and result.updated_by.email
            and result.updated_by.pk != by.pk
        ):
            recipients[result.unit_id].add(result.updated_by.email)
    messages = []
    for unit_id, unit_results in by_unit.items():
        if not recipients[unit_id]:
            continue
        body = render_to_string(
            "quarters/email/returned.txt",
            {
                "results": unit_results,
                "reason": reason,
                "by": by,
                "links": {
                    r.pk: settings.SITE_URL.rstrip("/") + reverse("quarters:result", args=[r.pk])
                    for r in unit_results
                },
            },
        )
        subject = f"[kpiplan] ผลการดำเนินงานถูกส่งกลับให้แก้ไข ({len(unit_results)} รายการ)"
        messages.append(
            mail.EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, sorted(recipients[unit_id]))
        )
    if messages:
        mail.mailers.default.send_messages(messages)
    return len(messages)
