"""The records behind each key-account measure's value, with reasons in Thai (plans.measures.explain):

- coverage of a segment: one line per account of the segment in the offices in scope — covered (an activity of
  the kind in the period), not covered, or left out (not a key account during the period);
- COM coverage: one line per (account, quarter) — a COM that quarter or none; Streamline accounts and quarters
  the account was not a key account are left out;
- executive visits and BOI contacts: one line per activity, counted or left out (another executive level)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.urls import reverse

from kpiplan.lib.thaidate import thai_date
from plans.measures import Explained

from . import measures
from .definitions import KIND_TH, LEVELS
from .models import Activity, KeyAccount, Kind

SEGMENT_OF = {s: s.capitalize() for s in measures.SEGMENTS}
KIND_BY_PREFIX = {kind.lower(): kind for kind in (Kind.FMS, Kind.RBA, Kind.SEMINAR)}


def _active(account: KeyAccount, start: date, end: date) -> bool:
    return (account.active_from is None or account.active_from <= end) and (
        account.active_to is None or account.active_to >= start
    )


def _account_line(account: KeyAccount, kind: str, day, done, state: str, reason: str) -> dict:
    return {
        "reference": account.customer_number,
        "unit": account.office.code,
        "kind": kind,
        "date": day,
        "closed": done,
        "state": state,
        "reason": reason,
        "url": reverse("kam:account", args=[account.pk]),
    }


def explain(key: str, unit_ids: Sequence[int], start: date, end: date) -> Explained:
    name = key.split(".", 1)[1]
    value = measures.compute([key], {0: list(unit_ids)}, start, end)[key][0]
    if name == "com_coverage_pct":
        return Explained(
            value, _com_lines(unit_ids, start, end), ("เลขที่ลูกค้า", "หน่วยงาน", "ไตรมาส", "ตั้งแต่", "COM ครั้งแรก")
        )
    if name.endswith("_pct"):
        return Explained(
            value,
            _coverage_lines(name, unit_ids, start, end),
            ("เลขที่ลูกค้า", "หน่วยงาน", "กลุ่ม", "ตั้งแต่", "กิจกรรมครั้งแรก"),
        )
    return Explained(
        value, _activity_lines(name, unit_ids, start, end), ("ลูกค้า", "หน่วยงาน", "กิจกรรม", "วันที่", "ผู้บริหาร")
    )


def _first_activity(account_ids, kind: str, start: date, end: date) -> dict[int, date]:
    """Account -> the date of its first activity of the kind in [start, end]. One query."""
    first: dict[int, date] = {}
    for account_id, day in (
        Activity.objects.filter(account_id__in=account_ids, kind=kind, date__gte=start, date__lte=end)
        .order_by("date")
        .values_list("account_id", "date")
    ):
        first.setdefault(account_id, day)
    return first


def _coverage_lines(name: str, unit_ids, start: date, end: date) -> list[dict]:
    kind_prefix, _cov, segment_name, _pct = name.split("_")
    kind, segment = KIND_BY_PREFIX[kind_prefix], SEGMENT_OF[segment_name]
    accounts = list(
        KeyAccount.objects.filter(office_id__in=list(unit_ids), segment=segment)
        .select_related("office")
        .order_by("office__code", "customer_number")
    )
    first = _first_activity([a.pk for a in accounts], kind, start, end)
    label = KIND_TH[kind]
    lines = []
    for a in accounts:
        if not _active(a, start, end):
            state, reason = "left_out", "ไม่นับ: ไม่ได้เป็นลูกค้ารายสำคัญในช่วงนี้"
        elif a.pk in first:
            state, reason = "in_time", f"ได้รับ {label} แล้ว"
        else:
            state, reason = "missed", f"ยังไม่ได้รับ {label} ในช่วงนี้"
        lines.append(_account_line(a, segment, a.active_from, first.get(a.pk), state, reason))
    return lines


def _com_lines(unit_ids, start: date, end: date) -> list[dict]:
    accounts = list(
        KeyAccount.objects.filter(office_id__in=list(unit_ids))
        .select_related("office")
        .order_by("office__code", "customer_number")
    )
    quarters = measures._quarters_in(start, end)
    firsts = [
        _first_activity([a.pk for a in accounts], Kind.COM, q_start, q_end) for q_start, q_end in quarters
    ]
    lines = []
    for a in accounts:
        for number, ((q_start, q_end), first) in enumerate(zip(quarters, firsts, strict=True), start=1):
            period = f"ไตรมาส {number} ({thai_date(q_start)} – {thai_date(q_end)})"
            if a.segment not in measures.COM_SEGMENTS:
                state, reason = "left_out", f"ไม่นับ: กลุ่ม {a.segment}"
            elif not _active(a, q_start, q_end):
                state, reason = "left_out", "ไม่นับ: ไม่ได้เป็นลูกค้ารายสำคัญในไตรมาสนี้"
            elif a.pk in first:
                state, reason = "in_time", "ติดต่อสื่อสารแล้วในไตรมาสนี้"
            else:
                state, reason = "missed", "ยังไม่ได้ติดต่อสื่อสารในไตรมาสนี้"
            lines.append(_account_line(a, period, a.active_from, first.get(a.pk), state, reason))
    return lines


def _activity_lines(name: str, unit_ids, start: date, end: date) -> list[dict]:
    kind = Kind.BOI if name == "boi_contacts" else Kind.EXEC_VISIT
    level = name.removeprefix("exec_visits_") if kind == Kind.EXEC_VISIT else ""
    activities = (
        Activity.objects.filter(office_id__in=list(unit_ids), kind=kind, date__gte=start, date__lte=end)
        .select_related("office", "account")
        .order_by("date", "pk")
    )
    lines = []
    for act in activities:
        if kind == Kind.BOI:
            state, reason = "counted", "นับ: ติดต่อลูกค้ารายใหม่ตามข้อมูล BOI"
        elif act.exec_level == level:
            state, reason = "counted", f"นับ: {LEVELS[level]}เข้าพบ"
        else:
            state, reason = "left_out", f"ไม่นับ: {LEVELS.get(act.exec_level, 'ผู้บริหารระดับอื่น')}เข้าพบ"
        lines.append(
            {
                "reference": act.account.name if act.account else act.prospect,
                "unit": act.office.code,
                "kind": "ติดต่อลูกค้า BOI" if kind == Kind.BOI else "ผู้บริหารเข้าพบ",
                "date": act.date,
                "detail": LEVELS.get(act.exec_level, "—"),
                "state": state,
                "reason": reason,
                "url": reverse("kam:account", args=[act.account_id]) if act.account_id else "",
            }
        )
    return lines
