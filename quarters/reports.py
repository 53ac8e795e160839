"""The printed quarterly report form (แบบฟอร์มรายงานผลการดำเนินงานตามแผนปฏิบัติ) as data, PDF and XLSX.

Three variants read the same data the grid shows:
    unit      a unit's own results (accepted ones printed as results; others say they await review)
    region    the region's consolidated values (grid roll-ups of accepted results) and the division's narrative
    summary   one line per target with its status
A cell without a result prints "ยังไม่รายงาน", never blank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from kpiplan.lib.pdf import html_to_pdf
from kpiplan.lib.periods import Quarter
from kpiplan.lib.spreadsheets import append, finish, workbook_bytes
from kpiplan.lib.thaidate import thai_date
from kpiplan.templatetags_builtins import num
from plans import access, measures, revisions
from plans.goals import UnitGoals, unit_goals
from plans.models import Activity, Plan, Target, Unit, User
from plans.selectors import assignments_for, plan_tree, targets_with_assignments

from . import grids
from .models import ACTION_STATES, CorrectiveAction, Result
from .scoring import Standing, goal_for, standing
from .selectors import quarter_of

NOT_REPORTED = "ยังไม่รายงาน"
SEE_SUB_ACTIVITIES = "รายงานตามแผนปฏิบัติย่อย"
VARIANTS = ("unit", "region", "summary")


class ReportError(Exception):
    """The report cannot be made (unknown unit, quarter, plan); the message says why, in Thai."""


@dataclass
class Cell:
    lines: list[str] = field(default_factory=list)
    status: str = Standing.NOT_REPORTED
    due: bool = True  # a quarter after the report's is not due yet: the paper form leaves it blank

    @property
    def text(self) -> str:
        if not self.due:
            return ""
        return "\n".join(self.lines) if self.lines else NOT_REPORTED


@dataclass
class Row:
    workplan: str  # printed on the first row of each workplan only
    activity: Activity
    targets: list[Target]
    period: str
    lead: str
    cells: list[Cell]


@dataclass
class SummaryRow:
    activity: str
    target: Target
    goal: str
    value: str
    status: str


@dataclass
class Section:
    code: str
    name: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Signature:
    role: str
    name: str
    position: str


@dataclass
class AppendixRow:
    """A line of the appendix: a result behind target, its obstacle and corrective action, followed up."""

    unit: str
    activity: str
    quarter: str
    obstacle: str
    what: str
    owner: str
    due: str
    state: str


@dataclass
class Report:
    plan: Plan
    quarter: Quarter
    variant: str
    subject: Unit
    sections: list[Section]
    summary: list[SummaryRow]
    printed_on: date
    signatures: list[Signature]
    revision: int = 1  # the plan revision the form prints (ครั้งที่ N)
    # The definitions appendix: (measure key, its KPI-dictionary entry, the activities bound to it)
    definitions: list[tuple[str, measures.Definition, list[str]]] = field(default_factory=list)
    appendix: list[AppendixRow] = field(default_factory=list)

    @property
    def title(self) -> str:
        return (
            f"แบบฟอร์มรายงานผลการดำเนินงานตามแผนปฏิบัติ ประจำปี {self.plan.year} ของ {self.plan.owner.code}"
            f" (ครั้งที่ {self.revision})"
        )

    @property
    def columns(self) -> list[str]:
        return [q.cumulative_label for q in self.plan.plan_year.quarters()]

    @property
    def filename(self) -> str:
        return f"report-{self.plan.year}-q{self.quarter.number}-{self.variant}-{self.subject.pk}-r{self.revision}"


def _figure(target: Target, value, numerator, denominator, done) -> str:
    if target.kind == Target.Kind.MILESTONE:
        return {True: "ดำเนินการแล้ว", False: "ยังไม่แล้วเสร็จ"}.get(done, "")
    if value is None:
        return ""
    text = f"{num(value)} {target.unit_of_measure}".strip()
    if target.kind == Target.Kind.PERCENTAGE and numerator is not None and denominator:
        text += f" ({num(numerator)}/{num(denominator)})"
    return text


def _says_something(text: str) -> bool:
    """A narrative of nothing but dashes and spaces ("-", "- ") says nothing: the form prints no lone "-"."""
    return bool(text.strip(" -–—\t\r\n"))


def _result_lines(target: Target, result: Result, many: bool, *, superseded: bool = False) -> list[str]:
    """``superseded``: the region's own result where the units' roll-up gives the cell its figure; it prints
    neither its own figure nor, when loaded from the paper form, the paper's words for that figure (one
    figure per cell), only its letter."""
    lines = []
    figure = _figure(target, result.value, result.numerator, result.denominator, result.done)
    if figure and not superseded:
        # the whole target label: the cell wraps it, a cut label reads wrong ("ภายใน 4 ชั่วโมง ไม่ต")
        lines.append(f"- {target.label_th}: {figure}" if many else f"- {figure}")
    narrative = result.narrative if not (superseded and result.is_historical) else ""
    if _says_something(narrative):
        lines.append(narrative if narrative.startswith("-") else f"- {narrative}")
    if result.letter_no and result.letter_no not in narrative:
        dated = f" ลงวันที่ {thai_date(result.letter_date)}" if result.letter_date else ""
        lines.append(f"- ตามหนังสือเลขที่ {result.letter_no}{dated}")
    if result.reopened_at is not None:
        lines.append(f"- แก้ไขหลังรับรอง (เปิดแก้ไขเมื่อ {thai_date(result.reopened_at)})")
    return lines


def _unit_cells(
    targets: list[Target],
    results: dict,
    quarter_numbers: list[int],
    upto: int,
    goals: UnitGoals | None = None,
    unit_id: int | None = None,
) -> list[Cell]:
    """A unit's form: each result graded against the unit's own goal (its value per unit or class, its
    baseline) as the printed revision had it."""
    cells = []
    for q in quarter_numbers:
        cell = Cell(due=q <= upto)
        if not cell.due:
            cells.append(cell)
            continue
        statuses = []
        for target in targets:
            result = results.get((target.pk, q))
            if result is None:
                continue
            if result.status != Result.Status.ACCEPTED:
                corrected = " เปิดแก้ไขหลังรับรอง" if result.reopened_at is not None else ""
                cell.lines.append(
                    f"- {target.label_th}: รอการตรวจสอบ ({result.get_status_display()}{corrected})"
                )
                continue
            cell.lines.extend(_result_lines(target, result, len(targets) > 1))
            goal = (
                goal_for(
                    target, q, value=goals.value(target, unit_id), baselines=[goals.baseline(target, unit_id)]
                )
                if goals is not None
                else None
            )
            statuses.append(standing(target, q, result.value, result.done, goal=goal))
        cell.status = _worst(statuses)
        cells.append(cell)
    return cells


def _worst(statuses: list[str]) -> str:
    for status in (Standing.BEHIND, Standing.ON_TRACK, Standing.ACHIEVED):
        if status in statuses:
            return status
    return Standing.NOT_REPORTED


def _region_cells(
    targets: list[Target], grid_cells: dict, quarter_numbers: list[int], upto: int
) -> list[Cell]:
    cells = []
    for q in quarter_numbers:
        cell = Cell(due=q <= upto)
        if not cell.due:
            cells.append(cell)
            continue
        statuses = []
        narratives = []
        for target in targets:
            grid_cell = grid_cells[(target.pk, q)]
            if grid_cell.rolled.value is not None:
                figure = _figure(
                    target,
                    grid_cell.rolled.value,
                    grid_cell.rolled.numerator,
                    grid_cell.rolled.denominator,
                    None,
                )
                if target.kind == Target.Kind.MILESTONE:
                    figure = f"ดำเนินการแล้ว {num(grid_cell.rolled.value)}/{grid_cell.expected} หน่วยงาน"
                label = f"{target.label_th}: " if len(targets) > 1 else ""
                carried = f"; {grid_cell.carried_label}" if grid_cell.carried else ""
                cell.lines.append(
                    f"- {label}{figure} (รายงาน {grid_cell.submitted}/{grid_cell.expected} หน่วยงาน{carried})"
                )
                statuses.append(grid_cell.status)
            region = grid_cell.region_result
            if region is not None and region.status == Result.Status.ACCEPTED:
                superseded = grid_cell.rolled.value is not None
                for line in _result_lines(target, region, len(targets) > 1, superseded=superseded):
                    if line not in narratives:
                        narratives.append(line)
                statuses.append(grid_cell.status)
        cell.lines.extend(narratives)
        cell.status = _worst(statuses)
        cells.append(cell)
    return cells


def _signatures(unit: Unit, prepared_by: User | None) -> list[Signature]:
    approver = access.signers_of(unit).order_by("role", "pk").first()
    prepared = Signature("ผู้จัดทำ", "", "")
    if prepared_by is not None:
        prepared = Signature(
            "ผู้จัดทำ", prepared_by.get_full_name() or prepared_by.username, prepared_by.position
        )
    reviewed = Signature(
        "ผู้ตรวจสอบ", approver.get_full_name() if approver else "", approver.position if approver else ""
    )
    return [prepared, reviewed]


def build_report(
    plan: Plan,
    quarter_number: int,
    *,
    variant: str = "unit",
    unit: Unit | None = None,
    today: date,
    prepared_by: User | None = None,
    revision: int | None = None,
) -> Report:
    """The form of the plan's current revision, or of an earlier one (``revision``) with every target's goal
    as that revision had it."""
    if variant not in VARIANTS:
        raise ReportError(f"ไม่รู้จักรูปแบบรายงาน {variant!r} (unit, region หรือ summary)")
    if not 1 <= quarter_number <= 4:
        raise ReportError(f"ไตรมาสต้องเป็น 1 ถึง 4 (ได้ {quarter_number})")
    subject = unit if variant == "unit" else plan.owner
    if subject is None:
        raise ReportError("รายงานของหน่วยงานต้องระบุหน่วยงาน")
    quarter = quarter_of(plan, quarter_number)
    quarter_numbers = [1, 2, 3, 4]
    tree = plan_tree(plan, unit=subject if variant == "unit" and subject.pk != plan.owner_id else None)
    current = revisions.current_number(plan)
    revision = current if revision is None else revision
    if not 1 <= revision <= current:
        raise ReportError(f"แผนนี้ไม่มีการปรับครั้งที่ {revision} (มีถึงครั้งที่ {current})")
    as_of = plan.revisions.filter(number=revision).first() if revision != current else None
    if as_of is not None:
        for onode in tree:
            for wnode in onode.workplans:
                for anode in wnode.activities:
                    revisions.as_of(anode.targets, as_of.snapshot)
    sections: list[Section] = []
    summary: list[SummaryRow] = []
    if variant == "unit" and subject.pk != plan.owner_id:
        results = {
            (r.target_id, r.quarter): r
            for r in Result.objects.filter(
                unit=subject, target__activity__workplan__objective__perspective__plan=plan
            )
        }
        grid_cells = {}
        tree_targets = [t for onode in tree for w in onode.workplans for a in w.activities for t in a.targets]
        own_goals = unit_goals(tree_targets, [subject])
        if as_of is not None:  # the unit's values and baselines as the printed revision had them
            own_goals = revisions.goals_as_of(as_of.snapshot, own_goals.baselines)
    else:
        scope = grids.scope_for(plan)
        if as_of is not None:
            revisions.as_of(scope.targets, as_of.snapshot)
            scope.__dict__["_goals"] = revisions.goals_as_of(as_of.snapshot, scope.goals.baselines)
        grid_cells = {
            (row.target.pk, q): row.cells[q]
            for row in grids.plan_grid(scope, quarter_numbers, today=today)
            for q in quarter_numbers
        }
        results = {}
    for onode in tree:
        section = Section(onode.objective.code, onode.objective.name_th)
        for wnode in onode.workplans:
            first = True
            for anode in wnode.activities:
                targets = anode.targets
                if not targets:
                    cells = []  # a heading such as 3.3: its sub-activities carry the results
                elif variant == "unit" and subject.pk != plan.owner_id:
                    cells = _unit_cells(
                        targets, results, quarter_numbers, quarter_number, own_goals, subject.pk
                    )
                else:
                    cells = _region_cells(targets, grid_cells, quarter_numbers, quarter_number)
                workplan_label = f"แผนงานที่ {wnode.workplan.number} {wnode.workplan.title_th}" if first else ""
                first = False
                section.rows.append(
                    Row(
                        workplan_label,
                        anode.activity,
                        targets,
                        anode.activity.period_label(plan.plan_year),
                        anode.activity.lead_text,
                        cells,
                    )
                )
                for target in targets:
                    if variant == "summary":
                        gc = grid_cells[(target.pk, quarter_number)]
                        value = gc.value
                        summary.append(
                            SummaryRow(
                                anode.activity.number,
                                target,
                                target.text_with_value() if target.value is not None else "",
                                NOT_REPORTED
                                if value is None and gc.status == Standing.NOT_REPORTED
                                else (num(value) if value is not None else "รายงานเป็นข้อความ"),
                                gc.status,
                            )
                        )
        sections.append(section)
    return Report(
        plan,
        quarter,
        variant,
        subject,
        sections,
        summary,
        today,
        _signatures(subject, prepared_by),
        revision,
        _definitions(sections) if variant != "unit" or subject.pk == plan.owner_id else [],
        _appendix(plan, quarter_number, None if variant == "region" else subject, today)
        if variant in ("region", "unit")
        else [],
    )


def _definitions(sections: list[Section]) -> list[tuple[str, measures.Definition, list[str]]]:
    """The measures the report's targets are computed by, with the activities that use each: the printed
    form's appendix, so a reader of the director's copy knows what each computed figure counts."""
    used: dict[str, list[str]] = {}
    for section in sections:
        for row in section.rows:
            for target in row.targets:
                if target.measure_key and measures.definition(target.measure_key):
                    numbers = used.setdefault(target.measure_key, [])
                    if row.activity.number not in numbers:
                        numbers.append(row.activity.number)
    return [(key, measures.definition(key), numbers) for key, numbers in used.items()]


def _appendix(plan: Plan, quarter_number: int, unit: Unit | None, today: date) -> list[AppendixRow]:
    """Obstacles and corrective actions of the results sent on (not drafts) up to the report's quarter: of
    the whole plan for the region, of the unit for a unit's report. One query."""
    actions = (
        CorrectiveAction.objects.filter(
            result__target__activity__workplan__objective__perspective__plan=plan,
            result__quarter__lte=quarter_number,
        )
        .exclude(result__status__in=[Result.Status.DRAFT, Result.Status.RETURNED])
        .select_related("result__unit", "result__target__activity")
        .order_by("result__unit__code", "result__quarter", "result__target__activity__sort_key", "due", "pk")
    )
    if unit is not None and unit.pk != plan.owner_id:
        actions = actions.filter(result__unit=unit)
    return [
        AppendixRow(
            a.result.unit.code,
            a.result.target.activity.number,
            quarter_of(plan, a.result.quarter).cumulative_label,
            a.obstacle,
            a.what,
            a.owner,
            thai_date(a.due),
            ACTION_STATES[a.state(today)] + (f" ({thai_date(a.done_on)})" if a.done_on else ""),
        )
        for a in actions
    ]


def render_html(report: Report) -> str:
    return render_to_string(
        "reports/quarterly.html",
        {
            "report": report,
            "printed_on": thai_date(report.printed_on),
            "standing": {s.value: s.label for s in Standing},
        },
    )


def render_pdf(report: Report) -> bytes:
    return html_to_pdf(render_html(report))


def render_xlsx(report: Report) -> bytes:
    """The form as a workbook: the same rows, text stored as text (no formula runs, no apostrophe shows), the
    header frozen and printed on every page, landscape; the obstacles and corrective actions on a sheet of their
    own ("ภาคผนวก"), as the PDF's appendix."""
    wb = Workbook()
    ws = wb.active
    ws.title = f"ไตรมาส {report.quarter.cumulative_label.replace('/', ' ปี ')}"
    append(ws, [report.title])
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    append(
        ws,
        [
            f"{report.subject.code} {report.subject.name_th} · {report.quarter.label_th} · "
            f"พิมพ์เมื่อ {thai_date(report.printed_on)}"
        ],
    )
    if report.variant == "summary":
        append(ws, ["แผนปฏิบัติ", "เป้าหมาย", "ค่าเป้าหมาย", f"ผลสะสม {report.quarter.cumulative_label}", "สถานะ"])
        for row in report.summary:
            append(ws, [row.activity, row.target.label_th, row.goal, row.value, Standing(row.status).label])
        widths = [10, 70, 20, 16, 16]
    else:
        append(
            ws,
            ["แผนงาน", "แผนปฏิบัติ", "ช่วงเวลา", "หน่วยงานหลัก"]
            + [f"ผลการดำเนินงานสะสม ไตรมาสที่ {label}" for label in report.columns],
        )
        for section in report.sections:
            number = append(ws, [section.code])
            ws.cell(row=number, column=1).font = Font(bold=True)
            for row in section.rows:
                activity = f"{row.activity.number} {row.activity.title_th}"
                if row.targets:
                    activity += "\nเป้าหมาย\n" + "\n".join(f"- {t.label_th}" for t in row.targets)
                results = [c.text for c in row.cells] or [SEE_SUB_ACTIVITIES]
                append(ws, [row.workplan, activity, row.period, row.lead, *results])
        widths = [28, 60, 14, 18, 30, 30, 30, 30]
    finish(ws, header_row=3, widths=widths, wrap=True)
    if report.appendix:
        # as the printed form's last pages: what stands in the way of each result behind target, and its action
        sheet = wb.create_sheet("ภาคผนวก")
        append(sheet, ["ภาคผนวก: ปัญหาอุปสรรคและการแก้ไขของผลที่ต่ำกว่าเป้าหมาย"])
        sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
        append(sheet, [f"{report.subject.code} {report.subject.name_th} · {report.quarter.label_th}"])
        append(
            sheet,
            ["หน่วยงาน", "แผนปฏิบัติ", "ไตรมาส", "ปัญหาอุปสรรค", "การแก้ไข", "ผู้รับผิดชอบ", "กำหนดเสร็จ", "ติดตามผล"],
        )
        for a in report.appendix:
            append(sheet, [a.unit, a.activity, a.quarter, a.obstacle, a.what, a.owner, a.due, a.state])
        finish(sheet, header_row=3, widths=[14, 10, 10, 45, 45, 22, 14, 20], wrap=True)
    return workbook_bytes(wb)


def render(report: Report, fmt: str) -> bytes:
    if fmt == "pdf":
        return render_pdf(report)
    if fmt == "xlsx":
        return render_xlsx(report)
    raise ReportError(_("Unknown format %r (pdf or xlsx).") % fmt)


def batch_units(plan: Plan) -> list[Unit]:
    """The units of the region that report at least one target of the plan, in code order."""
    targets = list(targets_with_assignments(plan))
    units = list(Unit.objects.filter(region_id=plan.owner_id).exclude(pk=plan.owner_id).order_by("code"))
    assignments = assignments_for(targets, units)
    reporting = set().union(*assignments.by_target.values()) if assignments.by_target else set()
    return [u for u in units if u.pk in reporting]
