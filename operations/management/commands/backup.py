"""python manage.py backup PATH: the database and the attachments in one .tar.gz, with a manifest."""

from django.core.management.base import BaseCommand

from operations.backup import backup


class Command(BaseCommand):
    help = "Back up every table and every attachment into one file (restore it with manage.py restore)."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        summary = backup(path)
        rows = sum(summary.counts.values())
        self.stdout.write(
            f"wrote {summary.path}: {rows} rows in {len(summary.counts)} tables, {summary.files} files"
        )
