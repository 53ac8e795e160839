"""The jobs owed an SMS survey (3.3.1): one service behind the form, the import and the API; a refusal is a Thai
message naming the row and field, a 4xx, and nothing written."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.history import history_of
from plans.models import Unit
from tests.helpers import api
from tests.htmlforms import form_fields
from voc import services
from voc.models import SmsSurveyJob

pytestmark = pytest.mark.django_db
BKK = ZoneInfo("Asia/Bangkok")
NOW = datetime(2021, 6, 30, 12, 0, tzinfo=BKK)


def csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("jobs.csv", text.encode("utf-8"))


def jobs():
    return list(
        SmsSurveyJob.objects.order_by("reference").values_list(
            "reference", "unit__code", "job_type", "completed_on", "sms_sent_on", "developer_project"
        )
    )


# --- the form


def test_it_records_a_job_on_the_form_and_lists_it(client, branch_user):
    client.force_login(branch_user)
    url = reverse("voc:sms_job_create")
    data = form_fields(client.get(url).content.decode(), "sms-job-form") | {
        "reference": "J-1",
        "unit": branch_user.unit_id,
        "job_type": "transformer",
        "completed_on": "15/02/2564",
        "sms_sent_on": "16/02/2564",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert jobs() == [("J-1", "กฟฟ.ชบ.", "transformer", date(2021, 2, 15), date(2021, 2, 16), False)]
    job = SmsSurveyJob.objects.get()
    assert [e.via for e in history_of(job)] == ["form"]
    page = client.get(reverse("voc:sms_jobs")).content.decode()
    assert ">J-1<" in page and "งานหม้อแปลงเฉพาะราย" in page and "ส่ง SMS แล้ว" in page


def test_the_form_refuses_an_sms_before_the_job_was_done_and_keeps_the_input(client, branch_user):
    client.force_login(branch_user)
    url = reverse("voc:sms_job_create")
    data = form_fields(client.get(url).content.decode(), "sms-job-form") | {
        "reference": "J-1",
        "unit": branch_user.unit_id,
        "job_type": "new_service",
        "completed_on": "15/02/2564",
        "sms_sent_on": "14/02/2564",
    }
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "วันที่ส่ง SMS ก่อนวันที่งานแล้วเสร็จ" in html and 'value="J-1"' in html
    assert jobs() == []


def test_the_form_refuses_a_developer_exemption_on_a_transformer_job(client, branch_user):
    client.force_login(branch_user)
    url = reverse("voc:sms_job_create")
    data = form_fields(client.get(url).content.decode(), "sms-job-form") | {
        "reference": "J-1",
        "unit": branch_user.unit_id,
        "job_type": "transformer",
        "completed_on": "15/02/2564",
        "developer_project": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "เฉพาะงานขอใช้ไฟติดตั้งมิเตอร์" in response.content.decode()
    assert jobs() == []


def test_the_form_edits_a_job_by_its_number_and_logs_the_change(client, branch_user):
    services.sms_job_upsert_many(
        user=branch_user,
        rows=[
            {
                "reference": "J-1",
                "unit": branch_user.unit,
                "job_type": "lv_extension",
                "completed_on": date(2021, 3, 1),
            }
        ],
        now=NOW,
    )
    job = SmsSurveyJob.objects.get()
    client.force_login(branch_user)
    url = reverse("voc:sms_job_edit", args=[job.pk])
    data = form_fields(client.get(url).content.decode(), "sms-job-form") | {"sms_sent_on": "02/03/2564"}
    assert client.post(url, data).status_code == 302
    job.refresh_from_db()
    assert job.sms_sent_on == date(2021, 3, 2)
    assert [e.action for e in history_of(job)] == ["created", "changed"]


# --- the import


def test_a_file_with_bad_rows_is_refused_whole_naming_each_row_in_thai(client, branch_user):
    client.force_login(branch_user)
    text = (
        "เลขที่งาน,หน่วยงาน,ประเภทงาน,วันที่งานแล้วเสร็จ,วันที่ส่ง SMS\n"
        "J-1,กฟฟ.ชบ.,new_service,01/02/2564,02/02/2564\n"  # fine
        "J-2,กฟฟ.ชบ.,counter,01/02/2564,\n"  # a counter job is not one of 3.3.1's three
        "J-3,กฟฟ.ชบ.,transformer,10/02/2564,09/02/2564\n"  # SMS before the job was done
    )
    response = client.post(reverse("voc:import"), {"kind": "sms_jobs", "file": csv(text)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "ประเภทงาน" in html and "วันที่ส่ง SMS ก่อนวันที่งานแล้วเสร็จ" in html
    assert jobs() == []


def test_a_file_of_another_offices_jobs_is_refused(client, branch_user):
    client.force_login(branch_user)
    text = "เลขที่งาน,หน่วยงาน,ประเภทงาน,วันที่งานแล้วเสร็จ\nJ-1,กฟฟ.มดพ.,new_service,01/02/2564\n"
    response = client.post(reverse("voc:import"), {"kind": "sms_jobs", "file": csv(text)})
    assert response.status_code == 400 and jobs() == []


def test_a_good_file_is_previewed_then_imported_and_importing_it_again_adds_nothing(client, branch_user):
    client.force_login(branch_user)
    text = (
        "เลขที่งาน,หน่วยงาน,ประเภทงาน,วันที่งานแล้วเสร็จ,วันที่ส่ง SMS,หมู่บ้านจัดสรรหรือคอนโดมิเนียมของเจ้าของโครงการ\n"
        "J-1,กฟฟ.ชบ.,new_service,01/02/2564,02/02/2564,\n"
        "J-2,กฟฟ.ชบ.,งานขอใช้ไฟติดตั้งมิเตอร์,03/02/2564,,ใช่\n"
    )
    preview = client.post(reverse("voc:import"), {"kind": "sms_jobs", "file": csv(text)})
    assert preview.status_code == 200 and "2 ใหม่" in preview.content.decode() and jobs() == []
    confirmed = client.post(reverse("voc:import"), form_fields(preview.content.decode(), "import-form"))
    assert confirmed.status_code == 302 and confirmed.url == reverse("voc:sms_jobs")
    again = client.post(reverse("voc:import"), {"kind": "sms_jobs", "file": csv(text)})
    assert "0 ใหม่, 0 เปลี่ยน, 2 ไม่เปลี่ยน" in again.content.decode()
    assert jobs() == [
        ("J-1", "กฟฟ.ชบ.", "new_service", date(2021, 2, 1), date(2021, 2, 2), False),
        ("J-2", "กฟฟ.ชบ.", "new_service", date(2021, 2, 3), None, True),
    ]


# --- the API


def test_the_api_refuses_a_batch_with_a_bad_item_naming_it_and_writes_nothing(branch_user):
    items = [
        {"reference": "J-1", "unit": "กฟฟ.ชบ.", "job_type": "new_service", "completed_on": "2021-02-01"},
        {
            "reference": "J-2",
            "unit": "กฟฟ.ชบ.",
            "job_type": "lv_extension",
            "completed_on": "2021-02-05",
            "sms_sent_on": "2021-02-04",
        },
    ]
    response = api(branch_user).post("/api/v1/sms-survey-jobs/bulk/", {"items": items}, format="json")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["item"] == 1 and error["field"] == "sms_sent_on"
    assert "วันที่ส่ง SMS ก่อนวันที่งานแล้วเสร็จ" in response.content.decode()
    assert jobs() == []


def test_the_api_refuses_a_job_type_outside_331(branch_user):
    item = {"reference": "J-1", "unit": "กฟฟ.ชบ.", "job_type": "counter", "completed_on": "2021-02-01"}
    response = api(branch_user).post("/api/v1/sms-survey-jobs/bulk/", {"items": [item]}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "job_type"
    assert jobs() == []


def test_the_api_writes_a_batch_and_lists_only_what_the_user_may_see(branch_user, other_branch_user):
    items = [
        {"reference": "J-1", "unit": "กฟฟ.ชบ.", "job_type": "new_service", "completed_on": "2021-02-01"},
        {
            "reference": "J-2",
            "unit": "กฟฟ.ชบ.",
            "job_type": "transformer",
            "completed_on": "2564-02-05",
            "sms_sent_on": "05/02/2564",
        },
    ]
    response = api(branch_user).post("/api/v1/sms-survey-jobs/bulk/", {"items": items}, format="json")
    assert response.status_code == 200, response.content
    assert [j[:2] for j in jobs()] == [("J-1", "กฟฟ.ชบ."), ("J-2", "กฟฟ.ชบ.")]
    assert [e.via for e in history_of(SmsSurveyJob.objects.get(reference="J-2"))] == ["api"]
    mine = api(branch_user).get("/api/v1/sms-survey-jobs/").json()
    theirs = api(other_branch_user).get("/api/v1/sms-survey-jobs/").json()
    rows = mine["results"] if isinstance(mine, dict) else mine
    assert sorted(r["reference"] for r in rows) == ["J-1", "J-2"]
    assert (theirs["results"] if isinstance(theirs, dict) else theirs) == []


# --- the list page


def test_the_list_shows_the_units_own_jobs_in_bounded_queries(
    client, branch_user, region_reviewer, query_budget
):
    mdp = Unit.objects.get(code="กฟฟ.มดพ.")
    rows = [
        {
            "reference": f"J-{i}",
            "unit": branch_user.unit if i % 2 else mdp,
            "job_type": "new_service",
            "completed_on": date(2021, 2, 1 + i),
            "sms_sent_on": date(2021, 2, 1 + i) if i % 3 else None,
        }
        for i in range(1, 21)
    ]
    services.sms_job_upsert_many(user=region_reviewer, rows=rows, now=NOW)
    client.force_login(branch_user)
    with query_budget("voc:sms_jobs"):
        html = client.get(reverse("voc:sms_jobs")).content.decode()
    assert ">J-1<" in html and ">J-2<" not in html  # J-2 is กฟฟ.มดพ.'s
    client.force_login(region_reviewer)
    with query_budget("voc:sms_jobs"):
        html = client.get(reverse("voc:sms_jobs"), {"unsent": "on"}).content.decode()
    assert ">J-3<" in html and ">J-1<" not in html  # J-3 was not sent; J-1 was


def test_another_office_cannot_open_a_job(client, branch_user, other_branch_user):
    services.sms_job_upsert_many(
        user=branch_user,
        rows=[
            {
                "reference": "J-1",
                "unit": branch_user.unit,
                "job_type": "new_service",
                "completed_on": date(2021, 3, 1),
            }
        ],
        now=NOW,
    )
    client.force_login(other_branch_user)
    assert client.get(reverse("voc:sms_job_edit", args=[SmsSurveyJob.objects.get().pk])).status_code == 404


def test_the_voc_and_satisfaction_pages_lead_to_the_jobs(client, branch_user):
    client.force_login(branch_user)
    for page in ("voc:list", "voc:satisfaction"):
        assert f'href="{reverse("voc:sms_jobs")}"' in client.get(reverse(page)).content.decode()
