"""VOC and satisfaction: the KPIs from the records, imports, pages."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kpiplan.lib.tabular import TableError
from plans import measures
from plans.models import Unit
from voc.importers import import_surveys, import_voc
from voc.models import CallBack, Channel, SurveyResponse, VocRecord, on_five_point_scale
from voc.selectors import satisfaction_by_office

pytestmark = pytest.mark.django_db
BKK = ZoneInfo("Asia/Bangkok")


@pytest.fixture
def offices(seed_plan):
    return Unit.objects.get(code="กฟฟ.ชบ."), Unit.objects.get(code="กฟฟ.มดพ.")


def survey(unit, score, method="phone", job="new_service", day=date(2021, 2, 1), quota_unit=None):
    n = SurveyResponse.objects.count() + 1
    scale = 3 if method == "smile_box" else 5
    return SurveyResponse.objects.create(
        external_id=f"S{n}",
        method=method,
        job_type=job,
        unit=unit,
        quota_unit=quota_unit or unit,
        date=day,
        answers={"q1": str(score)},
        score=Decimal(score),
        score_5=on_five_point_scale(Decimal(score), scale),
    )


def voc(unit, significant=False, resolved=True, day=date(2021, 2, 1), category="service"):
    n = VocRecord.objects.count() + 1
    return VocRecord.objects.create(
        reference=f"V{n}",
        date=day,
        unit=unit,
        channel=Channel.objects.first(),
        category=category,
        text="ไฟตกบ่อย",
        significant=significant,
        resolved=resolved,
    )


def values(key, units, start=date(2021, 1, 1), end=date(2021, 3, 31)):
    return measures.compute([key], [u.pk for u in units], start, end)[key]


def test_averages_are_weighted_by_responses_across_units(offices):
    small, big = offices
    for _ in range(3):
        survey(small, 5)
    for _ in range(300):
        survey(big, 4)
    per_unit = values("voc.satisfaction_avg_phone", offices)
    assert per_unit[small.pk].value == Decimal("5.0000") and per_unit[small.pk].denominator == 3
    assert per_unit[big.pk].value == Decimal("4.0000") and per_unit[big.pk].denominator == 300
    # The region's figure (roll-up by weighted mean) is (15 + 1200) / 303, not (5 + 4) / 2.
    from plans.models import Target
    from quarters.rollups import Figure, roll_up

    target = Target.objects.get(measure_key="voc.satisfaction_avg_phone")
    rolled = roll_up(target, 1, [Figure(v.value, None, v.denominator) for v in per_unit.values()], 2)
    assert rolled.value == Decimal("4.0099") and rolled.status == "behind"


def test_smile_box_scores_are_put_on_the_five_point_scale(offices):
    office = offices[0]
    survey(office, 3, method="smile_box")
    survey(office, 1, method="smile_box")
    assert values("voc.satisfaction_avg_smilebox", [office])[office.pk].value == Decimal("3.0000")  # 5 and 1


def test_phone_quotas_per_office_per_quarter_and_the_top_up_from_other_offices(offices):
    small, big = offices
    survey(small, 5, job="new_service")
    for _ in range(4):
        survey(big, 5, job="new_service")
    survey(
        big, 5, job="new_service", quota_unit=small
    )  # the region tops up the small office from big's customers
    survey(big, 5, job="transformer", day=date(2021, 5, 1))
    lines = {
        line.unit: line
        for line in satisfaction_by_office([small, big], date(2021, 1, 1), date(2021, 3, 31), 1)
    }
    assert lines[small].phone["new_service"] == 2 and lines[small].short["new_service"] == 1
    assert lines[big].phone["new_service"] == 4 and lines[big].short["new_service"] == 0
    assert lines[big].short["transformer"] == 1  # the transformer survey was in Q2
    q12 = {
        line.unit: line
        for line in satisfaction_by_office([small, big], date(2021, 1, 1), date(2021, 6, 30), 2)
    }
    assert q12[big].phone["transformer"] == 1 and q12[big].short["transformer"] == 1  # 2 owed by Q1-2
    counted = values("voc.phone_surveys_new_service", offices)
    assert (counted[small.pk].value, counted[big.pk].value) == (2, 4)


def test_call_back_ratio_counts_low_ratings_reached(offices, branch_user):
    office = offices[0]
    low = [survey(office, s, method="touch_screen") for s in (1, 2, 2, 1)]
    survey(office, 5, method="touch_screen")
    now = datetime(2021, 2, 2, 10, tzinfo=BKK)
    CallBack.objects.create(response=low[0], called_at=now, outcome="reached", by=branch_user)
    CallBack.objects.create(response=low[1], called_at=now, outcome="reached_open", by=branch_user)
    CallBack.objects.create(response=low[2], called_at=now, outcome="not_reached", by=branch_user)
    ratio = values("voc.callback_ratio_pct", [office])[office.pk]
    assert (ratio.numerator, ratio.denominator, ratio.value) == (Decimal(2), Decimal(4), Decimal("50.00"))


def test_cumulative_q1_to_qn_is_the_sum_of_the_quarters(offices):
    office = offices[0]
    days = [date(2021, 2, 1), date(2021, 5, 1), date(2021, 8, 1), date(2021, 11, 1)]
    for i, day in enumerate(days):
        for _ in range(i + 1):
            voc(office, resolved=False, day=day)
        voc(office, resolved=True, day=day)  # resolved and not significant: not logged
    quarters = [
        (date(2021, 1, 1), date(2021, 3, 31)),
        (date(2021, 4, 1), date(2021, 6, 30)),
        (date(2021, 7, 1), date(2021, 9, 30)),
        (date(2021, 10, 1), date(2021, 12, 31)),
    ]
    per_quarter = [values("voc.unresolved_logged", [office], s, e)[office.pk].value for s, e in quarters]
    cumulative = [
        values("voc.unresolved_logged", [office], date(2021, 1, 1), e)[office.pk].value for _s, e in quarters
    ]
    assert per_quarter == [1, 2, 3, 4]
    assert cumulative == [sum(per_quarter[: n + 1]) for n in range(4)]


def csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("export.csv", text.encode("utf-8"))


def test_a_smile_box_export_imports_and_reimports_without_duplicates(offices, region_reviewer):
    units = Unit.objects.filter(code__in=["กฟฟ.ชบ.", "กฟฟ.มดพ."])
    text = "response_id,date,unit,score\nSB1,2021-02-01,กฟฟ.ชบ.,3\nSB2,2021-02-02,กฟฟ.มดพ.,1\n"
    assert (
        import_surveys(
            csv(text), user=region_reviewer, allowed_units=units, default_method="smile_box"
        ).created
        == 2
    )
    again = import_surveys(csv(text), user=region_reviewer, allowed_units=units, default_method="smile_box")
    assert (again.created, again.updated, again.unchanged) == (
        0,
        0,
        2,
    ) and SurveyResponse.objects.count() == 2
    assert SurveyResponse.objects.get(external_id="SB1").score_5 == 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "response_id,date,unit,score\nSB1,2021-02-01,กฟฟ.ชบ.,3\nSB2,2021-02-01,กฟฟ.ชบ.,4\n",
            "แถว 3 คอลัมน์ คะแนน: คะแนน 4 อยู่นอกช่วง 1–3",
        ),
        ("response_id,date,unit,score\nSB1,2021-02-30,กฟฟ.ชบ.,3\n", "แถว 2 คอลัมน์ วันที่"),
        ("response_id,date,unit,score\n", "ไฟล์ว่าง"),
        ("", "ไฟล์ว่าง"),
    ],
)
def test_bad_survey_files_are_refused_whole(offices, text, message, region_reviewer):
    units = Unit.objects.filter(code="กฟฟ.ชบ.")
    with pytest.raises(TableError) as exc:
        import_surveys(csv(text), user=region_reviewer, allowed_units=units, default_method="smile_box")
    assert any(message in str(e) for e in exc.value.errors), [str(e) for e in exc.value.errors]
    assert SurveyResponse.objects.count() == 0


def test_a_voc_file_with_an_unknown_channel_is_refused_whole(offices, branch_user, region_reviewer):
    units = Unit.objects.filter(code="กฟฟ.ชบ.")
    text = (
        "reference,date,unit,channel,category,text\nV1,2021-02-01,กฟฟ.ชบ.,PHONE,service,รอนาน\n"
        "V2,2021-02-01,กฟฟ.ชบ.,PIGEON,service,ไฟตก\n"
    )
    with pytest.raises(TableError) as exc:
        import_voc(csv(text), allowed_units=units, user=region_reviewer)
    assert str(exc.value.errors[0]) == (
        "แถว 3 คอลัมน์ ช่องทาง: ไม่รู้จักค่านี้ — ใช้ได้: ช่องทางติดต่อด้วยตนเอง, ช่องทางโทรศัพท์, "
        "ช่องทางออนไลน์, ช่องทางเอกสารและแบบสำรวจ, ช่องทางกิจกรรมสร้างความสัมพันธ์ (ค่าในไฟล์: 'PIGEON')"
    )
    assert VocRecord.objects.count() == 0
    ok = import_voc(csv(text.replace("PIGEON", "ONLINE")), allowed_units=units, user=region_reviewer)
    assert ok.created == 2


def test_recording_a_voc_and_the_mechanism_must_match_the_channel(client, branch_user, offices):
    from voc.models import Mechanism

    client.force_login(branch_user)
    phone = Channel.objects.get(code="PHONE")
    data = {
        "reference": "V-1",
        "date": "2021-02-01",
        "unit": offices[0].pk,
        "channel": phone.pk,
        "mechanism": Mechanism.objects.get(code="WEBSITE").pk,
        "category": "service",
        "text": "รอนาน",
    }
    response = client.post(reverse("voc:create"), data)
    assert response.status_code == 400 and not VocRecord.objects.exists()
    data["mechanism"] = Mechanism.objects.get(code="CALL_1129").pk
    assert client.post(reverse("voc:create"), data).status_code == 302


@pytest.mark.parametrize(
    ("role", "status"),
    [("reporter", 200), ("reviewer", 200), ("head_office", 200), ("outside_reviewer", 200)],
)
def test_the_voc_pages_open_for_everyone_signed_in_with_their_own_records(
    client, users_by_role, offices, role, status
):
    voc(offices[0], significant=True)
    client.force_login(users_by_role[role])
    for name in ["voc:list", "voc:summary", "voc:satisfaction"]:
        assert client.get(reverse(name), {"year": 2564, "quarter": 1}).status_code == status
    listing = client.get(reverse("voc:list")).content.decode()
    assert (">V1<" in listing) == (role != "outside_reviewer")  # the reference as a cell (a CSP nonce may hold "V1")


def test_another_units_voc_is_not_found(client, other_branch_user, offices):
    record = voc(offices[0])
    client.force_login(other_branch_user)
    assert client.get(record.get_absolute_url()).status_code == 404
    assert client.get(reverse("voc:edit", args=[record.pk])).status_code == 404


def test_the_pivot_counts_channel_by_category(client, region_reviewer, offices):
    voc(offices[0], category="product")
    voc(offices[1], category="service")
    voc(offices[1], category="service")
    client.force_login(region_reviewer)
    response = client.get(reverse("voc:summary"), {"year": 2564, "quarter": 1})
    pivot = response.context["pivot"]
    assert pivot.loc["รวม", "รวม"] == 3 and pivot.loc[Channel.objects.first().name_th, "บริการ"] == 2


def test_the_voc_list_takes_a_fixed_number_of_queries(client, region_reviewer, offices, query_budget):
    for i in range(60):
        voc(offices[i % 2])
    client.force_login(region_reviewer)
    with query_budget("voc:list"):
        assert client.get(reverse("voc:list")).status_code == 200


def test_recording_a_call_back(client, branch_user, offices):
    low = survey(offices[0], 1, method="smile_box")
    client.force_login(branch_user)
    response = client.post(
        reverse("voc:callback", args=[low.pk]),
        {"called_at": "2021-02-03T10:00", "outcome": "reached", "note": "ขอโทษและแก้ไขแล้ว"},
    )
    assert response.status_code == 302 and CallBack.objects.get().outcome == "reached"
    high = survey(offices[0], 3, method="smile_box")
    response = client.post(
        reverse("voc:callback", args=[high.pk]), {"called_at": "2021-02-03T10:00", "outcome": "reached"}
    )
    assert response.status_code == 400 and CallBack.objects.count() == 1


def test_recording_a_phone_survey_and_its_scale(client, branch_user, region_reviewer, offices):
    client.force_login(branch_user)
    url = reverse("voc:survey_create")
    data = {
        "external_id": "P-1",
        "method": "phone",
        "job_type": "new_service",
        "unit": offices[0].pk,
        "date": "2021-02-01",
        "q1": "5",
        "q2": "6",
    }
    response = client.post(url, data)
    assert (
        response.status_code == 400
        and "1–5" in response.content.decode()
        and not SurveyResponse.objects.exists()
    )
    data["q2"] = "4"
    assert client.post(url, data).status_code == 302
    assert SurveyResponse.objects.get().score == Decimal("4.5")
    data |= {"external_id": "P-2", "quota_unit": offices[1].pk}
    assert client.post(url, data).status_code == 400  # a reporter cannot top up another office
    client.force_login(region_reviewer)
    assert client.post(url, data).status_code == 302
    assert SurveyResponse.objects.get(external_id="P-2").quota_unit == offices[1]
