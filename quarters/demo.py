"""Demo content for `make run`: the seed plan, one user per role, and some results to look at."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.management import call_command
from django.db import transaction

from plans.models import Plan, Unit, User

DEMO_PASSWORD = "kpiplan-demo-2564"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    unit: str
    name: str


DEMO_LOGINS = [
    DemoLogin("reporter", User.Role.REPORTER, "กฟฟ.ชบ.", "สมชาย ผู้รายงาน"),
    DemoLogin("approver", User.Role.APPROVER, "กฟฟ.ชบ.", "สมศรี ผู้จัดการ"),
    DemoLogin("unitadmin", User.Role.UNIT_ADMIN, "กฟฟ.ชบ.", "สมหมาย ผู้ดูแลหน่วยงาน"),
    DemoLogin("reporter2", User.Role.REPORTER, "กฟฟ.มดพ.", "มานะ ผู้รายงาน"),
    DemoLogin("reviewer", User.Role.REVIEWER, "กบล.(ก2)", "วิภา ผู้ตรวจสอบ กบล."),
    DemoLogin("headoffice", User.Role.HEAD_OFFICE, "ฝอภ.(ก3)", "ประเสริฐ สำนักงานใหญ่"),
    DemoLogin("admin", User.Role.ADMIN, "กฟภ.", "ผู้ดูแลระบบ"),
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
        user.is_staff = user.is_superuser = login.role == User.Role.ADMIN
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
    for hook in DEMO_HOOKS:
        hook()
    return DEMO_LOGINS


# Other apps add their demo records here (complaints, VOC, key accounts, results).
DEMO_HOOKS: list = []
