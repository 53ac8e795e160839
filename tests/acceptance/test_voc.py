"""VOC, satisfaction and SMS-survey KPIs as the seed plan (CR1 3.3) defines them, on small record sets entered
through the VOC services, the API and the pages; every expected value is worked out by hand in the comments."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from plans import measures
from plans.models import Target, Unit
from plans.selectors import measure_scope
from tests.helpers import api
from voc import services
from voc.models import Channel, VocRecord

pytestmark = pytest.mark.django_db
BKK = ZoneInfo("Asia/Bangkok")
NOW = datetime(2021, 7, 5, 12, 0, tzinfo=BKK)
Q1 = (date(2021, 1, 1), date(2021, 3, 31))
Q1_2 = (date(2021, 1, 1), date(2021, 6, 30))
SMS = "voc.sms_survey_coverage_pct"


def value(key, unit, span=Q1):
    return measures.compute([key], {unit.pk: measure_scope(unit).unit_ids}, *span)[key][unit.pk]


def job(user, reference, unit, job_type, completed_on, sms_sent_on=None, developer_project=False):
    services.sms_job_upsert_many(
        user=user,
        rows=[
            {
                "reference": reference,
                "unit": unit,
                "job_type": job_type,
                "completed_on": completed_on,
                "sms_sent_on": sms_sent_on,
                "developer_project": developer_project,
            }
        ],
        now=NOW,
    )


@pytest.fixture
def sms_jobs(office, region_reviewer):
    """Five jobs of กฟฟ.ชบ. and one of กฟฟ.มดพ., entered by the region's reviewer."""
    other = Unit.objects.get(code="กฟฟ.มดพ.")
    job(region_reviewer, "J1", office, "new_service", date(2021, 1, 10), date(2021, 1, 11))  # sent in Q1
    job(region_reviewer, "J2", office, "lv_extension", date(2021, 2, 20))  # never sent
    job(region_reviewer, "J3", office, "transformer", date(2021, 3, 30), date(2021, 4, 2))  # sent after Q1
    job(region_reviewer, "J4", office, "new_service", date(2021, 2, 5), developer_project=True)  # left out
    job(region_reviewer, "J5", office, "new_service", date(2021, 4, 5), date(2021, 4, 6))  # a Q2 job, sent
    job(region_reviewer, "J6", other, "new_service", date(2021, 1, 15), date(2021, 1, 15))  # another office


def test_sms_coverage_counts_every_job_of_the_three_types_judged_at_the_period_end(office, sms_jobs):
    """3.3.1 "SMS survey sent to every customer of the three job types" (target 100 %).
    Q1 at กฟฟ.ชบ.: J1, J2, J3 completed in Q1 (J4 a developer's estate: left out; J5 a Q2 job; J6 another
    office's). Sent by 31 Mar: J1 only (J3's SMS went on 2 Apr) -> 1 / 3 = 33.33 %.
    Q1-2: J1, J2, J3, J5; sent by 30 Jun: J1, J3, J5 -> 3 / 4 = 75.00 %."""
    q1 = value(SMS, office)
    assert (q1.numerator, q1.denominator, q1.value) == (1, 3, Decimal("33.33"))
    q12 = value(SMS, office, Q1_2)
    assert (q12.numerator, q12.denominator, q12.value) == (3, 4, Decimal("75.00"))


def test_the_division_counts_the_regions_sms_jobs_and_an_office_without_jobs_has_no_value(
    seed_plan, sms_jobs
):
    """กบล.(ก2) consolidates 3.3.1 over the region: Q1 = กฟฟ.ชบ.'s 1 / 3 plus กฟฟ.มดพ.'s J6 (sent the same day)
    -> 2 / 4 = 50.00 %. กฟฟ.อช. has no job: no value ("ไม่มีข้อมูล"), never 0 %."""
    division = Unit.objects.get(code="กบล.(ก2)")
    got = value(SMS, division)
    assert (got.numerator, got.denominator, got.value) == (2, 4, Decimal("50.00"))
    empty = value(SMS, Unit.objects.filter(kind="office").exclude(code__in=["กฟฟ.ชบ.", "กฟฟ.มดพ."]).first())
    assert empty.value is None


def test_the_seed_binds_331_and_the_quarter_form_prefills_it(
    client, office, sms_jobs, branch_user, seed_plan
):
    """The quarter form of กฟฟ.ชบ. for Q1 shows 3.3.1's value from the records: 33.33 (1/3), as above."""
    target = Target.objects.get(activity__number="3.3.1", activity__workplan__objective__code="CR1")
    assert target.measure_key == SMS and measures.is_known(SMS)
    client.force_login(branch_user)
    html = client.get(reverse("quarters:entry", args=[seed_plan.pk, office.pk, 1])).content.decode()
    assert "33.33 (1/3)" in html
    assert reverse("plans:kpi_explain", args=[SMS]) in html  # one click to the jobs behind it


def test_a_job_entered_through_the_api_counts_as_one_typed_on_the_form(office, branch_user):
    """One job through the API, completed 1 Mar, SMS 2 Mar: Q1 = 1 / 1 = 100.00 %."""
    item = {
        "reference": "API-1",
        "unit": office.code,
        "job_type": "lv_extension",
        "completed_on": "01/03/2564",
        "sms_sent_on": "2021-03-02",
    }
    response = api(branch_user).post("/api/v1/sms-survey-jobs/bulk/", {"items": [item]}, format="json")
    assert response.status_code == 200, response.content
    got = value(SMS, office)
    assert (got.numerator, got.denominator, got.value) == (1, 1, Decimal("100.00"))


def test_unresolved_or_significant_voc_logged(office, region_reviewer):
    """3.4 "unresolved VOC logged": a VOC counts when it is significant or not resolved.
    V1 significant and resolved: counted; V2 unresolved: counted; V3 resolved, not significant: left out;
    V4 unresolved but in April: outside Q1 -> Q1 = 2."""
    channel = Channel.objects.order_by("order").first()
    for ref, day, significant, resolved in [
        ("V1", date(2021, 1, 5), True, True),
        ("V2", date(2021, 2, 5), False, False),
        ("V3", date(2021, 3, 5), False, True),
        ("V4", date(2021, 4, 5), False, False),
    ]:
        services.voc_save(
            record=VocRecord(
                reference=ref,
                date=day,
                unit=office,
                channel=channel,
                category="service",
                text="ลูกค้าแจ้ง",
                significant=significant,
                resolved=resolved,
            ),
            user=region_reviewer,
            now=NOW,
        )
    assert value("voc.unresolved_logged", office).value == 2


def survey(user, ref, method, unit, day, score, job_type=""):
    return services.survey_save(
        user=user,
        external_id=ref,
        method=method,
        job_type=job_type,
        unit=unit,
        quota_unit=None,
        day=day,
        answers={"q1": Decimal(score)},
        now=NOW,
    )


def test_satisfaction_averages_on_a_five_point_scale_and_call_backs_of_low_ratings(office, region_reviewer):
    """3.3.2 / 3.3.3. Phone: 5, 4, 3 -> (5 + 4 + 3) / 3 = 4.0000, 3 surveys of new service.
    Smile Box (3-point scale, mapped 1 + (s - 1) x 4 / 2): 3, 2, 1, 1 -> 5, 3, 1, 1 -> 10 / 4 = 2.5000.
    Low ratings (1 or 2 on its own scale): the 2 and the two 1s = 3; called back and reached: one (the other
    call not reached, the third not called) -> 1 / 3 = 33.33 %."""
    for i, score in enumerate([5, 4, 3]):
        survey(region_reviewer, f"P{i}", "phone", office, date(2021, 2, 1), score, "new_service")
    low = [
        survey(region_reviewer, f"B{i}", "smile_box", office, date(2021, 2, 1), score)
        for i, score in enumerate([3, 2, 1, 1])
    ]
    for response, outcome in [(low[1], "reached"), (low[2], "not_reached")]:
        services.callback_record(
            response=response,
            user=region_reviewer,
            called_at=datetime(2021, 2, 3, 10, tzinfo=BKK),
            outcome=outcome,
            now=NOW,
        )
    phone = value("voc.satisfaction_avg_phone", office)
    assert (phone.value, phone.numerator, phone.denominator) == (Decimal("4.0000"), 12, 3)
    assert value("voc.phone_surveys_new_service", office).value == 3
    box = value("voc.satisfaction_avg_smilebox", office)
    assert (box.value, box.denominator) == (Decimal("2.5000"), 4)
    ratio = value("voc.callback_ratio_pct", office)
    assert (ratio.numerator, ratio.denominator, ratio.value) == (1, 3, Decimal("33.33"))


# --- every VOC value explains itself: the records counted and left out add up to it


def test_sms_coverage_explains_each_job(office, sms_jobs):
    """Q1 at กฟฟ.ชบ. (1 / 3 = 33.33 %, as above): J1 sent (in), J2 never sent and J3 sent on 2 Apr (missed),
    J4 a developer's estate (left out); J5 is a Q2 job and J6 another office's: not listed."""
    got = measures.explain(SMS, [office.pk], *Q1)
    assert {line["reference"]: line["state"] for line in got.lines} == {
        "J1": "in_time",
        "J2": "missed",
        "J3": "missed",
        "J4": "left_out",
    }
    reasons = {line["reference"]: line["reason"] for line in got.lines}
    assert reasons["J2"] == "ยังไม่ส่ง SMS" and reasons["J3"] == "ส่ง SMS หลังสิ้นช่วง (2 เม.ย. 2564)"
    assert (got.count("in_time"), got.count("in_time") + got.count("missed")) == (
        got.value.numerator,
        got.value.denominator,
    )


def test_the_sms_page_shows_the_jobs_and_the_xlsx_holds_the_same(
    client, office, sms_jobs, branch_user, seed_plan
):
    client.force_login(branch_user)
    url = reverse("plans:kpi_explain", args=[SMS])
    query = {"plan": seed_plan.pk, "quarter": 1, "unit": office.pk}
    html = client.get(url, query).content.decode()
    assert "33.33" in html and "ยังไม่ส่ง SMS" in html and "หมู่บ้านจัดสรร" in html and "None" not in html
    download = client.get(url, {**query, "format": "xlsx"})
    assert download.status_code == 200 and download["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


def test_satisfaction_and_call_backs_explain_each_response(office, region_reviewer):
    """Smile Box 3, 2, 1 on its 3-point scale -> 5, 3, 1 on the 5-point scale: average 9 / 3 = 3.0000; one phone
    survey (left out of the Smile Box average). Call-backs: the 2 reached, the 1 not called -> 1 / 2 = 50.00 %;
    the 3 is left out (not a low rating)."""
    box = [
        survey(region_reviewer, f"B{i}", "smile_box", office, date(2021, 2, 1), score)
        for i, score in enumerate([3, 2, 1])
    ]
    survey(region_reviewer, "P1", "phone", office, date(2021, 2, 1), 5, "new_service")
    services.callback_record(
        response=box[1],
        user=region_reviewer,
        called_at=datetime(2021, 2, 3, 10, tzinfo=BKK),
        outcome="reached",
        now=NOW,
    )
    avg = measures.explain("voc.satisfaction_avg_smilebox", [office.pk], *Q1)
    assert avg.value.value == Decimal("3.0000") and avg.count("counted") == 3 and avg.count("left_out") == 1
    assert "นับ: คะแนน 2 จาก 3 = 3 บนสเกล 5" in [line["reason"] for line in avg.lines]
    ratio = measures.explain("voc.callback_ratio_pct", [office.pk], *Q1)
    assert ratio.value.value == Decimal("50.00")
    assert {line["reference"]: line["state"] for line in ratio.lines} == {
        "B0": "left_out",
        "B1": "in_time",
        "B2": "missed",
        "P1": "left_out",
    }


@pytest.mark.parametrize(
    ("who", "status"), [("branch_user", 200), ("other_branch_user", 404), ("hq_user", 200)]
)
def test_only_who_may_see_the_office_opens_its_sms_jobs(
    client, office, sms_jobs, seed_plan, who, status, request
):
    client.force_login(request.getfixturevalue(who))
    url = reverse("plans:kpi_explain", args=[SMS])
    assert client.get(url, {"plan": seed_plan.pk, "quarter": 1, "unit": office.pk}).status_code == status


def test_the_sms_page_takes_the_same_number_of_queries_for_more_jobs(
    client, office, sms_jobs, branch_user, region_reviewer, seed_plan, query_budget
):
    client.force_login(branch_user)
    url = reverse("plans:kpi_explain", args=[SMS])
    query = {"plan": seed_plan.pk, "quarter": 2, "unit": office.pk}
    with query_budget("plans:kpi_explain"):
        client.get(url, query)
    for i in range(20):
        job(region_reviewer, f"K{i}", office, "transformer", date(2021, 5, 1), date(2021, 5, 2))
    with query_budget("plans:kpi_explain"):
        assert ">K19<" in client.get(url, query).content.decode()
