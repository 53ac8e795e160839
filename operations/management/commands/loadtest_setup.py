"""python manage.py loadtest_setup --users 100: a region of N offices, one reporter each, and reviewers.

For `make loadtest` only: run it against a scratch database (the Makefile makes one).
"""

import json

from django.core.management.base import BaseCommand
from django.db import transaction

from operations.synthetic import COUNTS, synthetic_region
from plans.models import User

PASSWORD = "Load-test-2564"


class Command(BaseCommand):
    help = "Create the load-test world (N offices with a reporter each, 20 count targets)."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=100)
        parser.add_argument("--targets", type=int, default=20)
        parser.add_argument("--output", default="var/loadtest-users.json")

    @transaction.atomic
    def handle(self, *args, users, targets, output, **options):
        world = synthetic_region("LT", users, targets, 2590, kinds=COUNTS, report_days=None)
        plan, division, offices = world.plan, world.division, world.offices
        people = []
        for office in offices:
            user = User(username=f"lt-{office.code}", unit=office, role=User.Role.REPORTER)
            user.set_password(PASSWORD)
            people.append(user)
        User.objects.bulk_create(people)
        for n in range(5):
            reviewer = User(username=f"lt-reviewer-{n}", unit=division, role=User.Role.REVIEWER)
            reviewer.set_password(PASSWORD)
            reviewer.save()
        data = {
            "plan": plan.pk,
            "password": PASSWORD,
            "reporters": [
                {"username": u.username, "unit": u.unit_id}
                for u in User.objects.filter(username__startswith="lt-LT-")
            ],
            "reviewers": [f"lt-reviewer-{n}" for n in range(5)],
        }
        with open(output, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        self.stdout.write(f"load-test world: {users} offices and reporters, {targets} targets -> {output}")
