"""python manage.py load_seed_plan [--file PATH]: the region's 2564 plan with the seed's own results."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from plans.importers import PlanFileError, load_plan_document, read_plan_file
from quarters.importers import load_historical_results

DEFAULT_FILE = Path(settings.BASE_DIR) / "plans" / "seed" / "plan_2564_customer.yaml"


class Command(BaseCommand):
    help = "Load a plan file (default: the seed 2564 Customer plan). Idempotent; refused whole on any error."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_FILE))

    def handle(self, *args, file, **options):
        try:
            with transaction.atomic():
                document = read_plan_file(file)
                loaded = load_plan_document(document)
                results = load_historical_results(loaded.plan, loaded.results) if loaded.plan else 0
                for hook in LOAD_HOOKS:
                    hook(document)
        except PlanFileError as exc:
            raise CommandError(
                "ไฟล์แผนไม่ถูกต้อง ไม่ได้นำเข้าข้อมูลใดๆ / plan file refused, nothing loaded:\n" + str(exc)
            ) from exc
        counts = ", ".join(f"{k} {v}" for k, v in loaded.counts.items())
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(f"Loaded {file}: {counts}, results {results}"))


# Sections of the file that other apps load (complaint types, ...). Each takes the parsed document.
LOAD_HOOKS: list = []
