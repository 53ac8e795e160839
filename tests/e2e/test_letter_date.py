"""In a real browser: a letter date typed in B.E. survives two saves of the quarter form untouched (a date
input used to show it empty and the next save erased it)."""

import os
from datetime import date

import pytest

from plans.history import history_of
from plans.models import Target, Unit
from quarters.models import Result
from tests.conftest import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_letter_date_survives_two_saves(login, live_server, seed_plan):
    office = Unit.objects.get(code="กฟฟ.ชบ.")
    make_user("rep", "กฟฟ.ชบ.", "reporter")
    pr = Target.objects.get(activity__workplan__objective__code="CR1", activity__number="1.1")
    dmsx = Target.objects.get(activity__workplan__objective__code="CR1", activity__number="1.2", order=1)
    form_url = f"{live_server.url}/results/{seed_plan.pk}/unit/{office.pk}/q2/"

    page = login("rep", "pw-rep-2564")
    page.goto(form_url)
    page.fill(f"#id_t{pr.pk}-value", "2")
    page.fill(f"#id_t{pr.pk}-letter_no", "ก.2 พศ.(บห) 1637/2564")
    page.fill(f"#id_t{pr.pk}-letter_date", "30/06/2564")
    page.click("button[value=save]")
    page.wait_for_selector(".msg-success")
    assert Result.objects.get(target=pr, unit=office, quarter=2).letter_date == date(2021, 6, 30)

    for numerator in ("93", "94"):  # two more saves, each touching another row only
        page.goto(form_url)
        assert page.input_value(f"#id_t{pr.pk}-letter_date") == "30/06/2564"  # shown in B.E., not emptied
        page.fill(f"#id_t{dmsx.pk}-numerator", numerator)
        page.fill(f"#id_t{dmsx.pk}-denominator", "100")
        page.click("button[value=save]")
        page.wait_for_selector(".msg-success")

    result = Result.objects.get(target=pr, unit=office, quarter=2)
    assert result.letter_date == date(2021, 6, 30) and result.version == 1
    assert len(history_of(result)) == 1  # no "ลงวันที่: 2564-06-30 → —" in the history
    page.goto(form_url)
    artifacts = os.environ.get("E2E_ARTIFACTS")
    if artifacts:
        page.locator(f"#row-t{pr.pk}").screenshot(path=os.path.join(artifacts, "letter-date.png"))
