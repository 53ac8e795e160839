"""Demo voice of the customer: 40 VOC records and 200 satisfaction responses of every method."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from plans.demo import DemoWorld

from .models import Channel, SurveyResponse, VocRecord, on_five_point_scale


def demo_voc(world: DemoWorld, rng: random.Random) -> None:
    offices = world.offices
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
