"""Exports of the monthly complaint summary: the printed page (PDF) and the table (XLSX)."""

from __future__ import annotations

from django.template.loader import render_to_string

from kpiplan.lib.downloads import PDF, XLSX, Download
from kpiplan.lib.pdf import html_to_pdf
from kpiplan.lib.spreadsheets import rows_to_xlsx

HEADER = [
    "หน่วยงาน",
    "รับเรื่อง (ตัดสินได้)",
    "ปิดภายใน SLA",
    "% ภายใน SLA",
    "% ด้านปฏิบัติงาน ปิดใน 1 เดือน",
    "% ผลิตภัณฑ์และบริการ ปิดใน 15 วัน",
    "% ผลิตภัณฑ์และบริการ ปิดใน 30 วัน",
    "ค้างเกินกำหนด",
    "เฉลี่ยวันปิดเรื่อง",
]


def monthly_summary_pdf(context: dict) -> Download:
    """The summary page's context, printed (complaints/summary_print.html)."""
    html = render_to_string("complaints/summary_print.html", context)
    return Download(html_to_pdf(html), f"{_name(context['year'], context['month'])}.pdf", PDF)


def monthly_summary_xlsx(lines, total, *, year: int, month: int) -> Download:
    """One row per unit and the total row, as on the page."""
    rows = [HEADER]
    for line in [*lines, total]:
        rows.append(
            [
                line.unit.code if line.unit else "รวม",
                line.tally.decided,
                line.tally.in_time,
                line.sla_pct,
                line.within_month_pct,
                line.within_15_pct,
                line.within_30_pct,
                line.tally.overdue,
                line.avg_days,
            ]
        )
    return Download(rows_to_xlsx(rows, _name(year, month)), f"{_name(year, month)}.xlsx", XLSX)


def _name(year: int, month: int) -> str:
    return f"complaints-{year}-{month:02d}"
