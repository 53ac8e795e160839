"""Complaints with closure SLAs per type, Thai public holidays for working-day SLAs (their history is
plans.HistoryEntry, written by complaints.services)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.models import Bilingual, Unit


class Holiday(models.Model):
    """A public holiday (or office closure): working-day SLAs skip it."""

    date = models.DateField(_("date"), unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self):
        return f"{self.date} {self.name_th}"


class ComplaintType(Bilingual, models.Model):
    """A kind of complaint with its closure SLA, as editable data (the seed's six operational types and more)."""

    class Category(models.TextChoices):
        OPERATIONAL = "operational", _("Operational")
        URGENT = "urgent", _("Urgent (IA/IR chat)")
        PRODUCT_SERVICE = "product_service", _("Product and service")
        MISCONDUCT = "misconduct", _("Misconduct")

    class SlaUnit(models.TextChoices):
        DAYS = "days", _("days")
        HOURS = "hours", _("hours")

    class DayKind(models.TextChoices):
        CALENDAR = "calendar", _("calendar days")
        WORKING = "working", _("working days")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    sla_value = models.PositiveIntegerField(_("closed within"))
    sla_unit = models.CharField(_("SLA unit"), max_length=5, choices=SlaUnit.choices, default=SlaUnit.DAYS)
    day_kind = models.CharField(
        _("day kind"), max_length=10, choices=DayKind.choices, default=DayKind.CALENDAR
    )
    counted = models.BooleanField(_("counted in the KPIs"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("complaint type")
        verbose_name_plural = _("complaint types")
        constraints = [
            models.CheckConstraint(condition=Q(sla_value__gt=0), name="complaint_type_sla_positive")
        ]

    def __str__(self):
        return self.name  # what people read in a select; the code is the import files' key

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def sla_label(self) -> str:
        unit = (
            "ชั่วโมง"
            if self.sla_unit == self.SlaUnit.HOURS
            else ("วันทำการ" if self.day_kind == self.DayKind.WORKING else "วัน")
        )
        return f"{self.sla_value} {unit}"


class Complaint(models.Model):
    """A customer complaint received by a unit; due date fixed at intake from its type's SLA."""

    class Channel(models.TextChoices):
        CALL_CENTER = "call_center", _("PEA Call Center 1129")
        WALK_IN = "walk_in", _("At the office")
        LETTER = "letter", _("Letter")
        WEB = "web", _("Web / app")
        SOCIAL = "social", _("Social media")
        CHAT = "chat", _("IA/IR chat")
        GOVERNMENT = "government", _("Government centre (1111)")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        CLOSED = "closed", _("Closed")

    reference = models.CharField(_("reference number"), max_length=60, unique=True)
    received_at = models.DateTimeField(_("received at"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="complaints"
    )
    type = models.ForeignKey(
        ComplaintType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="complaints"
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    description = models.TextField(_("description"))
    # Kept to the minimum the follow-up needs (PDPA): a name to address and a number to call back.
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    due_at = models.DateTimeField(_("due"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    voc_reference = models.CharField(_("VOC record"), max_length=60, blank=True)
    # Derived by complaints.standings when a complaint is written (and again when its type's SLA or the holiday
    # calendar changes), so the KPIs count rows instead of working out each deadline: the deadlines of the
    # 15/30-day and one-month rules (due_at is the type's SLA), and, once closed, whether it was closed by each
    # deadline and how long it took. Null while open.
    due_15d_at = models.DateTimeField(null=True, blank=True, editable=False)
    due_30d_at = models.DateTimeField(null=True, blank=True, editable=False)
    due_month_at = models.DateTimeField(null=True, blank=True, editable=False)
    in_sla = models.BooleanField(null=True, editable=False)
    in_15d = models.BooleanField(null=True, editable=False)
    in_30d = models.BooleanField(null=True, editable=False)
    in_month = models.BooleanField(null=True, editable=False)
    time_to_close = models.DurationField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["unit", "received_at"], name="complaint_unit_received"),
            models.Index(fields=["status", "due_at"], name="complaint_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=models.F("received_at")),
                name="complaint_closed_after_received",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False), name="complaint_closed_has_time"
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("complaints:detail", args=[self.pk])
