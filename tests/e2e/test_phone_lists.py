"""On a phone (390 px wide), the complaint, VOC and key-account lists do not scroll sideways and keep every
column: each row is a card, the due date on it. Screenshots are kept as artifacts (var/e2e/)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from complaints import services as complaint_services
from complaints.models import ComplaintType
from kam import services as kam_services
from kam.models import KeyAccount
from plans.models import Unit
from tests.conftest import make_user
from voc import services as voc_services
from voc.models import Channel, VocRecord

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BANGKOK = ZoneInfo("Asia/Bangkok")
PHONE = {"width": 390, "height": 844}
ARTIFACTS = Path(settings.BASE_DIR) / "var" / "e2e"


@pytest.fixture
def records(seed_plan):
    """A few records of each kind with long Thai text, entered through the services as the pages do."""
    reviewer = make_user("phone_rev", "กบล.(ก2)", "reviewer")
    office = Unit.objects.get(code="กฟฟ.ชบ.")
    kinds = list(ComplaintType.objects.all()[:3])
    for i, kind in enumerate(kinds):
        received = datetime(2021, 3, 1 + i, 9, tzinfo=BANGKOK)
        complaint_services.complaint_create(
            user=reviewer,
            now=received,
            reference=f"PHONE-{i + 1:04d}",
            received_at=received,
            channel="call_center",
            unit=office,
            type=kind,
            description="แรงดันไฟฟ้าตกในช่วงหัวค่ำเป็นประจำ เครื่องใช้ไฟฟ้าในบ้านเสียหาย ขอให้ตรวจสอบโดยเร็ว",
        )
    channel = Channel.objects.first()
    for i in range(3):
        voc_services.voc_save(
            record=VocRecord(
                reference=f"VOC-PHONE-{i + 1}",
                date=date(2021, 3, 2 + i),
                unit=office,
                channel=channel,
                category="service",
                text="ลูกค้าต้องการให้แจ้งกำหนดการดับไฟล่วงหน้าอย่างน้อยสามวันผ่านทุกช่องทางที่ติดต่อได้",
            ),
            user=reviewer,
        )
    for i in range(3):
        kam_services.account_save(
            account=KeyAccount(
                customer_number=f"0209{i:05d}",
                name=f"บริษัท อุตสาหกรรมปิโตรเคมีภาคตะวันออก (ประเทศไทย) จำกัด (มหาชน) สาขาที่ {i + 1}",
                segment="Strategic",
                office=office,
            ),
            user=reviewer,
        )
    return reviewer


@pytest.mark.parametrize(
    ("path", "must_show"),
    [("/complaints/?queue=all", "กำหนดส่ง"), ("/voc/", "วันที่"), ("/kam/", "หน่วยงาน")],
)
def test_a_list_reads_on_a_phone_without_sideways_scrolling(login, live_server, records, path, must_show):
    page = login("phone_rev", "pw-phone_rev-2564", viewport=PHONE)
    page.goto(f"{live_server.url}{path}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    first = page.locator("table.stacked tbody tr").first
    first.scroll_into_view_if_needed()
    # every column of the row is on the card, named, inside the screen: the due date too
    for cell in first.locator("td").all():
        box = cell.bounding_box()
        assert (
            cell.get_attribute("data-label") and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        )
    kept = first.locator(f'td[data-label="{must_show}"]')
    assert kept.is_visible() and kept.inner_text().strip()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"phone-{path.strip('/').split('/')[0]}.png", full_page=True)
