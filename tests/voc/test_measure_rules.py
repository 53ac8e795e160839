"""The VOC and satisfaction KPIs' arithmetic (voc/measures.py) over the per-office tallies the query returns,
without a database; each expected value is worked out by hand in a comment. What the tallies count is tested
over records made through the services in tests/voc/test_voc.py."""

from datetime import date
from decimal import Decimal as D

from django.urls import reverse

from plans.measures import MeasureValue
from voc import measures


def tally(method: str, job: str = "", n: int = 0, total: int = 0, low: int = 0, called: int = 0) -> dict:
    return {"method": method, "job_type": job, "n": n, "total": D(total), "low": low, "called": called}


ROWS = [
    tally("phone", "new_service", n=3, total=14),
    tally("phone", "lv_extension", n=2, total=9),
    tally("phone", "new_service", n=1, total=5),
    tally("sms", n=4, total=18, low=1),
    tally("smile_box", n=10, total=41, low=3, called=2),
    tally("touch_screen", n=5, total=20, low=1, called=1),
]


def value(name: str, rows=ROWS) -> MeasureValue:
    return measures.SURVEY_MEASURES[name](rows)


def test_phone_surveys_count_by_job_type():
    assert value("phone_surveys_new_service") == MeasureValue(D(4))  # 3 + 1
    assert value("phone_surveys_lv_extension") == MeasureValue(D(2))
    assert value("phone_surveys_transformer") == MeasureValue(D(0))
    # an SMS survey of a new service is not a phone survey
    assert value("phone_surveys_new_service", [tally("sms", "new_service", n=7)]) == MeasureValue(D(0))


def test_satisfaction_is_the_mean_weighted_by_responses():
    # phone: (14 + 9 + 5) / (3 + 2 + 1) = 28 / 6 = 4.6667
    assert value("satisfaction_avg_phone") == MeasureValue(D("4.6667"), D(28), D(6))
    # sms: 18 / 4 = 4.5
    assert value("satisfaction_avg_sms") == MeasureValue(D("4.5000"), D(18), D(4))
    # Smile Box and touch screen together: (41 + 20) / 15 = 4.0667
    assert value("satisfaction_avg_smilebox") == MeasureValue(D("4.0667"), D(61), D(15))
    # no responses: no value
    assert value("satisfaction_avg_sms", ROWS[:3]) == MeasureValue(None, None, D(0))


def test_call_backs_are_the_share_of_low_ratings_reached():
    # Smile Box and touch screen: 3 called of 4 low ratings = 75 %; the SMS low rating is not in it
    assert value("callback_ratio_pct") == MeasureValue(D("75.00"), D(3), D(4))
    # 2 of 3: 66.67 %
    assert value("callback_ratio_pct", ROWS[4:5]) == MeasureValue(D("66.67"), D(2), D(3))
    assert value("callback_ratio_pct", [tally("smile_box", n=2, total=10, called=0)]) == MeasureValue(
        None, D(0), D(0)
    )


def test_the_keys_the_family_computes():
    for name in measures.NAMES:
        assert measures.is_known(f"voc.{name}")
    assert measures.is_known("voc.sms_survey_coverage_pct")  # 3.3.1's jobs (voc.SmsSurveyJob)
    assert not measures.is_known("voc.sms_survey_coverage")
    assert not measures.is_known("kam.unresolved_logged")
    assert not measures.is_known("voc")
    assert set(measures.NAMES) == {"unresolved_logged", "sms_survey_coverage_pct", *measures.SURVEY_MEASURES}


def test_the_records_behind_a_value():
    logged = measures.records_url("voc.unresolved_logged", 7, date(2021, 1, 1), date(2021, 3, 31))
    assert logged == "/voc/?unit=7&date_from=2021-01-01&date_to=2021-03-31&logged=1"
    surveys = measures.records_url("voc.satisfaction_avg_phone", 7, date(2021, 1, 1), date(2021, 6, 30))
    assert surveys.endswith("?unit=7&date_from=2021-01-01&date_to=2021-06-30")
    assert "logged" not in surveys and surveys != logged


def test_the_sms_survey_coverage_links_to_the_sms_jobs():
    url = measures.records_url("voc.sms_survey_coverage_pct", 7, date(2021, 1, 1), date(2021, 3, 31))
    assert url == reverse("voc:sms_jobs") + "?unit=7&date_from=2021-01-01&date_to=2021-03-31"
