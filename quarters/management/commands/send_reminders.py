"""python manage.py send_reminders --days-before 3: the deadline digest, for cron (daily)."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from plans.notify import send_digests
from quarters.closing import auto_close
from quarters.reminders import deadline_digest, escalate_overdue, remind_queues


class Command(BaseCommand):
    help = (
        "Reporters before the deadline, approvers and reviewers about their queues, units' heads after the "
        "deadline (once each), quarters closed N days after their deadline, then the daily digests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=3)
        parser.add_argument("--today", help="YYYY-MM-DD (default: today); for re-running a missed day")

    def handle(self, *args, days_before, today, **options):
        day = date.fromisoformat(today) if today else timezone.localdate()
        now = timezone.now()
        sent = deadline_digest(today=day, days_before=days_before)
        self.stdout.write(f"reminders sent: {sent.emails} e-mails to reporters of {sent.units} units")
        queues = remind_queues(today=day, now=now)
        self.stdout.write(f"waiting queues: {queues.emails} people told")
        escalated = escalate_overdue(today=day, now=now)
        self.stdout.write(
            f"escalated: {escalated.emails} people of {escalated.units} units past the deadline"
        )
        closed = auto_close(today=day, now=now)
        self.stdout.write(
            f"closed: {len(closed.quarters)} quarters; exceptions ended: {closed.exceptions_ended}"
        )
        self.stdout.write(f"digests: {send_digests(now=now)} e-mails")
