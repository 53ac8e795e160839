"""The complaint KPIs of CR2 workplan 2, registered as the "complaints" family.

Every share follows one rule (``sla.standing``), applied to each complaint received in the period, as of the
end of the period's last day:
- closed by its deadline: counted, in time;
- closed after it, or still open after it: counted, missed;
- still open and not yet due: left out until it is due;
- of a type the KPI does not count: left out (misconduct, and types outside the KPI's category).

Deadlines end at the end of a day (local time), as the types' SLAs do: "within 15 days" is the end of the 15th
calendar day after the day of receipt, "within one month" the end of the same day of the next month.

Keys (a name → function map; any other key is refused):
- closed_within_month_pct      operational complaints closed within one month (CR2 2(ก), ≥ 85 %)
- closed_within_30d_pct        product & service complaints closed within 30 days (CR2 2(ค), 100 %)
- closed_within_15d_pct        product & service complaints closed within 15 days (CR2 2(ง), ≥ 70 %)
- closed_within_sla_pct[.TYPE] counted complaints (or one type's) closed within their type's SLA
- open_overdue                 counted complaints still open past their due date
- avg_days_to_close[.TYPE], avg_hours_to_close[.TYPE]  mean time to close of those closed in the period

Each complaint's deadlines, and whether it was closed by each, are fixed when it is written
(``complaints.services``; re-fixed when its type's SLA or the holiday calendar changes), so a value is one counting
query over every unit asked (``compute``); the list of counted and left-out records (``explain``) applies the
same rule to the same stored deadlines row by row, with the reasons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from plans.measures import Explained, MeasureValue, Verdict

from . import sla
from .models import Complaint, ComplaintType

OPERATIONAL = ComplaintType.Category.OPERATIONAL
PRODUCT = ComplaintType.Category.PRODUCT_SERVICE


@dataclass(frozen=True)
class Row:
    """What the KPIs read of one complaint."""

    pk: int
    reference: str
    unit_id: int
    unit_code: str
    type_code: str
    type_name: str
    category: str
    counted: bool
    sla_unit: str
    received_at: datetime
    closed_at: datetime | None
    due_at: datetime
    due_15d_at: datetime | None
    due_30d_at: datetime | None
    due_month_at: datetime | None


@dataclass(frozen=True)
class ShareRule:
    """Which complaints a share counts and by when each must be closed."""

    categories: tuple[str, ...] | None  # None: every counted type
    deadline: str  # the stored deadline (Complaint field) ...
    closed_by: str  # ... and the stored "closed by it" of a closed complaint
    deadline_th: str


SHARES: dict[str, ShareRule] = {
    "closed_within_month_pct": ShareRule((OPERATIONAL,), "due_month_at", "in_month", "1 เดือน"),
    "closed_within_30d_pct": ShareRule((PRODUCT,), "due_30d_at", "in_30d", "30 วัน"),
    "closed_within_15d_pct": ShareRule((PRODUCT,), "due_15d_at", "in_15d", "15 วัน"),
    "closed_within_sla_pct": ShareRule(None, "due_at", "in_sla", "SLA ของประเภท"),
}
AVERAGES = {"avg_days_to_close": 86400, "avg_hours_to_close": 3600}
TYPED = {"closed_within_sla_pct", "open_overdue", *AVERAGES}  # names that take a type code
NAMES = (*SHARES, "open_overdue", *AVERAGES)

LEFT_OUT_TYPE = "ไม่นับ: ประเภทไม่อยู่ในตัวชี้วัด"
NOT_DUE = "ยังไม่ครบกำหนด"


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), tz),
        timezone.make_aware(datetime.combine(end, sla.END_OF_DAY), tz),
    )


def rows_of(unit_ids, start: date, end: date) -> list[Row]:
    """The complaints received in [start, end] by the units. One query."""
    since, as_of = _bounds(start, end)
    fields = (
        "pk",
        "reference",
        "unit_id",
        "unit__code",
        "type__code",
        "type__name_th",
        "type__category",
        "type__counted",
        "type__sla_unit",
        "received_at",
        "closed_at",
        "due_at",
        "due_15d_at",
        "due_30d_at",
        "due_month_at",
    )
    query = Complaint.objects.filter(
        unit_id__in=list(unit_ids), received_at__gte=since, received_at__lte=as_of
    ).order_by("received_at", "pk")
    return [Row(*values) for values in query.values_list(*fields).iterator(chunk_size=5000)]


def split_key(key: str) -> tuple[str, str | None]:
    _prefix, name, *arg = key.split(".", 2)
    return name, (arg[0] if arg else None)


def is_known(key: str) -> bool:
    parts = key.split(".")
    if len(parts) not in (2, 3) or parts[0] != "complaints" or parts[1] not in NAMES:
        return False
    return len(parts) == 2 or (parts[1] in TYPED and bool(parts[2]))


def _in_kpi(name: str, code: str | None, row: Row | Group) -> bool:
    if code is not None:
        return row.type_code == code
    rule = SHARES.get(name)
    if rule is not None and rule.categories is not None:
        return row.counted and row.category in rule.categories
    return row.counted


def verdicts(key: str, rows: Sequence[Row], as_of: datetime) -> list[tuple[Row, Verdict]]:
    """Each complaint's standing in a share KPI, with its reason in Thai."""
    name, code = split_key(key)
    rule = SHARES[name]
    out = []
    for row in rows:
        if not _in_kpi(name, code, row):
            out.append((row, Verdict("left_out", LEFT_OUT_TYPE)))
            continue
        due = getattr(row, rule.deadline)
        state, _late = sla.standing(due, row.closed_at, as_of)
        hours = name == "closed_within_sla_pct" and row.sla_unit == ComplaintType.SlaUnit.HOURS
        if state == "in_time":
            out.append((row, Verdict("in_time", "ปิดภายในกำหนด")))
        elif state == "late":
            out.append((row, Verdict("missed", f"พ้น SLA {sla.lateness_th(due, row.closed_at, hours)}")))
        elif state == "open_late":
            lateness = sla.lateness_th(due, as_of, hours)
            out.append((row, Verdict("missed", f"ยังไม่ปิด พ้นกำหนด {lateness}")))
        else:
            out.append((row, Verdict("left_out", NOT_DUE)))
    return out


def _share(found: list[tuple[Row, Verdict]]) -> MeasureValue:
    in_time = sum(1 for _r, v in found if v.state == "in_time")
    decided = sum(1 for _r, v in found if v.state in ("in_time", "missed"))
    if not decided:
        return MeasureValue(None, Decimal(in_time), Decimal(0))
    return MeasureValue(
        (Decimal(100) * in_time / decided).quantize(Decimal("0.01")), Decimal(in_time), Decimal(decided)
    )


def _overdue(key: str, rows: Sequence[Row], as_of: datetime) -> MeasureValue:
    _name, code = split_key(key)
    mine = [r for r in rows if _in_kpi("open_overdue", code, r)]
    late = sum(1 for r in mine if sla.standing(r.due_at, r.closed_at, as_of)[0] == "open_late")
    return MeasureValue(Decimal(late) if mine else None, None, Decimal(len(mine)))


def _average(key: str, rows: Sequence[Row], as_of: datetime) -> MeasureValue:
    name, code = split_key(key)
    closed = [r for r in rows if _in_kpi(name, code, r) and r.closed_at is not None and r.closed_at <= as_of]
    if not closed:
        return MeasureValue(None, None, Decimal(0))
    seconds = sum((r.closed_at - r.received_at).total_seconds() for r in closed)
    value = Decimal(seconds / AVERAGES[name] / len(closed)).quantize(Decimal("0.01"))
    return MeasureValue(value, None, Decimal(len(closed)))


def _value(key: str, rows: Sequence[Row], as_of: datetime) -> MeasureValue:
    name, _code = split_key(key)
    if name in SHARES:
        return _share(verdicts(key, rows, as_of))
    if name == "open_overdue":
        return _overdue(key, rows, as_of)
    return _average(key, rows, as_of)


@dataclass(frozen=True)
class Group:
    """The counts of the complaints of one unit and one type received in the period, as of its end."""

    unit_id: int
    type_code: str
    category: str
    counted: bool
    total: int
    closed: int  # closed by the end of the period
    open_late: int  # not closed by then and past the type's SLA
    seconds_to_close: float  # of those closed
    in_time: dict[str, int]  # per share: closed by then and by its deadline
    decided: dict[str, int]  # per share: closed by then, or past its deadline


def _counts(unit_ids, start: date, end: date) -> list[Group]:
    """One query: per unit and type, the counts every key is made of (the rule of ``sla.standing`` as SQL)."""
    since, as_of = _bounds(start, end)
    closed = Q(closed_at__lte=as_of)
    aggregates = {
        "total": Count("pk"),
        "closed": Count("pk", filter=closed),
        "open_late": Count("pk", filter=~closed & Q(due_at__lt=as_of)),
        "to_close": Sum("time_to_close", filter=closed),
    }
    for name, rule in SHARES.items():
        aggregates[f"in_{name}"] = Count("pk", filter=closed & Q(**{rule.closed_by: True}))
        aggregates[f"decided_{name}"] = Count("pk", filter=closed | Q(**{f"{rule.deadline}__lt": as_of}))
    query = (
        Complaint.objects.filter(unit_id__in=list(unit_ids), received_at__gte=since, received_at__lte=as_of)
        .values("unit_id", "type__code", "type__category", "type__counted")
        .annotate(**aggregates)
        .order_by()
    )
    return [
        Group(
            unit_id=g["unit_id"],
            type_code=g["type__code"],
            category=g["type__category"],
            counted=g["type__counted"],
            total=g["total"],
            closed=g["closed"],
            open_late=g["open_late"],
            seconds_to_close=g["to_close"].total_seconds() if g["to_close"] else 0.0,
            in_time={name: g[f"in_{name}"] for name in SHARES},
            decided={name: g[f"decided_{name}"] for name in SHARES},
        )
        for g in query
    ]


def _counted_value(key: str, groups: Sequence[Group]) -> MeasureValue:
    """A key's value from the counts, by the same rules as ``_value`` row by row."""
    name, code = split_key(key)
    mine = [g for g in groups if _in_kpi(name, code, g)]
    if name in SHARES:
        in_time = sum(g.in_time[name] for g in mine)
        decided = sum(g.decided[name] for g in mine)
        if not decided:
            return MeasureValue(None, Decimal(in_time), Decimal(0))
        return MeasureValue(
            (Decimal(100) * in_time / decided).quantize(Decimal("0.01")), Decimal(in_time), Decimal(decided)
        )
    if name == "open_overdue":
        total = sum(g.total for g in mine)
        return MeasureValue(Decimal(sum(g.open_late for g in mine)) if total else None, None, Decimal(total))
    closed = sum(g.closed for g in mine)
    if not closed:
        return MeasureValue(None, None, Decimal(0))
    seconds = sum(g.seconds_to_close for g in mine)
    return MeasureValue(
        Decimal(seconds / AVERAGES[name] / closed).quantize(Decimal("0.01")), None, Decimal(closed)
    )


def compute(
    keys: list[str], scopes: Mapping[int, Sequence[int]], start: date, end: date
) -> dict[str, dict[int, MeasureValue]]:
    """Every key for every reporting unit, each over the units its scope covers: one counting query."""
    covered = {u for ids in scopes.values() for u in ids}
    by_unit: dict[int, list[Group]] = {}
    for group in _counts(covered, start, end):
        by_unit.setdefault(group.unit_id, []).append(group)
    return {
        key: {
            unit: _counted_value(key, [g for u in ids for g in by_unit.get(u, ())])
            for unit, ids in scopes.items()
        }
        for key in keys
    }


def explain(key: str, unit_ids: Sequence[int], start: date, end: date) -> Explained:
    """The complaints behind a share (counted in time, counted missed, left out) with their reasons."""
    _since, as_of = _bounds(start, end)
    rows = rows_of(unit_ids, start, end)
    name, _code = split_key(key)
    if name in SHARES:
        found = verdicts(key, rows, as_of)
    elif name == "open_overdue":
        found = []
        for r in rows:
            if not _in_kpi(name, split_key(key)[1], r):
                found.append((r, Verdict("left_out", LEFT_OUT_TYPE)))
                continue
            state, _late = sla.standing(r.due_at, r.closed_at, as_of)
            if state == "open_late":
                found.append((r, Verdict("in_time", f"ยังไม่ปิด พ้นกำหนด {sla.lateness_th(r.due_at, as_of)}")))
            else:
                found.append((r, Verdict("left_out", "ปิดแล้วหรือยังไม่ครบกำหนด")))
    else:
        found = []
        for r in rows:
            closed = r.closed_at is not None and r.closed_at <= as_of
            if _in_kpi(name, split_key(key)[1], r) and closed:
                days = Decimal((r.closed_at - r.received_at).total_seconds() / 86400).quantize(
                    Decimal("0.01")
                )
                found.append((r, Verdict("in_time", f"ปิดใน {days} วัน")))
            else:
                reason = "ยังไม่ปิด" if _in_kpi(name, split_key(key)[1], r) else LEFT_OUT_TYPE
                found.append((r, Verdict("left_out", reason)))
    value = _value(key, rows, as_of)
    lines = [
        {
            "reference": r.reference,
            "unit": r.unit_code,
            "kind": r.type_name,
            "date": timezone.localtime(r.received_at),
            "closed": timezone.localtime(r.closed_at) if r.closed_at else None,
            "state": v.state,
            "reason": v.reason,
            "url": reverse("complaints:detail", args=[r.pk]),
        }
        for r, v in found
    ]
    return Explained(value=value, lines=lines, columns=("เลขที่", "หน่วยงาน", "ประเภท", "รับเมื่อ", "ปิดเมื่อ"))


def records_url(key: str, unit_id: int, start: date, end: date) -> str:
    query = {"unit": unit_id, "received_from": start.isoformat(), "received_to": end.isoformat()}
    _name, code = split_key(key)
    if code:
        query["type_code"] = code
    return reverse("complaints:list") + "?" + urlencode(query)
