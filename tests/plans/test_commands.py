import io
import sys

import pytest
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
