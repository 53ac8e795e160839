"""The conversation around a result: its comment thread, mentions and who is told.

A comment is written by anyone who may read the result (the unit's people, the region's reviewer, head
office); a return or reopen reason starts (or continues) the thread. Mentions: ``@ผู้รายงาน``, ``@ผู้อนุมัติ``,
``@ผู้ตรวจสอบ``, ``@สำนักงานใหญ่`` (the role for the result's unit) or ``@username`` (a person who may see the
unit). Everyone mentioned, and everyone who wrote in the thread before, is notified (in-app and e-mail).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from kpiplan.lib.thaidate import thai_date
from plans import access, history
from plans.models import User
from plans.notify import notify

from .models import Comment, CorrectiveAction, Result
from .scoring import Standing
from .selectors import result_readable
from .services import ResultError, RowSave, Saved, results_save_and_submit
from .validation import VALUE_FIELDS, RowValues, row_standing

# "@" and a word up to a space or punctuation (Thai vowel and tone marks are not \w, hence no \w+).
MENTION = re.compile(r"@([^\s@,;:!?()\[\]\"'<>]+)")


def _mentioned(result: Result, body: str) -> tuple[list[str], set[User]]:
    words, people = [], set()
    usernames = []
    for word in MENTION.findall(body):
        word = word.rstrip(".")
        role = access.MENTION_ROLES.get(word)
        if role:
            found = set(access.people_in_role_for(result.unit, role))
            if found:
                words.append(word)
                people |= found
        else:
            usernames.append(word)
    for person in User.objects.filter(username__in=usernames, is_active=True).select_related("unit"):
        # A person is reached only if they may see the unit: a mention never shows a result to an outsider.
        if access.can_see_unit(person, result.unit) and result_readable(person, result):
            words.append(person.username)
            people.add(person)
    return words, people


def _log(result: Result, user: User, now: datetime, changes: dict) -> None:
    """The result's one history keeps its conversation: each comment and corrective action."""
    history.log(result, by=user, at=now, action=history.Action.CHANGED, changes=changes)


def check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ResultError("กรุณาพิมพ์ความเห็นก่อนส่ง")
    if len(body) > Comment.MAX_LENGTH:
        raise ResultError(
            "ความเห็นยาวได้ไม่เกิน %(limit)s ตัวอักษร (พิมพ์มา %(count)s ตัวอักษร)"
            % {"limit": f"{Comment.MAX_LENGTH:,}", "count": f"{len(body):,}"}
        )
    return body


def comment_add(
    *, result: Result, user: User, body: str, now: datetime, kind: str = Comment.Kind.COMMENT
) -> Comment:
    """Add a comment to the result's thread and tell the people it concerns. Raises ResultError (empty or too
    long, nothing saved) or PermissionDenied (the user may not read the result)."""
    if not (access.can_see_unit(user, result.unit) and result_readable(user, result)):
        raise PermissionDenied
    body = check_body(body)
    words, people = _mentioned(result, body)
    earlier = set(
        User.objects.filter(
            pk__in=Comment.objects.filter(result=result).exclude(author=None).values("author_id")
        )
    )
    comment = Comment.objects.create(
        result=result, author=user, kind=kind, body=body, mentions=words, created_at=now
    )
    _log(result, user, now, {"comment": ["", body[:200]]})
    recipients = {p for p in people | earlier if p.pk != user.pk}
    if kind == Comment.Kind.COMMENT and recipients:
        notify(
            users=recipients,
            subject=f"ความเห็นใหม่: {result.target.activity.number} {result.unit.code} ไตรมาส 1-{result.quarter}",
            body=f"{user.display_name} เขียนว่า:\n{body}",
            link=reverse("quarters:result", args=[result.pk]) + f"#comment-{comment.pk}",
            now=now,
        )
    return comment


# --- obstacles and corrective actions ---------------------------------------------------------------------

ACTION_LIMITS = {"obstacle": 1000, "what": 1000, "owner": 200}
ACTION_LABELS = {"obstacle": "ปัญหาอุปสรรค", "what": "การแก้ไข", "owner": "ผู้รับผิดชอบ", "due": "กำหนดเสร็จ"}


def action_problems(*, obstacle: str, what: str, owner: str, due: date | None) -> dict[str, str]:
    """Per field, what is wrong with an obstacle and its corrective action (Thai, naming the field)."""
    problems = {}
    for name, text in (("obstacle", obstacle), ("what", what), ("owner", owner)):
        if not (text or "").strip():
            problems[name] = f"กรุณากรอก{ACTION_LABELS[name]}"
        elif len(text.strip()) > ACTION_LIMITS[name]:
            problems[name] = (
                f"{ACTION_LABELS[name]}ยาวได้ไม่เกิน {ACTION_LIMITS[name]:,} ตัวอักษร (พิมพ์มา {len(text.strip()):,})"
            )
    if due is None:
        problems["due"] = "กรุณากรอกกำหนดเสร็จ (วันที่)"
    return problems


def action_add(
    *, result: Result, user: User, obstacle: str, what: str, owner: str, due: date | None, now: datetime
) -> CorrectiveAction:
    """The unit records why a result is behind and what it will do (what, who, by when). Raises ResultError
    with a message per field (nothing saved) or PermissionDenied."""
    if not access.can_enter_results(user, result.unit):
        raise PermissionDenied
    if result.status == Result.Status.ACCEPTED:
        raise ResultError("ผลนี้รับรองแล้ว เพิ่มการแก้ไขไม่ได้ (ขอให้เขตเปิดแก้ไขก่อน)")
    problems = action_problems(obstacle=obstacle, what=what, owner=owner, due=due)
    if problems:
        raise ResultError(list(problems.values()))
    action = CorrectiveAction.objects.create(
        result=result,
        obstacle=obstacle.strip(),
        what=what.strip(),
        owner=owner.strip(),
        due=due,
        created_by=user,
        created_at=now,
    )
    _log(result, user, now, {"action": ["", f"{action.what[:150]} ({action.owner})"]})
    return action


def action_done(*, action: CorrectiveAction, user: User, done_on: date | None, now: datetime) -> None:
    """The unit says a corrective action is done (on the day given): followed up as done or done late."""
    if not access.can_enter_results(user, action.result.unit):
        raise PermissionDenied
    if done_on is None:
        raise ResultError("กรุณากรอกวันที่ทำเสร็จ")
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    _log(action.result, user, now, {"action": [action.what[:150], f"ทำเสร็จ {thai_date(done_on)}"]})


def needs_action(result: Result) -> bool:
    """Behind target at its quarter, with no corrective action recorded."""
    values = RowValues(**{name: getattr(result, name) for name in VALUE_FIELDS}).normalised(result.target)
    if row_standing(result.target, result.quarter, values) != Standing.BEHIND:
        return False
    return not result.actions.exists()


# --- the quarter form: its rows' obstacles and corrective actions ----------------------------------------------


@dataclass(frozen=True)
class ActionInput:
    """An obstacle and its corrective action as typed in a row of the quarter form."""

    obstacle: str = ""
    what: str = ""
    owner: str = ""
    due: date | None = None

    @property
    def is_blank(self) -> bool:
        return not (self.obstacle.strip() or self.what.strip() or self.owner.strip() or self.due)


def entry_save(
    *,
    plan,
    unit,
    quarter: int,
    rows: list[RowSave],
    actions: dict[int, ActionInput],
    user: User,
    now: datetime,
    submit: bool,
    via: str = "form",
) -> Saved:
    """The quarter form (and the API's save, ``via="api"``): save its rows, add the obstacles and corrective actions typed in them (``actions``
    by target id; ``action_add``, as the result page does), then submit when asked, in one transaction. A
    behind-target row submitted without an action, or an action missing a field, is refused with a Thai message
    naming the row, and nothing is written (ResultError)."""
    actions = {pk: a for pk, a in actions.items() if not a.is_blank}
    targets = {row.target.pk: row.target for row in rows}
    problems = []
    for pk, action in actions.items():
        found = action_problems(
            obstacle=action.obstacle, what=action.what, owner=action.owner, due=action.due
        )
        problems += [
            _("%(activity)s %(unit)s: %(problem)s")
            % {"activity": targets[pk].activity.number, "unit": unit.code, "problem": text}
            for text in found.values()
        ]
    if problems:
        raise ResultError(problems)

    def add_actions():
        results = {
            r.target_id: r
            for r in Result.objects.filter(
                unit=unit, quarter=quarter, target_id__in=list(actions)
            ).select_related("target__activity", "unit")
        }
        missing = [pk for pk in actions if pk not in results]
        if missing:
            raise ResultError(
                [
                    _("%(activity)s %(unit)s: enter the result before its obstacle and corrective action.")
                    % {"activity": targets[pk].activity.number, "unit": unit.code}
                    for pk in missing
                ]
            )
        for pk, action in actions.items():
            action_add(
                result=results[pk],
                user=user,
                obstacle=action.obstacle,
                what=action.what,
                owner=action.owner,
                due=action.due,
                now=now,
            )

    return results_save_and_submit(
        plan=plan,
        unit=unit,
        quarter=quarter,
        rows=rows,
        user=user,
        now=now,
        submit=submit,
        via=via,
        after_save=add_actions if actions else None,
    )
