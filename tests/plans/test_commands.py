import io
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from plans.models import User

pytestmark = pytest.mark.django_db


def test_add_user_generates_and_prints_a_password_once(seed_plan, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    out = io.StringIO()
    call_command(
        "add_user", username="somsak", unit="กฟฟ.รย.", role="reporter", email="s@example.org", stdout=out
    )
    password = out.getvalue().split("password: ")[1].strip()
    user = User.objects.get(username="somsak")
    assert user.check_password(password) and user.unit.code == "กฟฟ.รย." and user.role == "reporter"


def test_add_user_reads_the_password_from_stdin(seed_plan, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("a-long-secret-2564\n"))
    out = io.StringIO()
    call_command("add_user", username="malee", unit="กบล.(ก2)", role="reviewer", stdout=out)
    assert "password:" not in out.getvalue()
    assert User.objects.get(username="malee").check_password("a-long-secret-2564")


def test_add_user_refuses_an_unknown_unit_and_a_taken_name(seed_plan, branch_user):
    with pytest.raises(CommandError, match="ไม่พบหน่วยงาน"):
        call_command("add_user", username="x", unit="NOPE", role="reporter")
    with pytest.raises(CommandError, match="มีชื่อผู้ใช้"):
        call_command("add_user", username=branch_user.username, unit="กฟฟ.รย.", role="reporter")


def test_demo_data_creates_a_user_per_role_and_prints_the_logins(seed_plan):
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    call_command("demo_data", stdout=io.StringIO())  # idempotent
    roles = set(User.objects.filter(email__endswith="@kpiplan.local").values_list("role", flat=True))
    assert roles == set(User.Role.values)
    for username in ["reporter", "approver", "reviewer", "headoffice", "admin"]:
        assert username in out.getvalue()


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
