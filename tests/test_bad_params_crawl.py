"""Every page without path arguments, opened with nonsense in every query parameter the code reads: a 4xx or a
page, never a 500."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PARAMS = [
    "year",
    "quarter",
    "unit",
    "plan",
    "month",
    "office",
    "page",
    "topic",
    "segment",
    "status",
    "group",
    "workplan",
    "objective",
    "kamr",
    "uncovered",
    "region",
    "variant",
    "format",
    "export",
    "queue",
    "q",
    "date_from",
    "received_from",
    "channel",
    "type",
    "basis",
    "late",
    "missing",
    "code",
    "date_to",
    "job_type",
    "unsent",
]
BAD = ["abc", "1e400", "99999999999999999999"]  # not a number, a float, past every integer column


def plain_urls():
    found = []

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                if "api" in str(p.pattern) or "admin" in str(p.pattern):
                    continue
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and "<" not in str(p.pattern) and "(?P" not in str(p.pattern):
                found.append("/" + prefix + str(p.pattern))

    walk(get_resolver().url_patterns, "")
    return sorted({u.replace("^", "").replace("$", "") for u in found if "logout" not in u})


@pytest.mark.slow
@pytest.mark.parametrize("who", ["head_office", "reporter"])  # every page, and a unit's view of them
def test_no_page_answers_500_to_a_bad_query_string(client, users_by_role, seed_plan, who):
    client.force_login(users_by_role[who])
    client.raise_request_exception = False
    failures = []
    plan, office = seed_plan.pk, users_by_role["reporter"].unit_id
    target = (
        seed_plan.perspectives.first().objectives.first().workplans.first().activities.first().targets.first()
    )
    with_arguments = [
        f"/results/{plan}/report/",
        f"/results/{plan}/unit/{office}/q2/",
        f"/results/{plan}/unit/{office}/q2/xlsx/",
        f"/results/{plan}/review/q2/",
        f"/results/{plan}/region/q2/",
        f"/results/{plan}/locks/",
        f"/results/{plan}/cell/{target.pk}/q2/",
        f"/plans/{plan}/",
        # the records behind a value, of each family (complaints, VOC, key accounts)
        f"/plans/kpi/complaints.closed_within_month_pct/records/?plan={plan}&quarter=2&unit={office}",
        f"/plans/kpi/voc.sms_survey_coverage_pct/records/?plan={plan}&quarter=2&unit={office}",
        f"/plans/kpi/kam.com_coverage_pct/records/?plan={plan}&quarter=2&unit={office}",
    ]
    for url in plain_urls() + with_arguments:
        for bad in BAD:
            query = {name: bad for name in PARAMS}
            response = client.get(url, query)
            if response.status_code >= 500:
                failures.append((url, bad, response.status_code))
    assert failures == []
