"""Demo content for `make run`: the seed plan, one user per role, and some results to look at."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import FaqEntry
from complaints.models import Complaint, ComplaintType
from complaints.services import complaint_due
from complaints.services import holiday_days as complaint_holidays
from kam.models import Activity as KamActivity
from kam.models import KeyAccount
from plans.models import Plan, Target, Unit, User
from voc.models import Channel, SurveyResponse, VocRecord, on_five_point_scale

from .models import Result

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
    _demo_records()
    return DEMO_LOGINS


def _demo_records() -> None:
    """A little of everything, once: results of Q1, complaints, VOC, surveys, key accounts, FAQ."""
    if Result.objects.filter(is_historical=False).exists():
        return
    rng = random.Random(2564)
    plan = Plan.objects.get(year=2564, owner__code="กฟก.2")
    offices = list(Unit.objects.filter(region=plan.owner, kind="office").order_by("code"))
    reviewer = User.objects.get(username="reviewer")
    now = timezone.now()
    targets = {t.pk: t for t in Target.objects.filter(activity__workplan__objective__perspective__plan=plan)}
    pr = next(t for t in targets.values() if t.activity.number == "1.1")
    dmsx = next(t for t in targets.values() if t.activity.number == "1.2" and t.order == 1)
    for office in offices[:9]:
        n = rng.randint(85, 99)
        Result.objects.create(
            target=pr,
            unit=office,
            quarter=1,
            value=Decimal(rng.choice([0, 1, 1, 2])),
            narrative="จัดกิจกรรมประชาสัมพันธ์ PEA Smart Plus",
            status="accepted",
            submitted_at=now,
            accepted_at=now,
            on_time=rng.random() > 0.2,
            updated_by=reviewer,
        )
        Result.objects.create(
            target=dmsx,
            unit=office,
            quarter=1,
            value=Decimal(n),
            numerator=Decimal(n),
            denominator=Decimal(100),
            narrative="-",
            status="accepted",
            submitted_at=now,
            accepted_at=now,
            on_time=True,
            updated_by=reviewer,
        )
    types = list(ComplaintType.objects.all())
    holidays = complaint_holidays()
    bkk = ZoneInfo("Asia/Bangkok")
    for i in range(60):
        t = types[i % len(types)]
        received = datetime(2021, 1, 4, 9, tzinfo=bkk) + timedelta(
            days=rng.randrange(170), hours=rng.randrange(8)
        )
        closed = received + timedelta(days=rng.randrange(1, 35)) if rng.random() < 0.85 else None
        Complaint.objects.create(
            reference=f"DEMO-{i + 1:04d}",
            received_at=received,
            channel=rng.choice(Complaint.Channel.values),
            unit=offices[i % len(offices)],
            type=t,
            description="ไฟฟ้าดับบ่อยในช่วงเย็น ขอให้ตรวจสอบ",
            due_at=complaint_due(received, t, holidays),
            closed_at=closed,
            status="closed" if closed else "open",
            resolution="ตัดแต่งกิ่งไม้และเปลี่ยนฟิวส์" if closed else "",
        )
    channels = list(Channel.objects.all())
    for i in range(40):
        VocRecord.objects.create(
            reference=f"VOC-DEMO-{i + 1:03d}",
            date=date(2021, 1, 5) + timedelta(days=rng.randrange(170)),
            unit=offices[i % len(offices)],
            channel=channels[i % len(channels)],
            category=rng.choice(["product", "service", "support"]),
            text="ลูกค้าต้องการให้แจ้งดับไฟล่วงหน้า",
            significant=rng.random() < 0.3,
            resolved=rng.random() < 0.6,
        )
    for i in range(200):
        method = ["sms", "phone", "smile_box", "touch_screen"][i % 4]
        scale = 3 if method == "smile_box" else 5
        score = Decimal(rng.choice(range(1, scale + 1)) if rng.random() < 0.3 else scale)
        office = offices[i % len(offices)]
        SurveyResponse.objects.create(
            external_id=f"SV-DEMO-{i + 1:04d}",
            method=method,
            job_type=["new_service", "lv_extension", "transformer"][i % 3]
            if method in ("sms", "phone")
            else "",
            unit=office,
            quota_unit=office,
            date=date(2021, 1, 10) + timedelta(days=rng.randrange(170)),
            answers={"q1": str(score)},
            score=score,
            score_5=on_five_point_scale(score, scale),
        )
    for i in range(30):
        account = KeyAccount.objects.create(
            customer_number=f"020{i + 1:05d}",
            name=f"บริษัท อุตสาหกรรมตัวอย่าง {i + 1} จำกัด",
            segment=["Strategic", "Star", "Status", "Streamline"][i % 4],
            office=offices[i % len(offices)],
        )
        for kind in ("FMS", "RBA", "COM"):
            if rng.random() < 0.6:
                KamActivity.objects.create(
                    account=account,
                    office=account.office,
                    kind=kind,
                    date=date(2021, 1, 15) + timedelta(days=rng.randrange(150)),
                    logged_at=now,
                    participants="KAMR",
                )
    for order, (q, a) in enumerate(
        [
            (
                "รหัสเปิดใช้งานใช้ไม่ได้ ทำอย่างไร",
                "ตรวจสอบรหัสหน่วยงานให้ตรงกับหนังสือ รหัสไม่มีเลข 0 ตัว O เลข 1 หรือตัว I "
                "หากหมดอายุหรือใช้ครบแล้ว ขอรหัสใหม่จากผู้ดูแลหน่วยงานได้ทันที",
            ),
            ("ลืมรหัสผ่าน", "กด ลืมรหัสผ่าน ในหน้าเข้าสู่ระบบ แล้วกรอกอีเมลที่ลงทะเบียนไว้ ลิงก์ใช้ได้ครั้งเดียวภายใน 1 วัน"),
            ("ผลสะสมคืออะไร", "ผลตั้งแต่ไตรมาสที่ 1 ถึงไตรมาสที่รายงาน เช่น ไตรมาส 1-2 คือผลเดือน ม.ค.-มิ.ย."),
        ]
    ):
        FaqEntry.objects.create(question_th=q, answer_th=a, order=order)
