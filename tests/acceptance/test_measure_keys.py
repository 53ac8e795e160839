"""Unknown measure keys are refused everywhere a target is written; measures count the units a target covers."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from plans import measures
from plans.importers import PlanFileError, load_plan_document, read_plan_file
from plans.management.commands.load_seed_plan import DEFAULT_FILE
from plans.models import Target, Unit
from plans.selectors import measure_scope
from tests.conftest import make_user
from tests.helpers import form_fields
from voc import services as voc_services

pytestmark = pytest.mark.django_db


def test_every_seed_key_is_known_and_a_typo_is_not(seed_plan):
    keys = set(Target.objects.exclude(measure_key="").values_list("measure_key", flat=True))
    assert keys and all(measures.is_known(k) for k in keys)
    assert "voc.sms_survey_coverage_pct" in keys  # 3.3.1, the last seed KPI without a record behind it
    for typo in (
        "voc.sms_survey_coverage",
        "complaints.closed_within_sla",
        "kam.fms_coverage_gold_pct",
        "x.y",
    ):
        assert not measures.is_known(typo)


def test_the_plan_loader_refuses_an_unknown_key_naming_it(seed_plan):
    doc = read_plan_file(DEFAULT_FILE)
    doc["plan"]["year"] = 2566
    doc["plan"]["perspectives"][0]["objectives"][0]["workplans"][0]["activities"][0]["targets"][0][
        "measure_key"
    ] = "voc.no_such_measure"
    with pytest.raises(PlanFileError) as exc:
        load_plan_document(doc)
    assert [p.field for p in exc.value.problems] == ["measure_key"]
    assert "voc.no_such_measure" in exc.value.problems[0].message


def test_the_target_form_refuses_an_unknown_key_and_saves_nothing(client, seed_plan, hq_user):
    target = Target.objects.get(measure_key="voc.unresolved_logged")
    client.force_login(hq_user)
    url = reverse("plans:target_edit", args=[target.pk])
    data = form_fields(client.get(url).content.decode()) | {"measure_key": "voc.unresolved_loged"}
    response = client.post(url, data)
    assert response.status_code == 400 and "voc.unresolved_loged" in response.content.decode()
    target.refresh_from_db()
    assert target.measure_key == "voc.unresolved_logged"


def test_manage_py_check_names_a_target_bound_to_an_unknown_key(seed_plan):
    Target.objects.filter(measure_key="voc.unresolved_logged").update(
        measure_key="voc.gone"
    )  # an old database
    with pytest.raises(SystemCheckError, match=r"voc\.gone"):
        call_command("check")


def test_a_division_counts_the_regions_surveys_and_an_office_its_own_and_its_sub_offices(seed_plan):
    """3.3.2's phone surveys belong to กบล.(ก2): its figure counts every office's surveys in the region.
    Two surveys at กฟฟ.ชบ., one at กฟฟ.มดพ.: the division counts 3, กฟฟ.ชบ. 2, กฟฟ.มดพ. 1."""
    division = Unit.objects.get(code="กบล.(ก2)")
    offices = {code: Unit.objects.get(code=code) for code in ("กฟฟ.ชบ.", "กฟฟ.มดพ.")}
    for i, code in enumerate(["กฟฟ.ชบ.", "กฟฟ.ชบ.", "กฟฟ.มดพ."]):
        unit = offices[code]
        voc_services.survey_save(
            user=make_user(f"s{i}", code, "reporter"),
            external_id=f"PH-{i}",
            method="phone",
            job_type="new_service",
            unit=unit,
            quota_unit=None,
            day=date(2021, 2, 1),
            answers={"q1": Decimal(5)},
        )
    key = "voc.phone_surveys_new_service"
    scopes = {u.pk: measure_scope(u).unit_ids for u in [division, *offices.values()]}
    got = measures.compute([key], scopes, date(2021, 1, 1), date(2021, 3, 31))[key]
    assert got[division.pk].value == 3
    assert got[offices["กฟฟ.ชบ."].pk].value == 2 and got[offices["กฟฟ.มดพ."].pk].value == 1
    assert "ทั้งเขต" in measure_scope(division).label_th
