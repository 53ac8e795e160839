"""Who may write which record, through every path: record type x path (form, import, API) x whose unit.

A reporter of กฟฟ.ชบ. tries to write a record of their own office, of another office of the region (กฟฟ.มดพ.)
and of an office of another region (กฟฟ.นม.): by creating one there, and by naming an existing record's key
while claiming it for their own office (the take-over that moved another office's complaints, VOC records,
surveys and activities). Own unit: written. Other units: refused (4xx, or the form shown again with the
error) and nothing changed — the other unit's record keeps its text, its unit and its history.
Paths a record type does not have (a key account has no API, a call-back and a visit plan are written on
their pages only) are not in the table.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints import services as complaint_services
from complaints.models import Complaint, ComplaintType
from kam import services as kam_services
from kam.models import Activity, KeyAccount, VisitPlan
from plans.history import history_of
from plans.models import Unit
from tests.helpers import api
from tests.htmlforms import form_fields
from voc import services as voc_services
from voc.models import CallBack, Channel, SmsSurveyJob, SurveyResponse, VocRecord

pytestmark = pytest.mark.django_db
BKK = ZoneInfo("Asia/Bangkok")
SCOPES = {"own": "กฟฟ.ชบ.", "other_unit": "กฟฟ.มดพ.", "other_region": "กฟฟ.นม."}
NOW = datetime(2021, 6, 30, 12, 0, tzinfo=BKK)


def csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("file.csv", text.encode("utf-8"))


def through_import_page(client, url: str, data: dict):
    """Upload, then submit each next step the page shows (column mapping, preview) as a person would."""
    response = client.post(url, data)
    for _step in range(3):
        if response.status_code != 200 or "import-form" not in response.content.decode():
            break
        response = client.post(url, form_fields(response.content.decode(), "import-form"))
    return response


# --- each record type: its existing record (made by head office through the service), what a reporter sends


class Complaints:
    name = "complaint"
    paths = ("form", "import", "api")

    def make(self, hq, unit):
        return complaint_services.complaint_create(
            user=hq,
            now=NOW,
            reference="K-1",
            received_at=datetime(2021, 3, 1, 9, tzinfo=BKK),
            channel="call_center",
            unit=unit,
            type=ComplaintType.objects.get(code="OP1"),
            description="ของเดิม",
            contact_name="นายเดิม",
        )

    def state(self):
        return list(
            Complaint.objects.order_by("pk").values_list("reference", "unit__code", "description", "status")
        )

    def form(self, client, record, target, own):
        if record is not None:  # close it on its page
            return client.post(
                reverse("complaints:detail", args=[record.pk]),
                {"action": "close", "resolution": "ยึดเรื่อง", "closed_at": "2021-03-02T10:00"},
            )
        data = {
            "reference": "K-2",
            "received_at": "2021-03-01T09:00",
            "channel": "walk_in",
            "unit": target.pk,
            "type": ComplaintType.objects.get(code="OP1").pk,
            "description": "ใหม่",
        }
        return client.post(reverse("complaints:create"), data)

    def import_(self, client, record, target, own):
        ref = record.reference if record else "K-2"
        unit = own if record else target
        text = f"reference,received_at,channel,unit,type,description\n{ref},2021-03-01 09:00,web,{unit.code},OP1,ยึด\n"
        return through_import_page(client, reverse("complaints:import"), {"file": csv(text)})

    def api(self, user, record, target, own):
        item = {
            "reference": record.reference if record else "K-2",
            "received_at": "2021-03-01T09:00:00+07:00",
            "channel": "web",
            "unit": (own if record else target).code,
            "type": "OP1",
            "description": "ยึด",
        }
        return api(user).post("/api/v1/complaints/bulk/", {"items": [item]}, format="json")


class VocRecords:
    name = "voc"
    paths = ("form", "import", "api")

    def make(self, hq, unit):
        return voc_services.voc_save(
            record=VocRecord(
                reference="V-1",
                date=date(2021, 3, 1),
                unit=unit,
                channel=Channel.objects.order_by("pk").first(),
                category="service",
                text="ของเดิม",
            ),
            user=hq,
            now=NOW,
        )

    def state(self):
        return list(VocRecord.objects.order_by("pk").values_list("reference", "unit__code", "text"))

    def form(self, client, record, target, own):
        channel = Channel.objects.order_by("pk").first()
        data = {
            "date": "2021-03-01",
            "unit": target.pk,
            "channel": channel.pk,
            "category": "service",
            "text": "ยึด",
        }
        if record is not None:
            return client.post(reverse("voc:edit", args=[record.pk]), {**data, "unit": own.pk})
        return client.post(reverse("voc:create"), {**data, "reference": "V-2"})

    def import_(self, client, record, target, own):
        ref, unit = (record.reference, own) if record else ("V-2", target)
        channel = Channel.objects.order_by("pk").first().code
        text = (
            f"reference,date,unit,channel,category,text\n{ref},2021-03-01,{unit.code},{channel},service,ยึด\n"
        )
        return through_import_page(client, reverse("voc:import"), {"kind": "voc", "file": csv(text)})

    def api(self, user, record, target, own):
        ref, unit = (record.reference, own) if record else ("V-2", target)
        item = {
            "reference": ref,
            "date": "2021-03-01",
            "unit": unit.code,
            "channel": Channel.objects.order_by("pk").first().code,
            "category": "service",
            "text": "ยึด",
        }
        return api(user).post("/api/v1/voc-records/bulk/", {"items": [item]}, format="json")


class Surveys:
    name = "survey"
    paths = ("form", "import", "api")

    def make(self, hq, unit):
        return voc_services.survey_save(
            user=hq,
            external_id="S-1",
            method="sms",
            job_type="",
            unit=unit,
            quota_unit=None,
            day=date(2021, 3, 1),
            answers={"q1": 3},
            now=NOW,
        )

    def state(self):
        return list(SurveyResponse.objects.order_by("pk").values_list("external_id", "unit__code", "score"))

    def form(self, client, record, target, own):
        # the survey form only adds responses: the take-over is by the import and the API
        data = {"external_id": "S-2", "method": "phone", "unit": target.pk, "date": "2021-03-01", "q1": "5"}
        return client.post(reverse("voc:survey_create"), data)

    def import_(self, client, record, target, own):
        ref, unit = (record.external_id, own) if record else ("S-2", target)
        text = f"response_id,date,unit,score\n{ref},2021-03-01,{unit.code},1\n"
        return through_import_page(client, reverse("voc:import"), {"kind": "sms", "file": csv(text)})

    def api(self, user, record, target, own):
        ref, unit = (record.external_id, own) if record else ("S-2", target)
        item = {"external_id": ref, "method": "sms", "unit": unit.code, "date": "2021-03-01", "score": "1"}
        return api(user).post("/api/v1/survey-responses/bulk/", {"items": [item]}, format="json")


class SmsJobs:
    name = "sms_job"
    paths = ("form", "import", "api")

    def make(self, hq, unit):
        voc_services.sms_job_upsert_many(
            user=hq,
            rows=[
                {
                    "reference": "J-1",
                    "unit": unit,
                    "job_type": "new_service",
                    "completed_on": date(2021, 3, 1),
                }
            ],
            now=NOW,
        )
        return SmsSurveyJob.objects.get(reference="J-1")

    def state(self):
        return list(SmsSurveyJob.objects.order_by("pk").values_list("reference", "unit__code", "sms_sent_on"))

    def form(self, client, record, target, own):
        data = {
            "unit": target.pk,
            "job_type": "new_service",
            "completed_on": "2021-03-01",
            "sms_sent_on": "2021-03-02",
        }
        if record is not None:
            return client.post(reverse("voc:sms_job_edit", args=[record.pk]), {**data, "unit": own.pk})
        return client.post(reverse("voc:sms_job_create"), {**data, "reference": "J-2"})

    def import_(self, client, record, target, own):
        ref, unit = (record.reference, own) if record else ("J-2", target)
        text = f"reference,unit,job_type,completed_on,sms_sent_on\n{ref},{unit.code},new_service,2021-03-01,2021-03-02\n"
        return through_import_page(client, reverse("voc:import"), {"kind": "sms_jobs", "file": csv(text)})

    def api(self, user, record, target, own):
        ref, unit = (record.reference, own) if record else ("J-2", target)
        item = {
            "reference": ref,
            "unit": unit.code,
            "job_type": "new_service",
            "completed_on": "2021-03-01",
            "sms_sent_on": "2021-03-02",
        }
        return api(user).post("/api/v1/sms-survey-jobs/bulk/", {"items": [item]}, format="json")


class CallBacks:
    name = "callback"
    paths = ("form",)

    def make(self, hq, unit):
        response = voc_services.survey_save(
            user=hq,
            external_id="S-LOW",
            method="smile_box",
            job_type="",
            unit=unit,
            quota_unit=None,
            day=date(2021, 3, 1),
            answers={"q1": 1},
            now=NOW,
        )
        voc_services.callback_record(
            response=response, user=hq, called_at=NOW, outcome="not_reached", note="ของเดิม", now=NOW
        )
        return response

    def state(self):
        return list(CallBack.objects.order_by("pk").values_list("response__external_id", "outcome", "note"))

    def form(self, client, record, target, own):
        data = {"called_at": "2021-03-02T10:00", "outcome": "reached", "note": "ยึด"}
        return client.post(reverse("voc:callback", args=[record.pk]), data)


class Accounts:
    name = "kam_account"
    paths = ("form", "import")

    def make(self, hq, unit):
        return kam_services.account_save(
            account=KeyAccount(customer_number="CA-1", name="ของเดิม", segment="Star", office=unit),
            user=hq,
            now=NOW,
        )

    def state(self):
        return list(KeyAccount.objects.order_by("pk").values_list("customer_number", "office__code", "name"))

    def form(self, client, record, target, own):
        data = {"name": "ยึด", "segment": "Star", "office": target.pk}
        if record is not None:
            return client.post(reverse("kam:edit", args=[record.pk]), {**data, "office": own.pk})
        return client.post(reverse("kam:create"), {**data, "customer_number": "CA-2"})

    def import_(self, client, record, target, own):
        ref, unit = (record.customer_number, own) if record else ("CA-2", target)
        text = f"customer_number,name,segment,office\n{ref},ยึด,Star,{unit.code}\n"
        return through_import_page(client, reverse("kam:import"), {"kind": "accounts", "file": csv(text)})


class Activities:
    name = "kam_activity"
    paths = ("form", "import", "api")

    def make(self, hq, unit):
        account = kam_services.account_save(
            account=KeyAccount(customer_number=f"CA-{unit.code}", name="บริษัท", segment="Star", office=unit),
            user=hq,
            now=NOW,
        )
        kam_services.activity_upsert_many(
            user=hq,
            rows=[
                {
                    "external_id": "A-1",
                    "account": account,
                    "kind": "FMS",
                    "date": date(2021, 3, 1),
                    "notes": "ของเดิม",
                }
            ],
            now=NOW,
            via="form",
        )
        return account

    def state(self):
        return list(
            Activity.objects.order_by("pk").values_list("external_id", "office__code", "account_id", "notes")
        )

    def form(self, client, record, target, own):
        # on the account's page: an activity of that account
        data = {"form": "activity", "kind": "COM", "date": "2021-03-02", "notes": "ยึด"}
        return client.post(reverse("kam:account", args=[record.pk]), data)

    def import_(self, client, record, target, own):
        # the activity's id, with the customer number of the other office's account
        text = (
            f"external_id,customer_number,kind,date,notes\nA-1,{record.customer_number},COM,2021-03-02,ยึด\n"
        )
        return through_import_page(client, reverse("kam:import"), {"kind": "activities", "file": csv(text)})

    def api(self, user, record, target, own):
        item = {
            "external_id": "A-1",
            "customer_number": record.customer_number,
            "kind": "COM",
            "date": "2021-03-02",
            "notes": "ยึด",
        }
        return api(user).post("/api/v1/kam-activities/bulk/", {"items": [item]}, format="json")


class VisitPlans:
    name = "visit_plan"
    paths = ("form",)

    def make(self, hq, unit):
        account = kam_services.account_save(
            account=KeyAccount(customer_number=f"CA-{unit.code}", name="บริษัท", segment="Star", office=unit),
            user=hq,
            now=NOW,
        )
        kam_services.plan_create(user=hq, account=account, now=NOW, planned_date=date(2021, 7, 1), kind="COM")
        return account

    def state(self):
        return list(VisitPlan.objects.order_by("pk").values_list("account_id", "state", "reason"))

    def form(self, client, record, target, own):
        plan = VisitPlan.objects.get(account=record)
        return client.post(
            reverse("kam:account", args=[record.pk]),
            {"form": "close_plan", "plan": plan.pk, "done": "0", "reason": "ยึด"},
        )


TYPES = [
    Complaints(),
    VocRecords(),
    Surveys(),
    SmsJobs(),
    CallBacks(),
    Accounts(),
    Activities(),
    VisitPlans(),
]
CASES = [pytest.param(t, path, id=f"{t.name}-{path}") for t in TYPES for path in t.paths]


def refused(response) -> bool:
    """A 4xx, or the form shown again with its error (a page a person corrects)."""
    if 400 <= response.status_code < 500:
        return True
    if response.status_code == 200:
        html = response.content.decode()
        return any(mark in html for mark in ("field-error", "error-box", "errorlist", "import-errors"))
    return False


@pytest.mark.parametrize("scope", list(SCOPES))
@pytest.mark.parametrize(("kind", "path"), CASES)
def test_a_reporter_writes_only_their_own_units_records(
    kind, path, scope, client, branch_user, hq_user, other_region
):
    own = Unit.objects.get(code=SCOPES["own"])
    target = Unit.objects.get(code=SCOPES[scope])
    record = kind.make(hq_user, target)
    before = kind.state()
    entries_before = len(history_of(record))
    client.force_login(branch_user)
    if path == "api":
        response = kind.api(branch_user, record, target, own)
    else:
        response = getattr(kind, "import_" if path == "import" else path)(client, record, target, own)
    if scope == "own":
        assert response.status_code in (200, 302), response.content.decode()[:2000]
        assert not refused(response), response.content.decode()[:2000]
        assert kind.state() != before
    else:
        assert refused(response), (response.status_code, response.content.decode()[:2000])
        assert kind.state() == before  # nothing written, the other unit's record as it was
        assert len(history_of(record)) == entries_before


@pytest.mark.parametrize("scope", ["other_unit", "other_region"])
@pytest.mark.parametrize(
    ("kind", "path"),
    [
        c
        for c in CASES
        if c.values[0].name in ("complaint", "voc", "survey", "sms_job", "kam_account")
        and c.values[1] != "form"
    ],
)
def test_a_record_cannot_be_created_in_another_unit(
    kind, path, scope, client, branch_user, other_region, seed_plan
):
    own = Unit.objects.get(code=SCOPES["own"])
    target = Unit.objects.get(code=SCOPES[scope])
    before = kind.state()
    client.force_login(branch_user)
    if path == "api":
        response = kind.api(branch_user, None, target, own)
    else:
        response = kind.import_(client, None, target, own)
    assert refused(response) and kind.state() == before


@pytest.mark.parametrize("scope", ["other_unit", "other_region"])
@pytest.mark.parametrize(
    "kind",
    [t for t in TYPES if t.name in ("complaint", "voc", "survey", "sms_job", "kam_account")],
    ids=lambda t: t.name,
)
def test_a_form_offers_no_other_unit(kind, scope, client, branch_user, other_region, seed_plan):
    own = Unit.objects.get(code=SCOPES["own"])
    target = Unit.objects.get(code=SCOPES[scope])
    before = kind.state()
    client.force_login(branch_user)
    response = kind.form(client, None, target, own)
    assert refused(response) and kind.state() == before
