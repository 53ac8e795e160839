"""Demo complaints: 60 over the first half of 2564, of every type, received and (most) closed through the
services the pages use, so that due dates follow each type's SLA and every change is in the complaint's history."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from plans.demo import DemoWorld

from . import services
from .models import Complaint, ComplaintType

BANGKOK = ZoneInfo("Asia/Bangkok")


def demo_complaints(world: DemoWorld, rng: random.Random) -> None:
    offices, reviewer = world.offices, world.users["reviewer"]
    types = list(ComplaintType.objects.all())
    for i in range(60):
        received = datetime(2021, 1, 4, 9, tzinfo=BANGKOK) + timedelta(
            days=rng.randrange(170), hours=rng.randrange(8)
        )
        complaint = services.complaint_create(
            user=reviewer,
            now=received,
            reference=f"DEMO-{i + 1:04d}",
            received_at=received,
            channel=rng.choice(Complaint.Channel.values),
            unit=offices[i % len(offices)],
            type=types[i % len(types)],
            description="ไฟฟ้าดับบ่อยในช่วงเย็น ขอให้ตรวจสอบ",
        )
        if rng.random() < 0.85:
            closed = received + timedelta(days=rng.randrange(1, 35))
            services.complaint_change_status(
                complaint=complaint,
                user=reviewer,
                to_status=Complaint.Status.CLOSED,
                now=closed,
                resolution="ตัดแต่งกิ่งไม้และเปลี่ยนฟิวส์",
            )
        elif i % 2:
            services.complaint_change_status(
                complaint=complaint,
                user=reviewer,
                to_status=Complaint.Status.IN_PROGRESS,
                now=received + timedelta(days=1),
                note="ส่งช่างตรวจสอบพื้นที่",
            )
