"""python manage.py loadtest_check var/loadtest-submitted.json: every value the load test submitted is saved."""

import json

from django.core.management.base import BaseCommand, CommandError

from quarters.models import Result


class Command(BaseCommand):
    help = "Check in the database that every submission the load test made is there, value by value."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        with open(path, encoding="utf-8") as handle:
            submitted = json.load(handle)
        if not submitted:
            # a run in which no reporter got its form submitted proves nothing: say so, do not pass
            raise CommandError("submitted values checked: 0 (no reporter's submission went through)")
        saved = {
            (r.unit_id, r.target_id): (r.value, r.status)
            for r in Result.objects.filter(unit_id__in={s["unit"] for s in submitted}, quarter=1)
        }
        lost = [
            s for s in submitted if saved.get((s["unit"], s["target"]), (None, None))[0] != int(s["value"])
        ]
        not_submitted = [
            s for s in submitted if saved.get((s["unit"], s["target"]), (None, ""))[1] != "submitted"
        ]
        self.stdout.write(
            f"submitted values checked: {len(submitted)}; lost or different: {len(lost)}; "
            f"not in 'submitted' state: {len(not_submitted)}"
        )
        if lost or not_submitted:
            raise CommandError(f"{len(lost)} values lost, {len(not_submitted)} not submitted: {lost[:5]}")
