"""A target bound to a measure is pre-filled from the records and overridden only with a reason."""

from decimal import Decimal

import pytest

from plans import measures
from plans.models import Target
from quarters.models import Result

from .conftest import entry_url, page_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def voc_measure(seed_plan):
    calls = []

    def compute(keys, unit_ids, start, end):
        calls.append((tuple(keys), start, end))
        return {key: {u: measures.MeasureValue(Decimal(7)) for u in unit_ids} for key in keys}

    real = measures.family_of("voc.x")
    measures.register_family("voc", compute, names=real.names, is_known=real.is_known)
    yield calls
    measures._families["voc"] = real  # the family as registered, its explain and definitions included


def test_it_prefills_from_the_records_and_asks_a_reason_to_differ(
    client, branch_user, seed_plan, office, voc_measure
):
    voc_target = Target.objects.get(measure_key="voc.unresolved_logged")
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url)
    assert data[f"t{voc_target.pk}-value"] == "7"
    assert len(voc_measure) == 1  # one call for every voc key on the form
    data[f"t{voc_target.pk}-value"] = "9"
    response = client.post(url, data | {"action": "save"})
    assert response.status_code == 400 and "ข้อมูลในระบบให้ค่า 7" in response.content.decode()
    data[f"t{voc_target.pk}-override_reason"] = "มี 2 เรื่องบันทึกในระบบ PEA VOC แต่ยังไม่นำเข้า"
    assert client.post(url, data | {"action": "save"}).status_code == 302
    result = Result.objects.get(target=voc_target, unit=office, quarter=2)
    assert result.value == 9 and result.measured_value == 7 and result.override_reason.startswith("มี 2 เรื่อง")


def test_saving_the_prefilled_value_needs_no_reason(client, branch_user, seed_plan, office, voc_measure):
    voc_target = Target.objects.get(measure_key="voc.unresolved_logged")
    client.force_login(branch_user)
    url = entry_url(seed_plan, office, 2)
    data = page_form(client, url)
    data[f"t{voc_target.pk}-narrative"] = "บันทึกครบ"
    assert client.post(url, data | {"action": "save"}).status_code == 302
    assert Result.objects.get(target=voc_target, unit=office, quarter=2).value == 7
