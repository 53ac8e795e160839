"""schemathesis against the OpenAPI schema: no server errors, every response matches the schema.

Each operation gets a handful of generated requests (valid and invalid) sent in-process through the WSGI
application with a head-office token. (schemathesis' pytest plugin does not load under pytest 9, so the
operations are walked here with hypothesis directly.)
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from accounts import services
from complaints.models import Complaint
from kam.models import Activity as KamActivity
from kam.models import KeyAccount, VisitPlan
from plans.models import User
from voc.models import CallBack, SmsSurveyJob, SurveyResponse, VocRecord

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes "old" connections around each request, which would close the test's connection
    inside its transaction (PostgreSQL); Django's own test client switches that off the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.parametrize("username", ["headoffice", "reporter2"])
def test_every_operation_answers_within_its_schema(demo_world, username, keep_test_connection):
    """Over the demo data, which holds every record type (complaints, VOC records, surveys and call-backs, jobs
    owed an SMS survey, key accounts, activities and visit plans, results at every step): the lists return real rows, the bulk writes
    meet real keys — head office's own and, for a reporter, other offices'."""
    assert all(
        model.objects.exists()
        for model in (
            Complaint,
            VocRecord,
            SurveyResponse,
            CallBack,
            SmsSurveyJob,
            KeyAccount,
            KamActivity,
            VisitPlan,
        )
    )
    user = User.objects.get(username=username)
    key = services.token_issue(user=user, name="schemathesis", now=timezone.now(), signed_in=True)[1]
    headers = {"Authorization": f"Token {key}"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json", get_wsgi_application(), headers=headers
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def exercise(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            exercise()
        except Exception as exc:
            failures.append(f"{operation.label}: {str(exc)[:600]}")
    assert not failures, "\n\n".join(failures)
