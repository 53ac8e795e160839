"""python manage.py demo_data: the seed plan, a demo user per role, and the logins printed."""

from django.core.management.base import BaseCommand

from operations.demo import DEMO_PASSWORD, demo_data_load


class Command(BaseCommand):
    help = "Load demo data and print the demo logins (idempotent)."

    def handle(self, *args, **options):
        logins = demo_data_load()
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD})"))
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.username.ljust(width)}  {login.role:<12} {login.unit}  {login.name}")
