"""The grid and matrix exports are data, and hold the page's own figures.

Over the demo data (results entered, submitted, approved, returned and accepted through the services), a
region reviewer opens the grid and the matrix, then their CSV and XLSX: every number of every cell of the page
is found in the export, in its own column, as a number; nothing is HTML; the XLSX prints.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from plans.models import Target
from quarters.exports import GRID_HEADER, MATRIX_HEADER, UNIT_HEADER
from quarters.models import Result

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # the demo data, loaded once a module

GRID_CELL = re.compile(
    r'<a class="gridcell st-(?P<status>\w+)" href="/results/\d+/cell/(?P<target>\d+)/q(?P<q>\d)/" '
    r'title="(?P<standing>[^"]*)"><span class="v">(?P<v>[^<]*)</span> '
    r'(?:<span class="g">/ (?P<goal>[^<]*)</span>)?<span class="meta">(?P<sub>\d+)/(?P<exp>\d+)'
    r'(?: · <span class="late">[^<\d]*(?P<late>\d+)</span>)?'
    r'(?: · <span class="carried" data-carried>[^<\d]*(?P<carried>\d+)[^<]*</span>)?'
    r'(?: · <span class="regrade" data-regrade>[^<]*</span>)?</span></a>'
)
MATRIX_CELL = re.compile(
    r'<a class="mcell wf-\w+" href="/results/result/(?P<pk>\d+)/" title="[^"]*">(?P<f>[^<]*)</a>'
)
UNIT_ROW = re.compile(
    r"<td[^>]*><strong>(?P<code>[^<]+)</strong></td>\s*<td[^>]*>(?P<c>[^<]*)</td>\s*<td[^>]*>(?P<t>[^<]*)</td>"
)


def number(text: str) -> Decimal | None:
    """A figure as the page prints it ("1,234.5", "—") as a number."""
    text = text.strip().replace(",", "")
    return None if text in ("", "—") else Decimal(text)


def same(a, b) -> bool:
    """An exported cell (int, float, Decimal or empty) and a page figure are the same number."""
    if a in (None, "") or b is None:
        return a in (None, "") and b is None
    return abs(Decimal(str(a)) - b) < Decimal("0.01")


def key_of(target: Target) -> tuple:
    return (target.activity.workplan.objective.code, target.activity.number, target.label)


def xlsx_rows(content: bytes, sheet: int = 0) -> tuple[list[tuple], openpyxl.worksheet.worksheet.Worksheet]:
    ws = openpyxl.load_workbook(io.BytesIO(content)).worksheets[sheet]
    return list(ws.iter_rows(values_only=True)), ws


@pytest.mark.parametrize("basis", ["accepted", "submitted"])
def test_the_grid_export_holds_every_figure_of_the_page(demo_reviewer, demo_plan, basis):
    url = reverse("quarters:grid")
    html = demo_reviewer.get(url, {"plan": demo_plan.pk, "basis": basis}).content.decode()
    cells = [m.groupdict() for m in GRID_CELL.finditer(html)]
    targets = {t.pk: t for t in Target.objects.filter(pk__in={int(c["target"]) for c in cells})}
    assert len(cells) == 4 * len(targets) > 100  # every target, four cumulative quarters
    xlsx = demo_reviewer.get(url, {"plan": demo_plan.pk, "basis": basis, "export": "xlsx"})
    rows, ws = xlsx_rows(xlsx.content)
    assert list(rows[0]) == GRID_HEADER
    col = {name: i for i, name in enumerate(GRID_HEADER)}
    exported = {
        (r[col["กลุ่มวัตถุประสงค์"]], r[col["แผนปฏิบัติ"]], r[col["เป้าหมาย"]], r[col["ไตรมาส"]]): r for r in rows[1:]
    }
    assert len(exported) == len(rows) - 1 == len(cells)
    csv_rows = list(
        csv.reader(
            io.StringIO(
                demo_reviewer.get(
                    url, {"plan": demo_plan.pk, "basis": basis, "export": "csv"}
                ).content.decode("utf-8-sig")
            )
        )
    )
    assert csv_rows[0] == GRID_HEADER and len(csv_rows) == len(rows)
    shown = {"v": 0, "late": 0}
    for cell in cells:
        target = targets[int(cell["target"])]
        row = exported[(*key_of(target), f"ไตรมาส {'1' if cell['q'] == '1' else '1-' + cell['q']}/2564")]
        # The figure: a number in its own column, or none when the page says reported / not reported.
        # (a milestone's figure is how many units have done it: "ดำเนินการแล้ว 8 หน่วยงาน")
        figure = re.fullmatch(r"(?:ดำเนินการแล้ว )?([\d,.]+)(?: หน่วยงาน)?", cell["v"].strip())
        value = number(figure[1]) if figure else None
        assert same(row[col["ผลสะสม"]], value), (target, cell)
        shown["v"] += value is not None
        assert row[col["สถานะ"]] == cell["standing"]
        assert same(row[col["ค่าเป้าหมายสะสม"]], number(cell["goal"]) if cell["goal"] else None)
        assert row[col["หน่วยงานที่รายงาน"]] == int(cell["sub"])
        assert row[col["หน่วยงานที่ต้องรายงาน"]] == int(cell["exp"])
        assert row[col["หน่วยงานที่ล่าช้า"]] == int(cell["late"] or 0)
        assert row[col["หน่วยงานที่ยกยอด"]] == int(cell["carried"] or 0)
        shown["late"] += bool(cell["late"])
        for value in row:
            assert not isinstance(value, str) or "<" not in value  # no markup
    assert shown["v"] > 10 and shown["late"] > 0  # the demo has figures and late units to compare
    # numbers are numbers in the workbook; the CSV carries the same figures as text
    numeric = [r[col["ผลสะสม"]] for r in rows[1:] if r[col["ผลสะสม"]] is not None]
    assert all(isinstance(v, (int, float)) for v in numeric)
    assert sorted(Decimal(r[col["ผลสะสม"]]) for r in csv_rows[1:] if r[col["ผลสะสม"]]) == sorted(
        Decimal(str(v)) for v in numeric
    )
    # it prints: header frozen and on every page, landscape, fitted to the width
    assert ws.freeze_panes == "A2" and ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1


def test_a_reported_text_target_reads_the_same_in_the_export_as_on_the_page(demo_reviewer, demo_plan):
    # 2.1 of CR1 (PEA Doing Business) is reported by the region as a letter: the page says "รายงานแล้ว"
    # for Q1-2, and so must the export (it said "ยังไม่รายงาน").
    target = Target.objects.get(
        activity__workplan__objective__code="CR1",
        activity__number="2.1",
        activity__workplan__objective__perspective__plan=demo_plan,
    )
    html = demo_reviewer.get(reverse("quarters:grid"), {"plan": demo_plan.pk}).content.decode()
    cell = next(m for m in GRID_CELL.finditer(html) if m["target"] == str(target.pk) and m["q"] == "2")
    assert cell["v"] == "รายงานแล้ว" and cell["standing"] == "รายงานเป็นข้อความ"
    rows, _ws = xlsx_rows(
        demo_reviewer.get(reverse("quarters:grid"), {"plan": demo_plan.pk, "export": "xlsx"}).content
    )
    row = next(r for r in rows if r[2] == "2.1" and r[0] == "CR1" and r[5] == "ไตรมาส 1-2/2564")
    assert row[GRID_HEADER.index("สถานะ")] == "รายงานเป็นข้อความ" and row[GRID_HEADER.index("ผลสะสม")] is None


def test_the_matrix_export_holds_every_figure_of_the_page(demo_reviewer, demo_plan):
    url = reverse("quarters:matrix")
    html = demo_reviewer.get(url, {"plan": demo_plan.pk, "quarter": 2}).content.decode()
    figures = {int(m["pk"]): m["f"] for m in MATRIX_CELL.finditer(html)}
    results = {
        r.pk: r
        for r in Result.objects.filter(pk__in=figures).select_related(
            "unit", "target__activity__workplan__objective"
        )
    }
    assert len(figures) > 20
    rows, ws = xlsx_rows(
        demo_reviewer.get(url, {"plan": demo_plan.pk, "quarter": 2, "export": "xlsx"}).content
    )
    assert list(rows[0]) == MATRIX_HEADER
    col = {name: i for i, name in enumerate(MATRIX_HEADER)}
    exported = {
        (r[col["หน่วยงาน"]], r[col["กลุ่มวัตถุประสงค์"]], r[col["แผนปฏิบัติ"]], r[col["เป้าหมาย"]]): r for r in rows[1:]
    }
    for pk, figure in figures.items():
        result = results[pk]
        row = exported[(result.unit.code, *key_of(result.target))]
        numbers = [Decimal(n.replace(",", "")) for n in re.findall(r"[\d,]+(?:\.\d+)?", figure)]
        # "93.88 (46/49)": the value, then the numerator and denominator it was worked out from
        if result.value is not None:
            assert same(row[col["ผลสะสม"]], numbers[0])
        if result.denominator and result.numerator is not None and result.target.kind == "percentage":
            assert same(row[col["ตัวตั้ง"]], numbers[1]) and same(row[col["ตัวหาร"]], numbers[2])
        assert row[col["ขั้นตอน"]] == result.get_status_display()
        if result.submitted_at:
            assert row[col["ส่งเมื่อ"]].date() == result.submitted_at.astimezone().date()  # a date cell
            assert ws.cell(row=rows.index(row) + 1, column=col["ส่งเมื่อ"] + 1).number_format.endswith(
                "bbbb h:mm"
            )
    # every unit's completeness and timeliness, as the page's first columns show them
    totals, _ws = xlsx_rows(
        demo_reviewer.get(url, {"plan": demo_plan.pk, "quarter": 2, "export": "xlsx"}).content, sheet=1
    )
    assert list(totals[0]) == UNIT_HEADER
    by_unit = {r[0]: r for r in totals[1:]}
    page_units = [m.groupdict() for m in UNIT_ROW.finditer(html)]
    assert len(page_units) == len(by_unit) > 10
    for unit in page_units:
        row = by_unit[unit["code"]]
        assert same(row[5], number(unit["c"])) and same(row[6], number(unit["t"]))


def test_the_report_workbook_shows_no_apostrophe_and_runs_no_formula(demo_reviewer, demo_plan):
    response = demo_reviewer.get(
        reverse("quarters:report", args=[demo_plan.pk]), {"quarter": 2, "variant": "region", "format": "xlsx"}
    )
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    dashed = [c for c in cells if c.value.startswith(("-", "=", "+", "@"))]
    assert len(dashed) > 10  # the paper form's lines begin with "- รายงานผล ตามหนังสือ..."
    assert not [c.value for c in cells if c.value.startswith("'")]
    assert all(c.data_type == "s" and c.quotePrefix for c in dashed)
    assert (
        ws.freeze_panes == "A4"
        and ws.print_title_rows == "$3:$3"
        and ws.page_setup.orientation == "landscape"
    )
