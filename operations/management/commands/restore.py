"""python manage.py restore PATH [--replace]: load a backup into an empty database (or replace its content)."""

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by manage.py backup; checks every checksum and row count."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--replace", action="store_true", help="empty this database first")

    def handle(self, *args, path, replace, **options):
        try:
            summary = restore(path, replace=replace)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored {sum(summary.counts.values())} rows and {summary.files} files from {path}"
        )
