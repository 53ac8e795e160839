"""Demo content for `make run`: the seed plan, one user per role, and what every app adds (plans/demo.py)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from plans.demo import DemoWorld, demo_loaders
from plans.models import Plan, Unit, User
from quarters.models import Result

DEMO_PASSWORD = "kpiplan-demo-2564"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    unit: str
    name: str
    superuser: bool = False  # the admin login also opens Django's admin site


DEMO_LOGINS = [
    DemoLogin("reporter", User.Role.REPORTER, "กฟฟ.ชบ.", "สมชาย ผู้รายงาน"),
    DemoLogin("approver", User.Role.APPROVER, "กฟฟ.ชบ.", "สมศรี ผู้จัดการ"),
    DemoLogin("unitadmin", User.Role.UNIT_ADMIN, "กฟฟ.ชบ.", "สมหมาย ผู้ดูแลหน่วยงาน"),
    DemoLogin("reporter2", User.Role.REPORTER, "กฟฟ.มดพ.", "มานะ ผู้รายงาน"),
    DemoLogin("reviewer", User.Role.REVIEWER, "กบล.(ก2)", "วิภา ผู้ตรวจสอบ กบล."),
    DemoLogin("headoffice", User.Role.HEAD_OFFICE, "ฝอภ.(ก3)", "ประเสริฐ สำนักงานใหญ่"),
    DemoLogin("admin", User.Role.ADMIN, "กฟภ.", "ผู้ดูแลระบบ", superuser=True),
]


@transaction.atomic
def demo_data_load() -> list[DemoLogin]:
    if not Plan.objects.filter(year=2564, owner__code="กฟก.2").exists():
        call_command("load_seed_plan", verbosity=0)
    for login in DEMO_LOGINS:
        user, _created = User.objects.get_or_create(username=login.username)
        user.unit = Unit.objects.get(code=login.unit)
        user.role = login.role
        user.first_name = login.name
        user.email = f"{login.username}@kpiplan.local"
        user.is_staff = user.is_superuser = login.superuser
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
    _demo_records()
    return DEMO_LOGINS


def _demo_records() -> None:
    """A little of everything, once (while no result has been entered): each app's loader, in app order."""
    if Result.objects.filter(is_historical=False).exists():
        return
    plan = Plan.objects.get(year=2564, owner__code="กฟก.2")
    world = DemoWorld(
        plan=plan,
        offices=list(Unit.objects.filter(region=plan.owner, kind="office").order_by("code")),
        users={login.username: User.objects.get(username=login.username) for login in DEMO_LOGINS},
        now=timezone.now(),
    )
    for name, load in demo_loaders().items():
        load(world, random.Random(f"demo-2564-{name}"))
