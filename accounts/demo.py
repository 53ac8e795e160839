"""Demo help: three questions of the FAQ."""

from __future__ import annotations

import random

from plans.demo import DemoWorld

from .models import FaqEntry


def demo_faq(world: DemoWorld, rng: random.Random) -> None:
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
