"""python manage.py loadtest_setup --users 100: a region of N offices, one reporter each, and reviewers.

For `make loadtest` only: run it against a scratch database (the Makefile makes one).
"""

import json
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from plans.models import Activity, Objective, Perspective, Plan, Target, Unit, UnitGroup, User, Workplan

PASSWORD = "Load-test-2564"


class Command(BaseCommand):
    help = "Create the load-test world (N offices with a reporter each, 20 count targets)."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=100)
        parser.add_argument("--targets", type=int, default=20)
        parser.add_argument("--output", default="var/loadtest-users.json")

    @transaction.atomic
    def handle(self, *args, users, targets, output, **options):
        region = Unit.objects.create(code="LT", name_th="เขตทดสอบโหลด", kind="region")
        region.region = region
        region.save()
        division = Unit.objects.create(
            code="LT-DIV", name_th="กองบริการลูกค้า", kind="division", parent=region, region=region
        )
        offices = Unit.objects.bulk_create(
            [
                Unit(
                    code=f"LT-{i:04d}",
                    name_th=f"กฟฟ.ทดสอบ {i}",
                    kind="office",
                    office_class=1,
                    parent=region,
                    region=region,
                )
                for i in range(users)
            ]
        )
        group = UnitGroup.objects.create(code="LT-G", name_th="กฟฟ.", region=region, kinds=["office"])
        plan = Plan.objects.create(owner=region, year=2590, title_th="แผนทดสอบโหลด")
        objective = Objective.objects.create(
            perspective=Perspective.objects.create(plan=plan, code="CUSTOMER"), code="CR1"
        )
        workplan = Workplan.objects.create(objective=objective, number=1, title_th="แผนงาน")
        activity = Activity.objects.create(
            workplan=workplan, number="1.1", sort_key="001.001", title_th="กิจกรรม"
        )
        activity.lead_groups.add(group)
        Target.objects.bulk_create(
            [
                Target(
                    activity=activity,
                    order=i,
                    label_th=f"เป้าหมาย {i}",
                    kind="count",
                    comparator="ge",
                    value=Decimal(1),
                    basis="level",
                    rollup="sum",
                )
                for i in range(1, targets + 1)
            ]
        )
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
