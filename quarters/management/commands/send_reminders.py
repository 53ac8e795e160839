"""python manage.py send_reminders --days-before 3: the deadline digest, for cron (daily)."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from quarters.reminders import deadline_digest


class Command(BaseCommand):
    help = "E-mail reporters whose results fall due in N days and are not yet submitted."

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=3)
        parser.add_argument("--today", help="YYYY-MM-DD (default: today); for re-running a missed day")

    def handle(self, *args, days_before, today, **options):
        day = date.fromisoformat(today) if today else timezone.localdate()
        sent = deadline_digest(today=day, days_before=days_before)
        self.stdout.write(f"reminders sent: {sent.emails} e-mails to reporters of {sent.units} units")
