"""Demo onboarding and help, made through the services and forms people use: the FAQ, activation letters for
the border offices, a reporter who registered with a code, sign-ins over 2564, help requests and an API token."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from plans.demo import DemoWorld
from plans.models import Unit, UnitGroup, User
from plans.selectors import units_of_group

from . import helpdesk, resetcodes, services
from .forms import FaqForm, InquiryForm

BANGKOK = ZoneInfo("Asia/Bangkok")

# The canned answers on activation codes and passwords come with the database (accounts migration 0003).
FAQ = [
    ("ผลสะสมคืออะไร", "ผลตั้งแต่ไตรมาสที่ 1 ถึงไตรมาสที่รายงาน เช่น ไตรมาส 1-2 คือผลเดือน ม.ค.-มิ.ย."),
]


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=BANGKOK)


def demo_faq(world: DemoWorld, rng: random.Random) -> None:
    for order, (question, answer) in enumerate(FAQ):
        FaqForm(
            {
                "question_th": question,
                "answer_th": answer,
                "topic": "how_to",
                "order": 10 + order,
                "published": True,
            }
        ).save()


def demo_onboarding(world: DemoWorld, rng: random.Random) -> None:
    users, now = world.users, world.now
    # Head office prints activation letters for the offices on the region's borders.
    border = UnitGroup.objects.filter(code="ก2-รอยต่อ").first()
    if border is not None:
        services.letters_request(
            units=list(units_of_group(border)),
            group=border,
            role=User.Role.REPORTER,
            max_uses=5,
            valid_days=60,
            by=users["headoffice"],
            now=now,
        )
    # กฟฟ.ชบ.'s unit admin issues a code; a new reporter registers with it.
    chonburi = Unit.objects.get(code="กฟฟ.ชบ.")
    (code,) = services.codes_issue(
        units=[chonburi],
        role=User.Role.REPORTER,
        max_uses=3,
        expires_at=now + timedelta(days=30),
        by=users["unitadmin"],
        now=now,
    )
    services.register(
        data=services.Registration(
            unit_code=chonburi.code,
            code=code.code,
            username="sudarat.k",
            password=f"ชลบุรี-{rng.randrange(10**8)}-รายงาน",
            first_name="สุดารัตน์ กิตติชัย",
            email="sudarat.k@kpiplan.local",
            position="พนักงานบริการลูกค้า",
        ),
        now=now,
    )
    # Sign-ins through the year, for the usage statistics.
    for user in users.values():
        for _n in range(rng.randint(2, 8)):
            services.signin_record(user=user, now=_at(date(2021, 1, 4) + timedelta(days=rng.randrange(360))))
    # Help requests: one answered (the reporter asked signed in: the answer is in their inquiries), one waiting.
    for name, topic, message, answer, asker in (
        (
            "สมพร ใจดี",
            "code",
            "กรอกรหัสจากหนังสือแล้วระบบแจ้งว่ารหัสใช้ไม่ได้",
            "รหัสหมดอายุ ผู้ดูแลหน่วยงานออกรหัสใหม่ให้แล้ว",
            users["reporter"],
        ),
        ("วีระ มั่นคง", "how_to", "ต้องแนบหนังสือนำส่งทุกเป้าหมายหรือไม่", "", None),
    ):
        form = InquiryForm({"name": name, "phone": "038 123 456", "topic": topic, "message": message})
        inquiry = helpdesk.inquiry_create(
            inquiry=form.save(commit=False), user=asker, now=_at(date(2021, 4, 5))
        )
        if asker is None:
            inquiry.unit = chonburi
            inquiry.save(update_fields=["unit"])
        if answer:
            helpdesk.inquiry_answer(
                inquiry=inquiry, answer=answer, user=users["headoffice"], now=_at(date(2021, 4, 6))
            )
    # A reporter whose reset e-mail does not arrive: กฟฟ.ชบ.'s unit admin prints them a one-time code.
    resetcodes.reset_code_issue(person=users["reporter"], by=users["unitadmin"], now=now)
    # as the admin would from their signed-in session (the API page)
    services.token_issue(user=users["admin"], name="ระบบสรุปผลของเขต", now=now, signed_in=True)
