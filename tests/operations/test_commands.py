"""The operator's commands: demo data for `make run`, and the production settings passing check --deploy."""

import io
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

from plans.models import User

pytestmark = pytest.mark.django_db


def test_demo_data_creates_a_user_per_role_and_prints_the_logins(seed_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    call_command("demo_data", stdout=io.StringIO())  # idempotent
    roles = set(User.objects.filter(email__endswith="@kpiplan.local").values_list("role", flat=True))
    assert roles == set(User.Role.values)
    for username in ["reporter", "approver", "reviewer", "headoffice", "admin"]:
        assert username in out.getvalue()


@pytest.mark.slow
def test_the_production_configuration_passes_check_deploy(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "KPIPLAN_PRODUCTION": "1",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "kpiplan.example.org",
        "SECRET_KEY": "k" * 20 + "-production-secret-value-with-enough-entropy-0123456789",
        "DATABASE_URL": f"sqlite:///{tmp_path}/prod.sqlite3",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    ("extra", "starts"),
    [
        ({"DEBUG": "0"}, False),
        ({"DEBUG": "1"}, True),
    ],  # with a SECRET_KEY: test_the_production_configuration…
)
def test_without_a_secret_key_only_debug_starts(tmp_path, extra, starts):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", **extra}
    done = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode == 0) is starts, done.stderr[-500:]
    if not starts:
        assert "SECRET_KEY is not set" in done.stderr
