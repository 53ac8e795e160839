"""A reporter imports a VOC file in the browser: the preview says what would change (old -> new), nothing is
written until they confirm, then the record page shows the change in its history. Screenshots in var/e2e/."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from plans.models import Unit
from tests.conftest import make_user
from voc import services as voc_services
from voc.models import Channel, VocRecord

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(settings.BASE_DIR) / "var" / "e2e"


def test_a_voc_file_is_previewed_then_confirmed(login, live_server, seed_plan, tmp_path):
    reporter = make_user("import_rep", "กฟฟ.ชบ.", "reporter")
    channel = Channel.objects.order_by("pk").first()
    record = voc_services.voc_save(
        record=VocRecord(
            reference="V-E2E-1",
            date=date(2021, 3, 1),
            unit=Unit.objects.get(code="กฟฟ.ชบ."),
            channel=channel,
            category="service",
            text="รอคิวนาน",
        ),
        user=reporter,
        now=datetime(2021, 3, 1, 12, tzinfo=ZoneInfo("Asia/Bangkok")),
    )
    file = tmp_path / "voc.csv"
    file.write_text(
        "reference,date,unit,channel,category,text\n"
        f"V-E2E-1,2021-03-01,กฟฟ.ชบ.,{channel.code},service,รอคิวนานเกินหนึ่งชั่วโมง\n"
        f"V-E2E-2,2021-03-02,กฟฟ.ชบ.,{channel.code},product,ค่าไฟแพงขึ้น\n",
        encoding="utf-8",
    )
    page = login("import_rep", "pw-import_rep-2564")
    page.goto(f"{live_server.url}/voc/import/")
    assert "ไม่เกิน 20 เมกะไบต์" in page.inner_text(".import-limits")
    page.select_option("#id_kind", "voc")
    page.set_input_files("#id_file", str(file))
    page.click("form.form button[type=submit]")
    preview = page.locator("#import-preview")
    preview.wait_for()
    assert "1 ใหม่, 1 เปลี่ยน, 0 ไม่เปลี่ยน, 0 ไม่รับ" in preview.inner_text()
    assert "รอคิวนาน → รอคิวนานเกินหนึ่งชั่วโมง" in preview.inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / "import-preview.png", full_page=True)
    assert VocRecord.objects.count() == 1  # nothing written yet
    page.click("#import-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/voc/")
    assert VocRecord.objects.count() == 2
    page.goto(f"{live_server.url}/voc/{record.pk}/")
    assert "รอคิวนาน → รอคิวนานเกินหนึ่งชั่วโมง" in page.inner_text("table.history")
    assert "นำเข้าไฟล์" in page.inner_text("table.history")
    page.screenshot(path=ARTIFACTS / "voc-history.png", full_page=True)
