"""Every app contributes its own demo data, plan-file sections and benchmarks through its AppConfig, so that
operations only iterates the registries (plans/demo.py, plans/sections.py, kpiplan/lib/benchmarking.py)."""

import io

import pytest
from django.core.management import call_command

from accounts.models import FaqEntry
from complaints.models import Complaint, ComplaintType, Holiday
from kam.models import Activity as KamActivity
from kam.models import KeyAccount, SegmentTarget
from kpiplan.lib import benchmarking
from plans.demo import demo_loaders
from plans.sections import section_loaders
from quarters.models import Result
from voc.models import Channel, SurveyResponse, VocRecord

pytestmark = pytest.mark.django_db


def test_each_app_registers_its_demo_its_plan_file_sections_and_its_benchmarks():
    assert list(demo_loaders()) == [
        "faq",
        "onboarding",
        "voc",
        "kam",
        "complaints",
        "results",
        "baselines",
        "revision",
    ]  # INSTALLED_APPS order
    assert [loader.name for loader in section_loaders()] == ["voc", "kam", "complaints", "results"]
    assert {
        "activation_letters_pdf",
        "sign_in",
        "satisfaction_avg_region_quarter",
        "kam_coverage_region",
        "complaints_sla_region_quarter",
        "complaints_import_100k",
        "entry_form_save",
        "grid_region",
        "grid_national",
        "matrix_region_quarter",
        "report_pdf_region",
        "report_batch_region",
    } == set(benchmarking.REGISTRY)


def test_the_seed_brings_every_apps_reference_data(seed_plan):
    # plan_2564_customer.yaml: 9 complaint types (OP1-OP6, URGENT, PRODUCT, MISCONDUCT) and 11 KAM segment
    # targets; complaints/seed: the 21 holidays of 2564; voc/seed: 5 channels; and the seed's own results.
    assert ComplaintType.objects.count() == 9
    assert Holiday.objects.count() == 21
    assert Channel.objects.count() == 5
    assert SegmentTarget.objects.count() == 11
    assert Result.objects.filter(is_historical=True).exists()


def test_demo_data_holds_every_record_type_once(seed_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the demo attaches evidence and builds letters and a report batch
    call_command("demo_data", stdout=io.StringIO())
    results = Result.objects.filter(is_historical=False).count()
    call_command("demo_data", stdout=io.StringIO())  # idempotent: the records are added once
    # as the loaders write them: the results of 8 offices' quarter forms, 60 complaints, 40 VOC records,
    # 200 survey responses, 30 key accounts, 1 FAQ entry beside the 3 canned answers of the migrations (every record type: tests/operations/test_every_page_thai.py)
    assert results > 0 and Result.objects.filter(is_historical=False).count() == results
    assert Complaint.objects.filter(reference__startswith="DEMO-").count() == 60
    assert VocRecord.objects.count() == 40
    assert SurveyResponse.objects.count() == 200
    assert KeyAccount.objects.count() == 30 and KamActivity.objects.exists()
    assert FaqEntry.objects.count() == 4
