"""The VOC API: bulk creates of survey responses and VOC records refuse the whole batch and name the item."""

import pytest

from tests.helpers import api
from voc.models import SurveyResponse, VocRecord

pytestmark = pytest.mark.django_db


def test_a_survey_score_outside_its_methods_scale_refuses_the_batch_and_names_the_item(
    branch_user, seed_plan
):
    client = api(branch_user)
    surveys = {
        "items": [
            {
                "external_id": "S1",
                "method": "smile_box",
                "unit": "กฟฟ.ชบ.",
                "date": "2021-02-01",
                "score": "3",
            },
            {
                "external_id": "S2",
                "method": "smile_box",
                "unit": "กฟฟ.ชบ.",
                "date": "2021-02-01",
                "score": "4",
            },
        ]
    }
    response = client.post("/api/v1/survey-responses/bulk/", surveys, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["item"] == 1
    assert not SurveyResponse.objects.filter(external_id__in=["S1", "S2"]).exists()


def test_an_unknown_voc_channel_is_an_error_on_its_field(branch_user, seed_plan):
    client = api(branch_user)
    voc = {
        "items": [
            {
                "reference": "V1",
                "date": "2021-02-01",
                "unit": "กฟฟ.ชบ.",
                "channel": "PIGEON",
                "category": "service",
                "text": "x",
            }
        ]
    }
    response = client.post("/api/v1/voc-records/bulk/", voc, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "channel"
    assert not VocRecord.objects.filter(reference="V1").exists()
