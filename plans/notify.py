"""Notifications: in-app for everyone, and by e-mail at once or in a daily digest as each person chose.

Every app that tells a person something (a comment, a returned result, an answered inquiry, a reminder) calls
``notify``; ``send_digests`` (from ``send_reminders``) e-mails what waited for the digest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction

from .models import Notification, NotificationPreference, User

MAX_SUBJECT = 200


def _absolute(link: str) -> str:
    return settings.SITE_URL.rstrip("/") + link if link.startswith("/") else link


def _digest_users(user_ids: Iterable[int]) -> set[int]:
    return set(
        NotificationPreference.objects.filter(
            user_id__in=list(user_ids), mode=NotificationPreference.Mode.DIGEST
        ).values_list("user_id", flat=True)
    )


def notify(
    *,
    users: Iterable[User],
    subject: str,
    body: str = "",
    link: str = "",
    now: datetime,
    key: str = "",
    email: bool = True,
) -> list[Notification]:
    """Tell each person (once per ``key`` when given); e-mail those who want each event and have an address.
    Returns the notifications made (none for a person already told under the same key)."""
    people = {u.pk: u for u in users if u is not None and u.is_active}
    if not people:
        return []
    if key:
        told = set(Notification.objects.filter(key=key, user_id__in=people).values_list("user_id", flat=True))
        people = {pk: u for pk, u in people.items() if pk not in told}
    digest = _digest_users(people) if email else set()
    made, send_now = [], set()
    for person in people.values():
        at_once = email and bool(person.email) and person.pk not in digest
        # Empty while the digest still owes it; "now" when it goes at once or needs no e-mail of its own.
        emailed = None if email and person.pk in digest else now
        if at_once:
            send_now.add(person.pk)
        note = Notification(
            user=person,
            subject=subject[:MAX_SUBJECT],
            body=body,
            link=link,
            key=key,
            created_at=now,
            emailed_at=emailed,
        )
        try:
            with transaction.atomic():
                note.save()
        except IntegrityError:  # told meanwhile under the same key
            continue
        made.append(note)
    messages = [
        mail.EmailMessage(
            f"[kpiplan] {n.subject}",
            n.body + (f"\n\n{_absolute(n.link)}" if n.link else ""),
            settings.DEFAULT_FROM_EMAIL,
            [people[n.user_id].email],
        )
        for n in made
        if n.user_id in send_now
    ]
    if messages:
        transaction.on_commit(lambda: mail.mailers.default.send_messages(messages))
    return made


def notify_many(
    notes: Iterable[tuple[Iterable[User], str, str, str]], *, now: datetime
) -> list[Notification]:
    """In-app notices only (no e-mail, no key), one per person of each (users, subject, body, link): a bulk
    step tells each result's people with one INSERT."""
    made = [
        Notification(
            user=person, subject=subject[:MAX_SUBJECT], body=body, link=link, created_at=now, emailed_at=now
        )
        for users, subject, body, link in notes
        for person in users
        if person is not None and person.is_active
    ]
    return Notification.objects.bulk_create(made)


def send_digests(*, now: datetime) -> int:
    """One e-mail per person who chose the digest, listing what was not yet e-mailed; returns how many."""
    waiting = list(
        Notification.objects.filter(emailed_at__isnull=True)
        .exclude(user__email="")
        .filter(user__is_active=True)
        .select_related("user")
        .order_by("user_id", "created_at", "pk")
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for note in waiting:
        by_user[note.user_id].append(note)
    messages = []
    for notes in by_user.values():
        lines = [f"- {n.subject}" + (f"\n  {_absolute(n.link)}" if n.link else "") for n in notes]
        messages.append(
            mail.EmailMessage(
                f"[kpiplan] สรุปการแจ้งเตือน {len(notes)} เรื่อง",
                "เรื่องที่รอท่านใน kpiplan:\n\n" + "\n".join(lines),
                settings.DEFAULT_FROM_EMAIL,
                [notes[0].user.email],
            )
        )
    Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(emailed_at=now)
    if messages:
        mail.mailers.default.send_messages(messages)
    return len(messages)
