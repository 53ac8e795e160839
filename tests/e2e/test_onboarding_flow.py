"""In a real browser: register with an activation code (signed in at once, onto the worklist), sign in, reset the password by e-mail, sign in again."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts import services
from plans.models import Unit, User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_register_sign_in_reset_and_sign_in_again(browser, live_server, seed_plan, console_errors):
    hq = User.objects.create_user(
        "hq", password="x", unit=Unit.objects.get(code="ฝอภ.(ก3)"), role="head_office"
    )
    now = timezone.now()
    code = services.codes_issue(
        units=[Unit.objects.get(code="กฟฟ.ชบ.")],
        role="reporter",
        max_uses=1,
        expires_at=now + timedelta(days=30),
        by=hq,
        now=now,
    )[0]
    context = browser.new_context(viewport={"width": 420, "height": 900})
    page = console_errors(context.new_page())
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("text=ลงทะเบียนด้วยรหัสเปิดใช้งานของหน่วยงาน")
    page.fill("#id_unit_code", "กฟฟ.ชบ.")
    page.fill("#id_code", code.formatted.lower())
    page.fill("#id_first_name", "สมใจ ใจดี")
    page.fill("#id_email", "somjai@example.org")
    page.fill("#id_username", "somjai")
    page.fill("#id_password1", "Sarabun-2564-pass")
    page.fill("#id_password2", "Sarabun-2564-pass")
    page.click("main button[type=submit]")
    # Registered is signed in, on the worklist of the unit.
    page.wait_for_url(f"{live_server.url}/")
    assert "สมใจ ใจดี" in page.content()
    assert page.locator("#worklist .worklist-unit").is_visible()
    page.click("header button:has-text('ออกจากระบบ')")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "somjai")
    page.fill("#id_password", "Sarabun-2564-pass")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.click("header button:has-text('ออกจากระบบ')")
    page.goto(f"{live_server.url}/accounts/password_reset/")
    page.fill("#id_email", "somjai@example.org")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=กรุณาตรวจสอบอีเมล")
    link = next(line.strip() for line in mail.outbox[-1].body.splitlines() if "/reset/" in line)
    page.goto(link)
    page.fill("#id_new_password1", "Another-2564-pass")
    page.fill("#id_new_password2", "Another-2564-pass")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=เปลี่ยนรหัสผ่านแล้ว")
    page.goto(link)
    assert "ลิงก์นี้ใช้ไม่ได้แล้ว" in page.content()  # a reset link works once
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "somjai")
    page.fill("#id_password", "Another-2564-pass")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    context.close()
