"""Approval chains: for a kind of unit, the steps a submitted result goes through before it is accepted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .core import Unit

# The steps a chain may hold. An approval step (at most one, the workflow's "approved") comes before the final
# step; the final step accepts.
UNIT_APPROVER = (
    "unit_approver"  # the unit's own approver; a unit without one falls back to its parent office's
)
PARENT_APPROVER = "parent_approver"  # the parent office's approver (e.g. a sub-office's results)
REGION = "region"  # the region's reviewer, or head office: the final step
APPROVAL_STEPS = (UNIT_APPROVER, PARENT_APPROVER)
FINAL_STEPS = (REGION,)
STEP_LABELS = {
    UNIT_APPROVER: "ผู้อนุมัติของหน่วยงาน (ถ้าไม่มี ใช้ผู้อนุมัติของสำนักงานต้นสังกัด)",
    PARENT_APPROVER: "ผู้อนุมัติของสำนักงานต้นสังกัด",
    REGION: "ผู้ตรวจสอบของเขต หรือสำนักงานใหญ่ (รับรองผล)",
}
# Without a chain of its own a kind goes: sub-offices straight to the region's acceptance; every other unit
# through its approver first (falling back to its parent office's).
DEFAULT_STEPS = {Unit.Kind.SUB_OFFICE: [REGION]}
DEFAULT_OTHERWISE = [UNIT_APPROVER, REGION]


def default_steps(kind: str) -> list[str]:
    return list(DEFAULT_STEPS.get(kind, DEFAULT_OTHERWISE))


def steps_problems(steps: list[str]) -> list[str]:
    """What is wrong with a chain's steps, in Thai; empty when it can be used."""
    problems = []
    unknown = [s for s in steps if s not in (*APPROVAL_STEPS, *FINAL_STEPS)]
    if unknown:
        problems.append("ไม่รู้จักขั้นตอน: " + ", ".join(unknown))
    if not steps or steps[-1] not in FINAL_STEPS:
        problems.append("สายการอนุมัติต้องจบด้วยขั้นรับรองผลของเขตหรือสำนักงานใหญ่ (ขั้นสุดท้าย)")
    if len([s for s in steps if s in APPROVAL_STEPS]) > 1:
        problems.append("สายการอนุมัติมีขั้นอนุมัติก่อนรับรองได้ไม่เกิน 1 ขั้น")
    if len([s for s in steps if s in FINAL_STEPS]) > 1:
        problems.append("สายการอนุมัติมีขั้นรับรองผลได้ขั้นเดียว")
    return problems


class ApprovalChain(models.Model):
    """The approval steps of one kind of unit (head office sets them; a kind without a row uses the default)."""

    kind = models.CharField(_("unit kind"), max_length=20, choices=Unit.Kind.choices, unique=True)
    steps = models.JSONField(_("steps"), default=list)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = "สายการอนุมัติ"
        verbose_name_plural = "สายการอนุมัติ"

    def __str__(self):
        return f"{self.kind}: {' > '.join(self.steps)}"

    def clean(self):
        problems = steps_problems(list(self.steps or []))
        if problems:
            raise ValidationError({"steps": problems})
