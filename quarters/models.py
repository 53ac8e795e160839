"""Cumulative quarterly results, their workflow, evidence, audit trail and period locks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kpiplan.lib.downloads import ZIP, generated_name
from plans.models import BackgroundJob, Plan, Target, Unit


class Result(models.Model):
    """A unit's cumulative result for one target over Q1..Qn of the plan year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="results")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="results")
    quarter = models.PositiveSmallIntegerField(_("quarter (cumulative Q1..Qn)"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=16, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(
        _("denominator"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    done = models.BooleanField(_("done"), null=True, blank=True)  # milestones
    narrative = models.TextField(_("narrative"), blank=True)
    letter_no = models.CharField(_("letter number"), max_length=120, blank=True)
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    measured_value = models.DecimalField(
        _("value computed from the records"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    override_reason = models.TextField(_("reason for overriding the computed value"), blank=True)
    decrease_allowed_reason = models.TextField(_("reason a lower cumulative value is allowed"), blank=True)
    return_reason = models.TextField(_("reason returned"), blank=True)
    is_historical = models.BooleanField(_("loaded from the paper form"), default=False)
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Whether the (last) submission met its deadline, fixed when submitted so that grids count it in SQL.
    on_time = models.BooleanField(null=True, blank=True)
    # The plan revision (ครั้งที่ N) the result was graded under when submitted (plans.revisions).
    graded_revision = models.PositiveSmallIntegerField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Set when the region or head office reopens an accepted result: the printed form says it was corrected,
    # and the result goes its round again even in a locked quarter.
    reopened_at = models.DateTimeField(_("reopened for correction"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "unit", "quarter"], name="result_one_per_target_unit_quarter"
            ),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="result_quarter_1_4"),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="result_denominator_positive",
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__gte=0),
                name="result_numerator_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "quarter"], name="result_unit_quarter"),
            models.Index(fields=["quarter", "status"], name="result_quarter_status"),
        ]

    def __str__(self):
        return f"{self.target_id}/{self.unit_id}/Q1-{self.quarter}"

    def get_absolute_url(self):
        return reverse("quarters:result", args=[self.pk])

    @property
    def is_editable_status(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}


class Transition(models.Model):
    """One step of a result's workflow: who moved it, when, from what to what, and why."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=Result.Status.choices)
    to_status = models.CharField(max_length=12, choices=Result.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status} -> {self.to_status}"


class Comment(models.Model):
    """A message in a result's thread: a question, an answer, or the reason it was returned or reopened."""

    class Kind(models.TextChoices):
        COMMENT = "comment", "ความเห็น"
        RETURN = "return", "ส่งกลับให้แก้ไข"
        REOPEN = "reopen", "เปิดแก้ไขผลที่รับรองแล้ว"

    MAX_LENGTH = 2000

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    body = models.TextField(max_length=MAX_LENGTH)
    mentions = models.JSONField(default=list, blank=True)  # the "@" words that reached someone
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"comment {self.pk} on {self.result_id}"


class CorrectiveAction(models.Model):
    """Why a result is behind target (the obstacle) and what the unit will do about it: what, who, by when;
    followed up in the next quarters (done on time, done late, or overdue)."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="actions")
    obstacle = models.TextField("ปัญหาอุปสรรค", max_length=1000)
    what = models.TextField("การแก้ไข", max_length=1000)
    owner = models.CharField("ผู้รับผิดชอบ", max_length=200)
    due = models.DateField("กำหนดเสร็จ")
    done_on = models.DateField("ทำเสร็จเมื่อ", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self):
        return f"action {self.pk} of result {self.result_id}"

    def state(self, today) -> str:
        """done / done_late / overdue / open, as of ``today``."""
        if self.done_on is not None:
            return "done" if self.done_on <= self.due else "done_late"
        return "overdue" if today > self.due else "open"


ACTION_STATES = {
    "done": "ทำแล้วตามกำหนด",
    "done_late": "ทำแล้ว (ช้ากว่ากำหนด)",
    "overdue": "เลยกำหนด ยังไม่เสร็จ",
    "open": "อยู่ระหว่างดำเนินการ",
}


def evidence_path(instance: Evidence, filename: str) -> str:
    """A generated name under the result's folder: the uploader's name is data (original_name), never a path."""
    return generated_name(f"evidence/{instance.result.unit_id}/{instance.result_id}", instance.content_type)


class Evidence(models.Model):
    """A file attached to a result as evidence (PDF, image or spreadsheet, type checked by content)."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


def pending_path(instance: PendingEvidence, filename: str) -> str:
    return generated_name(f"pending/{instance.unit_id}/{instance.user_id}", instance.content_type)


class PendingEvidence(models.Model):
    """A file chosen on the quarter form whose save was refused: kept for that person, unit, target and
    quarter (shown as attached) until the form is saved, when it becomes evidence, or they untick it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="+")
    quarter = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to=pending_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["user", "unit", "quarter"], name="pending_user_unit_quarter")]

    def __str__(self):
        return self.original_name


class PeriodLock(models.Model):
    """Head office closed (or reopened) a quarter for one unit, or for every unit of a plan when unit is empty."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="locks")
    quarter = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    locked = models.BooleanField(default=True)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "quarter", "unit"], name="lock_one_per_scope"),
            models.UniqueConstraint(
                fields=["plan", "quarter"], condition=Q(unit__isnull=True), name="lock_one_per_plan_quarter"
            ),
        ]

    def __str__(self):
        return f"{self.plan} Q{self.quarter} {self.unit or 'all'} {'locked' if self.locked else 'open'}"


class CloseException(models.Model):
    """Head office let one unit keep entering a closed quarter until a day, and why (kept as history)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="close_exceptions")
    quarter = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    until = models.DateField()
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    # when send_reminders locked the unit again after ``until``
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["plan", "quarter"], name="close_exception_plan_quarter")]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="close_exception_quarter"
            )
        ]

    def __str__(self):
        return f"{self.plan} Q{self.quarter} {self.unit} until {self.until}"


def batch_path(instance: ReportBatch, filename: str) -> str:
    """A generated name: a ZIP of every unit's report is only handed out by the view that checks access."""
    return generated_name(f"reports/{instance.plan_id}", ZIP)


class ReportBatch(BackgroundJob):
    """Every unit's report of a region in one ZIP, built in the background; its progress is shown."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="report_batches")
    quarter = models.PositiveSmallIntegerField()
    fmt = models.CharField(max_length=4, default="pdf")
    file = models.FileField(upload_to=batch_path, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"batch {self.pk} {self.plan} Q{self.quarter} {self.state}"

    def get_absolute_url(self):
        return reverse("quarters:batch", args=[self.pk])

    @property
    def download_name(self) -> str:
        return f"batch-{self.pk}-{self.plan.year}-q{self.quarter}.zip"
