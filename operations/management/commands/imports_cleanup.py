"""Remove import previews nobody confirmed (older than IMPORT_PREVIEW_HOURS, or --hours)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from kpiplan.lib import importfiles


class Command(BaseCommand):
    help = "Remove abandoned import previews (uploaded files never confirmed)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=None, help="older than this (default: the setting)")

    def handle(self, *args, hours=None, **options):
        removed = importfiles.cleanup(timezone.now(), hours)
        self.stdout.write(f"removed {removed} abandoned import file(s)")
