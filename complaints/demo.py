"""Demo complaints: 60 over the first half of 2564, of every type, most of them closed."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from plans.demo import DemoWorld

from .models import Complaint, ComplaintType
from .services import complaint_due
from .services import holiday_days as complaint_holidays


def demo_complaints(world: DemoWorld, rng: random.Random) -> None:
    offices = world.offices
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
