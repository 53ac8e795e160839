"""python manage.py load_seed_plan [--file PATH]: the region's 2564 plan with the seed's own results.

The plan itself is loaded here; the file's other sections (the seed's results, complaint types and holidays,
KAM segment targets) and the apps' own seed files by the loaders they register (plans/sections.py).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from plans.importers import PlanFileError, load_plan_document, read_plan_file
from plans.sections import section_loaders

DEFAULT_FILE = Path(settings.BASE_DIR) / "plans" / "seed" / "plan_2564_customer.yaml"


class Command(BaseCommand):
    help = "Load a plan file (default: the seed 2564 Customer plan). Idempotent; refused whole on any error."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_FILE))

    def handle(self, *args, file, **options):
        with_seed_files = Path(file).resolve() == DEFAULT_FILE.resolve()
        try:
            with transaction.atomic():
                document = read_plan_file(file)
                loaded = load_plan_document(document)
                counts = dict(loaded.counts)
                for loader in section_loaders():
                    counts[loader.name] = loader.load(document, loaded)
                    for path in loader.seed_files if with_seed_files else ():
                        counts[loader.name] += loader.load(read_plan_file(path), loaded)
        except PlanFileError as exc:
            raise CommandError(
                "ไฟล์แผนไม่ถูกต้อง ไม่ได้นำเข้าข้อมูลใดๆ / plan file refused, nothing loaded:\n" + str(exc)
            ) from exc
        if options["verbosity"] > 0:
            summary = ", ".join(f"{k} {v}" for k, v in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Loaded {file}: {summary}"))
