"""python manage.py add_user --username U --unit CODE --role ROLE [--email E]

The password is read from standard input when it is piped in; otherwise one is generated and printed once.
"""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from plans.models import Unit, User
from plans.services import user_create


class Command(BaseCommand):
    help = "Create a user in a unit with a role (for bulk provisioning)."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--unit", required=True, help="unit code, e.g. กฟฟ.ชบ.")
        parser.add_argument("--role", required=True, choices=User.Role.values)
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="")

    def handle(self, *args, username, unit, role, email, name, **options):
        try:
            unit_obj = Unit.objects.get(code=unit)
        except Unit.DoesNotExist as exc:
            raise CommandError(f"ไม่พบหน่วยงานรหัส {unit!r} / no unit with code {unit!r}") from exc
        if User.objects.filter(username=username).exists():
            raise CommandError(f"มีชื่อผู้ใช้ {username!r} อยู่แล้ว / user {username!r} already exists")
        password = None
        if not sys.stdin.isatty():
            password = sys.stdin.readline().rstrip("\n") or None
        try:
            user, generated = user_create(
                username=username, unit=unit_obj, role=role, email=email, password=password, first_name=name
            )
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
        self.stdout.write(self.style.SUCCESS(f"created {user.username} ({role}, {unit_obj.code})"))
        if generated:
            self.stdout.write(f"password: {generated}")
