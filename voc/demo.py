"""Demo voice of the customer, recorded through the services the pages use: 40 VOC records of every channel,
200 survey responses of every method (phone surveys topped up by the region), call-backs of low ratings, and
60 jobs owed an SMS survey (3.3.1), most sent, some not yet, two developers' housing estates left out."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from plans.demo import DemoWorld

from . import services
from .models import SCALES, Channel, Mechanism, SurveyResponse, Topic, VocRecord

BANGKOK = ZoneInfo("Asia/Bangkok")
SAYINGS = [
    ("service", "ลูกค้าต้องการให้แจ้งดับไฟล่วงหน้า", "แจ้งกำหนดการดับไฟผ่าน LINE และป้ายประกาศ"),
    ("product", "แรงดันไฟตกช่วงหัวค่ำ เครื่องใช้ไฟฟ้าดับบ่อย", "ปรับแทปหม้อแปลงและติดตามผล"),
    ("support", "อยากชำระค่าไฟผ่านแอปพลิเคชันได้ทุกธนาคาร", "แนะนำการชำระผ่าน PEA Smart Plus"),
]


def demo_voc(world: DemoWorld, rng: random.Random) -> None:
    offices, reviewer = world.offices, world.users["reviewer"]
    channels = list(Channel.objects.order_by("order"))
    topics = {}
    for topic in Topic.objects.all():
        topics.setdefault(topic.category, topic)
    for i in range(40):
        channel = channels[i % len(channels)]
        mechanism = Mechanism.objects.filter(channel=channel).order_by("order").first()
        category, text, action = SAYINGS[i % len(SAYINGS)]
        resolved = rng.random() < 0.6
        services.voc_save(
            record=VocRecord(
                reference=f"VOC-DEMO-{i + 1:03d}",
                date=date(2021, 1, 5) + timedelta(days=rng.randrange(170)),
                unit=offices[i % len(offices)],
                channel=channel,
                mechanism=mechanism,
                category=category,
                topic=topics.get(category),
                text=text,
                significant=rng.random() < 0.3,
                resolved=resolved,
                action_taken=action if resolved else "",
            ),
            user=reviewer,
        )
    for i in range(200):
        method = ["sms", "phone", "smile_box", "touch_screen"][i % 4]
        scale = SCALES[method]
        score = rng.choice(range(1, scale + 1)) if rng.random() < 0.3 else scale
        office = offices[i % len(offices)]
        # The region tops up a small office's phone quota with customers of a neighbour (the seed's rule).
        quota_unit = offices[(i + 1) % len(offices)] if method == "phone" and i % 20 == 1 else office
        services.survey_save(
            user=reviewer,
            external_id=f"SV-DEMO-{i + 1:04d}",
            method=method,
            job_type=["new_service", "lv_extension", "transformer"][i % 3]
            if method in ("sms", "phone")
            else "",
            unit=office,
            quota_unit=quota_unit,
            day=date(2021, 1, 10) + timedelta(days=rng.randrange(170)),
            answers={"q1": Decimal(score)},
        )
    low = SurveyResponse.objects.filter(
        method__in=["smile_box", "touch_screen"], external_id__startswith="SV-DEMO-"
    ).order_by("pk")
    for response in [r for r in low if r.is_low][::2]:  # half the low ratings called back so far
        services.callback_record(
            response=response,
            user=reviewer,
            called_at=datetime.combine(response.date + timedelta(days=2), time(10), tzinfo=BANGKOK),
            outcome=rng.choice(["reached", "reached_open", "not_reached"]),
            note="โทรสอบถามและชี้แจงแล้ว",
        )

    jobs = []
    for i in range(60):
        job_type = ["new_service", "lv_extension", "transformer"][i % 3]
        done = date(2021, 1, 4) + timedelta(days=rng.randrange(175))
        jobs.append(
            {
                "reference": f"JOB-DEMO-{i + 1:03d}",
                "unit": offices[i % len(offices)],
                "job_type": job_type,
                "completed_on": done,
                "sms_sent_on": done + timedelta(days=rng.randrange(3)) if rng.random() < 0.85 else None,
                "developer_project": job_type == "new_service" and i % 25 == 0,
            }
        )
    services.sms_job_upsert_many(user=reviewer, rows=jobs, now=timezone.now())
