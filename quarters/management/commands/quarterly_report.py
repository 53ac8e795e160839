"""python manage.py quarterly_report --year 2564 --quarter 2 [--unit CODE] [--variant unit|region|summary]
[--region CODE] [--format pdf|xlsx] --output PATH

The file is written whole or not at all: it goes to a temporary file beside PATH and is renamed at the end.
"""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plans.models import Plan, Unit
from quarters.reports import ReportError, build_report, render


class Command(BaseCommand):
    help = "Print the quarterly report form of a unit, a region, or the one-line-per-target summary."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="plan year, Buddhist era (2564)")
        parser.add_argument("--quarter", type=int, required=True, help="1..4 (cumulative Q1..Qn)")
        parser.add_argument("--unit", help="unit code; without it the region's consolidated report")
        parser.add_argument("--region", help="region code when several regions have a plan for the year")
        parser.add_argument("--variant", choices=["unit", "region", "summary"])
        parser.add_argument("--format", dest="fmt", choices=["pdf", "xlsx"], default="pdf")
        parser.add_argument("--output", required=True)

    def handle(self, *args, year, quarter, unit, region, variant, fmt, output, **options):
        if not 1 <= quarter <= 4:
            raise CommandError(f"ไตรมาสต้องเป็น 1 ถึง 4 (ได้ {quarter}) / quarter must be 1-4")
        unit_obj = None
        if unit:
            unit_obj = Unit.objects.filter(code=unit).first()
            if unit_obj is None:
                raise CommandError(f"ไม่พบหน่วยงานรหัส {unit!r} / no unit with code {unit!r}")
        plans = Plan.objects.filter(year=year).select_related("owner")
        if region:
            plans = plans.filter(owner__code=region)
        elif unit_obj is not None:
            plans = plans.filter(owner_id=unit_obj.region_id or unit_obj.pk)
        plans = list(plans)
        if not plans:
            raise CommandError(
                f"ไม่มีแผนของปี {year}{' สำหรับ ' + (region or unit) if (region or unit) else ''} "
                f"/ no plan for {year}"
            )
        if len(plans) > 1:
            raise CommandError(
                f"มีแผนปี {year} หลายเขต ระบุ --region / several regions: "
                + ", ".join(p.owner.code for p in plans)
            )
        variant = variant or ("unit" if unit_obj else "region")
        try:
            report = build_report(
                plans[0], quarter, variant=variant, unit=unit_obj, today=timezone.localdate()
            )
            content = render(report, fmt)
        except ReportError as exc:
            raise CommandError(str(exc)) from exc
        target = Path(output)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".report-", suffix=f".{fmt}")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        self.stdout.write(f"wrote {target} ({len(content):,} bytes)")
