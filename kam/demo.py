"""Demo key accounts, kept through the services the pages use: 30 accounts of the four segments with their KAM
representatives, FMS / RBA / COM / seminar activities (some logged late), executive visits, BOI contacts, and
visit plans done, cancelled and still planned."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from plans.demo import DemoWorld
from plans.models import User

from . import services
from .models import ExecLevel, KeyAccount, Kind, logging_deadline

BANGKOK = ZoneInfo("Asia/Bangkok")


def _logged(day: date, late: bool) -> datetime:
    """When the activity was typed into the CRM: within the 5 days after its month, or a week after that."""
    when = logging_deadline(day) + timedelta(days=7 if late else -2)
    return datetime.combine(max(when, day), time(16), tzinfo=BANGKOK)


def demo_key_accounts(world: DemoWorld, rng: random.Random) -> None:
    offices, reviewer = world.offices, world.users["reviewer"]
    representatives = {
        u.unit_id: u for u in User.objects.filter(unit__in=offices, role=User.Role.REPORTER).order_by("pk")
    }
    accounts = []
    for i in range(30):
        office = offices[i % len(offices)]
        accounts.append(
            services.account_save(
                account=KeyAccount(
                    customer_number=f"020{i + 1:05d}",
                    name=f"บริษัท อุตสาหกรรมตัวอย่าง {i + 1} จำกัด",
                    segment=["Strategic", "Star", "Status", "Streamline"][i % 4],
                    office=office,
                    kamr=representatives.get(office.pk),
                    revenue_band="มากกว่า 100 ล้านบาท/เดือน" if i % 4 == 0 else "",
                ),
                user=reviewer,
            )
        )
    for account in accounts:
        for kind in (Kind.FMS, Kind.RBA, Kind.COM, Kind.SEMINAR):
            if rng.random() < (0.3 if kind == Kind.SEMINAR else 0.6):
                day = date(2021, 1, 15) + timedelta(days=rng.randrange(150))
                services.activity_log(
                    user=reviewer,
                    office=account.office,
                    account=account,
                    kind=kind,
                    day=day,
                    now=_logged(day, late=rng.random() < 0.15),
                    participants="KAMR และผู้จัดการโรงงาน",
                    notes="ตรวจบำรุงรักษาหม้อแปลงและแนะนำการประหยัดพลังงาน" if kind == Kind.FMS else "",
                )
    for n, level in enumerate(
        [ExecLevel.DIRECTOR, ExecLevel.ASSISTANT, ExecLevel.ASSISTANT, ExecLevel.MANAGER]
    ):
        account, day = accounts[n * 4], date(2021, 2, 3) + timedelta(days=n * 7)
        services.activity_log(
            user=reviewer,
            office=account.office,
            account=account,
            kind=Kind.EXEC_VISIT,
            day=day,
            now=_logged(day, late=False),
            exec_level=level,
            participants="ผู้บริหาร กฟภ. และผู้บริหารของลูกค้า",
        )
    services.activity_log(
        user=reviewer,
        office=offices[0],
        kind=Kind.BOI,
        day=date(2021, 3, 8),
        now=_logged(date(2021, 3, 8), late=False),
        prospect="บริษัท พลังงานสะอาดใหม่ จำกัด (ได้รับส่งเสริม BOI)",
        notes="แจ้งขั้นตอนการขอใช้ไฟและแผนการจ่ายไฟ",
    )
    # Visit plans: one done with its activity, one cancelled with the reason, one still to come.
    for account, planned, state in (
        (accounts[1], date(2021, 5, 12), "done"),
        (accounts[5], date(2021, 5, 20), "cancelled"),
        (accounts[9], date(2021, 11, 3), "planned"),
    ):
        now = datetime.combine(planned, time(17), tzinfo=BANGKOK)
        plan = services.plan_create(
            user=reviewer,
            account=account,
            now=now - timedelta(days=30),
            planned_date=planned,
            kind=Kind.EXEC_VISIT,
            exec_level=ExecLevel.MANAGER,
        )
        if state == "planned":
            continue
        activity = None
        if state == "done":
            activity = services.activity_log(
                user=reviewer,
                office=account.office,
                account=account,
                kind=Kind.EXEC_VISIT,
                day=planned,
                now=now,
                exec_level=ExecLevel.MANAGER,
                participants="ผู้จัดการ กฟฟ. และผู้บริหารของลูกค้า",
            )
        services.plan_close(
            plan=plan,
            user=reviewer,
            done=state == "done",
            now=now,
            reason="" if state == "done" else "ลูกค้าขอเลื่อนเนื่องจากติดตรวจสอบประจำปี",
            activity=activity,
        )
