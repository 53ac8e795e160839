"""Key accounts by segment, their KAM representatives, activities (FMS, RBA, COM, executive visits, seminars,
BOI contacts), visit plans, and the coverage targets per segment."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kpiplan.lib.thaidate import thai_date
from plans.models import Unit

LOGGING_DAYS = 5  # activities are logged in CRM within 5 days after the month ends


class Segment(models.TextChoices):
    STRATEGIC = "Strategic", "Strategic"
    STAR = "Star", "Star"
    STATUS = "Status", "Status"
    STREAMLINE = "Streamline", "Streamline"


class Kind(models.TextChoices):
    FMS = "FMS", _("Free Maintenance Service")
    RBA = "RBA", _("Relationship Building Activity")
    COM = "COM", _("Communication")
    EXEC_VISIT = "EXEC", _("Executive visit")
    SEMINAR = "SEMINAR", _("Seminar")
    BOI = "BOI", _("BOI new-customer contact")

    @property
    def short(self) -> str:
        """A column head: the seed's own acronym where it has one (FMS, RBA, COM, BOI), else the name."""
        return self.value if self.value in {"FMS", "RBA", "COM", "BOI"} else self.label


class ExecLevel(models.TextChoices):
    DIRECTOR = "director", _("Regional director")
    ASSISTANT = "assistant", _("Assistant director")
    MANAGER = "manager", _("Office manager")


class KeyAccount(models.Model):
    """A key account of an office, with its segment and KAM representative (KAMR)."""

    customer_number = models.CharField(_("customer number"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    segment = models.CharField(_("segment"), max_length=12, choices=Segment.choices)
    office = models.ForeignKey(
        Unit, verbose_name=_("office"), on_delete=models.PROTECT, related_name="key_accounts"
    )
    kamr = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("KAM representative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="key_accounts",
    )
    revenue_band = models.CharField(_("revenue band"), max_length=30, blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active to"), null=True, blank=True)

    class Meta:
        ordering = ["office__code", "segment", "name"]
        verbose_name = _("key account")
        verbose_name_plural = _("key accounts")
        indexes = [models.Index(fields=["office", "segment"], name="kam_account_office_segment")]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_from__isnull=True)
                | Q(active_to__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="kam_account_active_range",
            ),
        ]

    def __str__(self):
        return f"{self.customer_number} {self.name}"

    def get_absolute_url(self):
        return reverse("kam:account", args=[self.pk])

    @staticmethod
    def active_between(start: date, end: date) -> Q:
        return (Q(active_from__isnull=True) | Q(active_from__lte=end)) & (
            Q(active_to__isnull=True) | Q(active_to__gte=start)
        )


def logging_deadline(day: date) -> date:
    """Activities are due in CRM 5 days after the end of their month."""
    last = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return last + timedelta(days=LOGGING_DAYS)


class Activity(models.Model):
    """Something done with a key account (or, for BOI, a prospect) on a date, logged by someone."""

    external_id = models.CharField(_("external id"), max_length=80, unique=True, null=True, blank=True)
    account = models.ForeignKey(
        KeyAccount,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    office = models.ForeignKey(Unit, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+")
    prospect = models.CharField(_("prospect (BOI)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    exec_level = models.CharField(_("executive level"), max_length=10, choices=ExecLevel.choices, blank=True)
    date = models.DateField(_("date"))
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    voc_reference = models.CharField(
        _("VOC raised"), max_length=60, blank=True
    )  # form VOC-CRM-001, by reference
    # When it was logged in the CRM; unknown (None) for an imported activity whose file does not say.
    logged_at = models.DateTimeField(_("logged at"), null=True, blank=True, default=timezone.now)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("key-account activity")
        verbose_name_plural = _("key-account activities")
        indexes = [
            models.Index(fields=["office", "kind", "date"], name="kam_activity_office_kind"),
            models.Index(fields=["account", "kind", "date"], name="kam_activity_account_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="EXEC") | ~Q(exec_level=""), name="kam_exec_visit_has_level"
            ),
            models.CheckConstraint(
                condition=Q(account__isnull=False) | Q(kind="BOI"), name="kam_account_unless_boi"
            ),
        ]

    def __str__(self):  # shown in a visit plan's history: Thai, B.E.
        return f"{self.get_kind_display()} {thai_date(self.date)}"

    @property
    def logged_late(self) -> bool:
        """Logged after the deadline; an unknown logging time is not late (nothing says it was)."""
        if self.logged_at is None:
            return False
        return timezone.localtime(self.logged_at).date() > logging_deadline(self.date)


class VisitPlan(models.Model):
    """A planned visit to a key account: done (with the activity) or cancelled with a reason."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    account = models.ForeignKey(
        KeyAccount, verbose_name=_("account"), on_delete=models.CASCADE, related_name="plans"
    )
    planned_date = models.DateField(_("planned date"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.EXEC_VISIT)
    exec_level = models.CharField(_("executive level"), max_length=10, choices=ExecLevel.choices, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PLANNED)
    reason = models.TextField(_("reason cancelled"), blank=True)
    activity = models.OneToOneField(
        Activity,
        verbose_name=_("activity done"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan",
    )

    class Meta:
        ordering = ["planned_date"]
        verbose_name = _("visit plan")
        verbose_name_plural = _("visit plans")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="cancelled") | ~Q(reason=""), name="kam_cancelled_plan_has_reason"
            )
        ]

    def __str__(self):
        return f"{self.account_id} {self.planned_date} {self.state}"


class SegmentTarget(models.Model):
    """How many accounts a segment holds and the coverage asked for, per plan year, region and activity kind."""

    year = models.PositiveSmallIntegerField(_("plan year (B.E.)"))
    region = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    segment = models.CharField(_("segment"), max_length=12, choices=Segment.choices)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    accounts = models.PositiveIntegerField(_("accounts"), null=True, blank=True)
    coverage_pct = models.DecimalField(_("coverage %"), max_digits=5, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "region", "segment", "kind"], name="kam_segment_target_unique"
            ),
            models.CheckConstraint(
                condition=Q(coverage_pct__gte=0, coverage_pct__lte=100), name="kam_coverage_0_100"
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.segment} {self.kind} {self.coverage_pct}%"
