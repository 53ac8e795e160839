"""Demo results, entered the way offices enter them: the quarter form's rules (``check_row``), ``results_save`` and
the workflow (``results_transition``) on the days people did it in 2564.

Eight offices report Q1 and most of Q1-2: Q1 is submitted, approved and accepted (one office late, one returned
once and corrected), then locked by head office; Q1-2 is at every step (accepted, waiting for the region,
waiting for the office's approver, a returned draft, a draft) and one office has not reported it. One result
carries a letter and a PDF as evidence; the region's reviewer allows one cumulative count to fall; a file chosen
on a refused Q1-3 save waits on the reporter's form.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from plans import revisions
from plans import services as plan_services
from plans.demo import DemoWorld
from plans.goals import BaselineRow
from plans.models import Baseline, Target, Unit, User

from . import closing, conversation, selectors, services
from .models import Result
from .validation import RowValues, check_row

BANGKOK = ZoneInfo("Asia/Bangkok")
OFFICES = 8
# The smallest file that is a PDF by its content: what an office scans and attaches.
DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=BANGKOK)


def _staff(office: Unit, users: dict[str, User]) -> tuple[User, User]:
    """The office's reporter and approver: the demo logins for กฟฟ.ชบ., people of the office elsewhere."""
    existing = {
        role: User.objects.filter(unit=office, role=role, is_active=True).order_by("pk").first()
        for role in (User.Role.REPORTER, User.Role.APPROVER)
    }
    for role, title in ((User.Role.REPORTER, "ผู้รายงาน"), (User.Role.APPROVER, "ผู้จัดการ")):
        if existing[role] is None:
            existing[role], _password = plan_services.user_create(
                username=f"demo-{office.pk}-{role}",
                unit=office,
                role=role,
                email=f"demo-{office.pk}-{role}@kpiplan.local",
                first_name=f"{title} {office.code}",
                position=title,
            )
    return existing[User.Role.REPORTER], existing[User.Role.APPROVER]


def _values(
    target: Target, quarter: int, row, rng: random.Random, *, short: bool = False
) -> RowValues | None:
    """What an office would type for a target: near the goal (below it when ``short``), with a narrative."""
    goal = row.goal.target
    measured = row.measured
    if measured is not None and measured.value is not None:  # the records' figure, as the form pre-fills it
        return RowValues(
            value=measured.value,
            numerator=measured.numerator,
            denominator=measured.denominator,
            narrative="ตามข้อมูลในระบบ",
        ).normalised(target)
    if target.measure_key:
        return None
    narrative = "ดำเนินการแล้ว ต่ำกว่าเป้าหมายเนื่องจากลูกค้าไม่สะดวก" if short else "ดำเนินการตามแผน"
    kind = target.kind
    if kind == Target.Kind.PERCENTAGE:
        denominator = Decimal(rng.randint(40, 120))
        share = Decimal(rng.randint(70, 84) if short else rng.randint(90, 100)) / 100
        numerator = (denominator * share).to_integral_value()
        return RowValues(numerator=numerator, denominator=denominator, narrative=narrative).normalised(target)
    if kind == Target.Kind.COUNT:
        base = goal if goal is not None else Decimal(quarter * 3)
        previous = row.previous.value if row.previous and row.previous.value is not None else Decimal(0)
        value = max(previous, base - 1 if short else base + rng.randint(0, 2))
        return RowValues(value=value.to_integral_value(), narrative=narrative).normalised(target)
    if kind == Target.Kind.SCORE:
        low, high = target.scale_min or Decimal(1), target.scale_max or Decimal(5)
        value = min(
            high, max(low, (goal or high) + Decimal(rng.choice(["0.05", "0.12", "-0.2" if short else "0.2"])))
        )
        return RowValues(
            value=value, denominator=Decimal(rng.randint(5, 30)), narrative=narrative
        ).normalised(target)
    if kind == Target.Kind.DURATION:
        limit = goal if goal is not None else Decimal(20)
        value = limit + 3 if short else max(Decimal(1), limit - rng.randint(1, 5))
        return RowValues(value=value, narrative=narrative).normalised(target)
    if kind == Target.Kind.MILESTONE:
        return RowValues(done=not short, narrative=narrative).normalised(target)
    return RowValues(narrative="จัดทำแผนและดำเนินการตามแผนแล้ว").normalised(target)


def _enter(plan, office, quarter, user, now, rng, *, letter=None, short=()) -> list[Result]:
    """The office's quarter form filled and saved (a draft): every row the form's own rules accept."""
    form = selectors.entry_form(plan, office, quarter, now.date())
    saves = []
    for row in form.rows:
        values = _values(row.target, quarter, row, rng, short=row.target.activity.number in short)
        if values is None:
            continue
        if letter:
            values.letter_no, values.letter_date = letter
        problems = check_row(
            row.target,
            quarter,
            values,
            previous=row.previous,
            later=row.later,
            decrease_allowed=bool(row.result and row.result.decrease_allowed_reason),
            measured=row.measured,
            goal=row.goal,
        )
        if problems:
            continue  # the office would correct the row; the demo leaves it out
        saves.append(
            services.RowSave(
                row.target,
                values,
                row.result.version if row.result else None,
                measured=row.measured.value if row.measured else None,
            )
        )
    services.results_save(plan=plan, unit=office, quarter=quarter, rows=saves, user=user, now=now)
    return list(Result.objects.filter(unit=office, quarter=quarter, target__in=[s.target for s in saves]))


def _obstacles(results, reporter, office, now):
    """A result behind target goes with its obstacle and corrective action (submission asks for them)."""
    for result in results:
        if conversation.needs_action(result):
            conversation.action_add(
                result=result,
                user=reporter,
                obstacle="ลูกค้าไม่สะดวกเข้าร่วมกิจกรรมช่วงฤดูฝน",
                what="จัดกิจกรรมชดเชยในไตรมาสถัดไป",
                owner="แผนกบริการลูกค้า " + office.code,
                due=(now + timedelta(days=45)).date(),
                now=now,
            )


def _step(results, action, user, now, reason=""):
    if results:
        services.results_transition(results=results, action=action, user=user, now=now, reason=reason)


def demo_results(world: DemoWorld, rng: random.Random) -> None:
    plan = world.plan
    reviewer, headoffice = world.users["reviewer"], world.users["headoffice"]
    chonburi = Unit.objects.get(code="กฟฟ.ชบ.")
    offices = [chonburi, *[o for o in world.offices if o != chonburi][: OFFICES - 1]]
    for n, office in enumerate(offices):
        reporter, approver = _staff(office, world.users)
        # Q1 (due 10 April 2564): typed in early April, submitted, approved and accepted; one office is late.
        typed = date(2021, 4, 2 + n)
        late = n == 3
        q1 = _enter(
            plan, office, 1, reporter, _at(typed), rng, letter=("ก.2 พศค.(บห) 800/2564", date(2021, 4, 1))
        )
        submitted = date(2021, 4, 14) if late else typed
        _obstacles(q1, reporter, office, _at(submitted, 14))
        _step(q1, "submit", reporter, _at(submitted, 15))
        _step(q1, "approve", approver, _at(submitted, 16))
        if n == 1:  # the region returns one office's Q1 once; the office corrects and sends it again
            _step(q1, "return", reviewer, _at(date(2021, 4, 16)), "กรุณาแนบหนังสือนำส่งและตรวจสอบตัวเลขอีกครั้ง")
            _step(q1, "submit", reporter, _at(date(2021, 4, 19)))
            _step(q1, "approve", approver, _at(date(2021, 4, 19), 14))
        _step(q1, "accept", reviewer, _at(date(2021, 4, 20)))
        if n == 7:
            continue  # this office has not reported Q1-2
        # Q1-2 (due 10 July 2564): every step of the workflow, one office short of target on 1.1.
        typed = date(2021, 7, 1 + n)
        q2 = _enter(plan, office, 2, reporter, _at(typed), rng, short={"1.1"} if n == 2 else ())
        if n == 6:
            continue  # a draft, not yet submitted
        _obstacles(q2, reporter, office, _at(typed, 14))
        _step(q2, "submit", reporter, _at(typed, 15))
        if n == 5:
            continue  # waiting for the office's approver
        _step(q2, "approve", approver, _at(typed, 16))
        if n == 4:
            _step(q2, "return", reviewer, _at(date(2021, 7, 14)), "ผลสะสมต่ำกว่าไตรมาสที่แล้ว กรุณาตรวจสอบ")
            continue
        if n in (0, 2):
            continue  # waiting for the region's acceptance
        _step(q2, "accept", reviewer, _at(date(2021, 7, 16)))
    first = Result.objects.filter(unit=chonburi, quarter=2).order_by("target__activity__sort_key").first()
    if first is not None:
        reporter, _approver = _staff(chonburi, world.users)
        services.evidence_add(
            result=first,
            upload=SimpleUploadedFile("หนังสือนำส่ง-ไตรมาส2.pdf", DEMO_PDF, content_type="application/pdf"),
            user=reporter,
            now=_at(date(2021, 7, 1), 11),
        )
        services.result_allow_decrease(
            target=first.target,
            unit=chonburi,
            quarter=3,
            user=reviewer,
            reason="แก้ไขจำนวนที่นับซ้ำในไตรมาสก่อน",
            now=_at(date(2021, 7, 20)),
        )
        # Q1-3: the reporter's first save was refused (a figure to correct); the letter chosen with it is kept,
        # shown on the form as already attached.
        services.evidence_hold(
            user=reporter,
            unit=chonburi,
            target=first.target,
            quarter=3,
            upload=SimpleUploadedFile("หนังสือนำส่ง-ไตรมาส3.pdf", DEMO_PDF, content_type="application/pdf"),
            now=_at(date(2021, 10, 5), 9),
        )
    # A conversation: the region asks about a result behind target, the office answers; head office writes
    # the sub-offices' approval chain down (straight to the region); the approver takes a daily digest.
    behind = next(
        (
            r
            for r in Result.objects.filter(quarter=2, status=Result.Status.APPROVED).select_related("unit")
            if r.actions.exists()
        ),
        None,
    )
    if behind is not None:
        office_reporter, office_approver = _staff(behind.unit, world.users)
        conversation.comment_add(
            result=behind,
            user=reviewer,
            body="@ผู้รายงาน กิจกรรมชดเชยจะทันไตรมาส 3 หรือไม่",
            now=_at(date(2021, 7, 15)),
        )
        conversation.comment_add(
            result=behind,
            user=office_reporter,
            body="ทันครับ จองสถานที่ไว้แล้ว",
            now=_at(date(2021, 7, 15), 14),
        )
        plan_services.notification_preference_set(user=office_approver, mode="digest")
    plan_services.approval_chain_set(kind="sub_office", steps=["region"], user=headoffice, now=world.now)
    # Head office closes Q1 once the region has accepted it.
    services.period_set_lock(
        plan=plan, quarter=1, unit=None, locked=True, user=headoffice, reason="", now=_at(date(2021, 4, 30))
    )
    # ... and lets กฟฟ.รย. finish its Q1-2 figures for two more weeks when Q1-2 closes.
    closing.close_exception_grant(
        plan=plan,
        quarter=2,
        unit=Unit.objects.get(code="กฟฟ.รย."),
        until=world.now.date() + timedelta(days=14),
        reason="ระบบ SAP ของสำนักงานขัดข้อง ขอส่งผลไตรมาส 1-2 ช้ากว่ากำหนด",
        user=headoffice,
        today=world.now.date(),
        now=world.now,
    )
    services.report_batch_start(plan=plan, quarter=2, fmt="xlsx", user=reviewer, now=world.now)


def demo_baselines(world: DemoWorld, rng: random.Random) -> None:
    """5.4 ("more than Q4/2563") with baselines for half the region's offices, typed in by head office: the
    others show "ไม่มีข้อมูลฐาน" on the grid and the quarter form."""
    target = Target.objects.select_related("activity__workplan__objective__perspective__plan").get(
        activity__workplan__objective__perspective__plan=world.plan, activity__number="5.4"
    )
    if Baseline.objects.filter(target=target).exists():
        return
    offices = [o for o in world.offices if o.kind == Unit.Kind.OFFICE][::2]
    rows = [
        BaselineRow(office, Decimal(rng.randrange(800, 1500)), note="ผลไตรมาสที่ 4/2563") for office in offices
    ]
    plan_services.baselines_set(target=target, rows=rows, user=world.users["headoffice"])


def demo_revision(world: DemoWorld, rng: random.Random) -> None:
    """Mid-year, head office lowers 3.5.1 (42 -> 40 substations: two closed for works) and publishes it as
    revision 2 of the plan, with its approval letter."""
    plan = world.plan
    if plan.revisions.filter(number__gt=1).exists():
        return
    target = Target.objects.select_related("activity__workplan__objective__perspective__plan").get(
        activity__workplan__objective__perspective__plan=plan, activity__number="3.5.1"
    )
    headoffice = world.users["headoffice"]
    target.value = Decimal(40)
    plan_services.plan_item_save(
        item=target,
        user=headoffice,
        now=_at(date(2021, 6, 25)),
        fields=["value"],
        reason="สถานีไฟฟ้า 2 แห่งปิดปรับปรุงตลอดปี",
    )
    revisions.revision_publish(
        plan=plan,
        reason="ปรับเป้าหมายการตรวจสอบคุณภาพไฟฟ้ากลางปี",
        published_on=date(2021, 7, 1),
        letter_no="ก.2 กบล.(บห) 1700/2564",
        letter_date=date(2021, 6, 30),
        user=headoffice,
    )
