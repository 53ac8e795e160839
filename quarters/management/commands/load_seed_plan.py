"""python manage.py load_seed_plan [--file PATH]: the region's 2564 plan with the seed's own results."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from complaints.services import types_and_holidays_load
from kam.services import segment_targets_load
from plans.importers import PlanFileError, load_plan_document, read_plan_file
from quarters.importers import load_historical_results
from voc.services import reference_load as voc_reference_load

DEFAULT_FILE = Path(settings.BASE_DIR) / "plans" / "seed" / "plan_2564_customer.yaml"
HOLIDAYS_FILE = Path(settings.BASE_DIR) / "complaints" / "seed" / "holidays_2564.yaml"
VOC_FILE = Path(settings.BASE_DIR) / "voc" / "seed" / "channels.yaml"


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
                types_and_holidays_load(document)
                segment_targets_load(document)
                if Path(file).resolve() == DEFAULT_FILE.resolve():
                    types_and_holidays_load(read_plan_file(HOLIDAYS_FILE))
                    voc_reference_load(read_plan_file(VOC_FILE))
        except PlanFileError as exc:
            raise CommandError(
                "ไฟล์แผนไม่ถูกต้อง ไม่ได้นำเข้าข้อมูลใดๆ / plan file refused, nothing loaded:\n" + str(exc)
            ) from exc
        counts = ", ".join(f"{k} {v}" for k, v in loaded.counts.items())
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(f"Loaded {file}: {counts}, results {results}"))
