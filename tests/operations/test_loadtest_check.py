"""The load test's last step: every value a reporter submitted must be in the database; a run that checked
nothing does not pass."""

import json

import pytest
from django.core.management import CommandError, call_command

from plans.models import Target

pytestmark = pytest.mark.django_db


def test_a_run_with_no_submission_checked_fails(tmp_path):
    path = tmp_path / "submitted.json"
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError, match="checked: 0"):
        call_command("loadtest_check", str(path))


def test_a_submitted_value_missing_from_the_database_fails(tmp_path, office, seed_plan):
    target = Target.objects.filter(activity__workplan__objective__perspective__plan=seed_plan).first()
    path = tmp_path / "submitted.json"
    path.write_text(json.dumps([{"unit": office.pk, "target": target.pk, "value": 7}]), encoding="utf-8")
    with pytest.raises(CommandError, match="1 values lost"):
        call_command("loadtest_check", str(path))
