"""Units, people and the plan: plan -> perspective -> objective -> workplan -> activity -> target."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kpiplan.lib.periods import PlanYear
from kpiplan.lib.thaidate import thai_month_span
from plans import measures, schedule


class Bilingual:
    """Picks the Thai or English name of an object for the active language (Thai when English is empty)."""

    def localized(self, field: str) -> str:
        thai = getattr(self, f"{field}_th", "")
        if (get_language() or "th").startswith("en"):
            return getattr(self, f"{field}_en", "") or thai
        return thai


class Unit(Bilingual, models.Model):
    """An organisational unit: head office, region, division, branch office (class 1-3) or sub-office."""

    class Kind(models.TextChoices):
        HEAD_OFFICE = "head_office", _("Head office")
        REGION = "region", _("Region")
        DIVISION = "division", _("Division")
        OFFICE = "office", _("Branch office")
        SUB_OFFICE = "sub_office", _("Sub-office")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    office_class = models.PositiveSmallIntegerField(
        _("office class"), null=True, blank=True, choices=[(1, "1"), (2, "2"), (3, "3")]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The region a unit belongs to (a region points at itself), kept so that "every unit of the region"
    # is one indexed filter rather than a walk up the tree.
    region = models.ForeignKey(
        "self", verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    province = models.CharField(_("province"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active to"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=Q(office_class__isnull=True) | Q(office_class__gte=1, office_class__lte=3),
                name="unit_office_class_1_3",
            ),
            models.CheckConstraint(
                condition=Q(active_from__isnull=True)
                | Q(active_to__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="unit_active_range",
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def name(self) -> str:
        return self.localized("name")

    def active_during(self, start: date, end: date) -> bool:
        """Open at some point in [start, end] (and not switched off)."""
        return (
            self.is_active
            and (self.active_from is None or self.active_from <= end)
            and (self.active_to is None or self.active_to >= start)
        )

    @classmethod
    def active_during_q(cls, start: date, end: date, prefix: str = "") -> Q:
        return (
            Q(**{f"{prefix}is_active": True})
            & (Q(**{f"{prefix}active_from__isnull": True}) | Q(**{f"{prefix}active_from__lte": end}))
            & (Q(**{f"{prefix}active_to__isnull": True}) | Q(**{f"{prefix}active_to__gte": start}))
        )


class UnitGroup(Bilingual, models.Model):
    """A named set of units that work is assigned to: a rule (kinds, classes, province) plus listed units."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    region = models.ForeignKey(
        Unit, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kinds = models.JSONField(_("unit kinds"), default=list, blank=True)
    office_classes = models.JSONField(_("office classes"), default=list, blank=True)
    province = models.CharField(_("province"), max_length=100, blank=True)
    units = models.ManyToManyField(
        Unit, verbose_name=_("listed units"), blank=True, related_name="listed_in_groups"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit group")
        verbose_name_plural = _("unit groups")

    def __str__(self):
        return self.name  # what people read in a select; the code is the plan file's key

    @property
    def name(self) -> str:
        return self.localized("name")

    def rule_matches(self, unit: Unit) -> bool:
        """Does the group's rule (not its listed units) take in this unit?"""
        if not self.kinds:
            return False
        if self.region_id and unit.region_id != self.region_id:
            return False
        if unit.kind not in self.kinds:
            return False
        # Classes narrow branch offices only: "class 1-3 offices and sub-offices" keeps every sub-office.
        if (
            self.office_classes
            and unit.kind == Unit.Kind.OFFICE
            and unit.office_class not in self.office_classes
        ):
            return False
        return not (self.province and unit.province != self.province)


class User(AbstractUser):
    """A person who signs in; belongs to one unit with one role."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        APPROVER = "approver", _("Unit approver")
        UNIT_ADMIN = "unit_admin", _("Unit admin")
        REVIEWER = "reviewer", _("Region reviewer")
        HEAD_OFFICE = "head_office", _("Head office")
        ADMIN = "admin", _("Administrator")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.REPORTER)
    position = models.CharField(_("position"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name  # what people read in a select or a list; the username is for signing in

    @property
    def display_name(self) -> str:
        """A person as people read them: the full name, else the username."""
        return self.get_full_name() or self.username


class Plan(Bilingual, models.Model):
    """A unit's (normally a region's) action plan for one year."""

    owner = models.ForeignKey(Unit, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField(
        _("plan year (B.E.)"), validators=[MinValueValidator(2500), MaxValueValidator(2700)]
    )
    start_month = models.PositiveSmallIntegerField(
        _("first month"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    title_th = models.CharField(_("title (Thai)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Empty: quarters stay open until head office locks them; N: send_reminders closes a quarter N days after
    # its last deadline (quarters.closing), head office granting units exceptions.
    auto_close_days = models.PositiveSmallIntegerField(
        _("close a quarter this many days after its deadline"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(365)],
        help_text=_("Leave empty to close quarters by hand on the locks page."),
    )

    class Meta:
        ordering = ["-year", "owner__code"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(fields=["owner", "year"], name="plan_one_per_owner_year"),
            models.CheckConstraint(
                condition=Q(start_month__gte=1, start_month__lte=12), name="plan_start_month"
            ),
        ]

    def __str__(self):
        return f"{self.owner.code} {self.year}"

    def get_absolute_url(self):
        return reverse("plans:plan", args=[self.pk])

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def plan_year(self) -> PlanYear:
        return PlanYear(self.year, self.start_month)


class Perspective(Bilingual, models.Model):
    """A perspective of the plan (the seed has one: CUSTOMER)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="perspectives")
    code = models.CharField(_("code"), max_length=30)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="perspective_code_unique")]

    def __str__(self):
        return self.code

    @property
    def name(self) -> str:
        return self.localized("name")


class Objective(Bilingual, models.Model):
    """An objective group of a perspective, e.g. CR1, CR2."""

    perspective = models.ForeignKey(Perspective, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("code"), max_length=30)
    name_th = models.CharField(_("name (Thai)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["perspective", "code"], name="objective_code_unique")]

    def __str__(self):
        return self.code

    @property
    def name(self) -> str:
        return self.localized("name")


class Workplan(Bilingual, models.Model):
    """A numbered workplan (แผนงานที่ N) of an objective group."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="workplans")
    number = models.PositiveSmallIntegerField(_("number"))
    title_th = models.TextField(_("title (Thai)"))
    title_en = models.TextField(_("title (English)"), blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["objective", "number"], name="workplan_number_unique")]

    def __str__(self):
        return f"{self.objective.code} แผนงานที่ {self.number}"

    @property
    def title(self) -> str:
        return self.localized("title")


def number_sort_key(number: str) -> str:
    """ "3.3.10" -> "003.003.010" so that activities sort as the form numbers them."""
    return ".".join(part.zfill(3) for part in number.split("."))


class Activity(Bilingual, models.Model):
    """An activity (แผนปฏิบัติ) with a hierarchical number such as 3.3.1."""

    workplan = models.ForeignKey(Workplan, on_delete=models.CASCADE, related_name="activities")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("parent"),
    )
    number = models.CharField(_("number"), max_length=20)
    sort_key = models.CharField(max_length=60, editable=False, db_index=True)
    title_th = models.TextField(_("title (Thai)"))
    title_en = models.TextField(_("title (English)"), blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    period_start = models.PositiveSmallIntegerField(
        _("from month"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    period_end = models.PositiveSmallIntegerField(
        _("to month"), default=12, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    # Several sub-periods ([[1, 3], [4, 12]]) when the plan gives them; empty: period_start..period_end.
    periods = models.JSONField(_("months (sub-periods)"), default=list, blank=True)
    lead_text = models.CharField(_("lead units as printed"), max_length=300, blank=True)
    lead_units = models.ManyToManyField(
        Unit, verbose_name=_("lead units"), blank=True, related_name="led_activities"
    )
    lead_groups = models.ManyToManyField(
        UnitGroup, verbose_name=_("lead unit groups"), blank=True, related_name="led_activities"
    )
    supporting_units = models.ManyToManyField(
        Unit, verbose_name=_("supporting units"), blank=True, related_name="supported_activities"
    )
    lineage = models.ForeignKey(
        "self",
        verbose_name=_("same activity last year"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
    )

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(fields=["workplan", "number"], name="activity_number_unique"),
            models.CheckConstraint(
                condition=Q(period_start__gte=1, period_start__lte=12), name="activity_start_month"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=1, period_end__lte=12), name="activity_end_month"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title_th[:60]}"

    def get_absolute_url(self):
        return reverse("plans:activity", args=[self.pk])

    def clean(self):
        try:
            self.periods = schedule.normalise_periods(self.periods)
        except ValueError as exc:
            raise ValidationError({"periods": str(exc)}) from exc
        problem = schedule.overlap_problem(self.periods, _plan_start_month(self))
        if problem:
            raise ValidationError({"periods": problem})
        if self.periods:
            # The single pair stays the envelope the older pages and files read.
            self.period_start, self.period_end = self.periods[0][0], self.periods[-1][1]

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def depth(self) -> int:
        return self.number.count(".")

    def period_label(self, plan_year: PlanYear) -> str:
        if self.periods:
            return schedule.months_label(self.periods, plan_year)
        end = plan_year.month((self.period_end - plan_year.start_month) % 12 + 1)
        return thai_month_span(self.period_start, self.period_end, end.year)


def _plan_start_month(activity) -> int:
    """The month the activity's plan year starts in (January when the activity is not yet placed)."""
    try:
        return activity.workplan.objective.perspective.plan.start_month
    except (AttributeError, ObjectDoesNotExist):
        return 1


class Target(Bilingual, models.Model):
    """A typed, measurable target of an activity, with who reports it, by when, and how it rolls up."""

    class Kind(models.TextChoices):
        COUNT = "count", _("Count")
        PERCENTAGE = "percentage", _("Percentage")
        SCORE = "score", _("Average score")
        DURATION = "duration", _("Duration")
        MILESTONE = "milestone", _("Milestone")
        TEXT = "text", _("Text")

    class Comparator(models.TextChoices):
        GE = "ge", "≥"
        GT = "gt", ">"
        EQ = "eq", "="
        LE = "le", "≤"
        LT = "lt", "<"

    class Scope(models.TextChoices):
        PER_UNIT = "per_unit", _("Per unit")
        REGION = "region", _("Region-wide")
        SEGMENT = "segment", _("Per customer segment")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        YEARLY = "yearly", _("Yearly")

    class Basis(models.TextChoices):
        # How the target value reads over a cumulative period Q1..Qn.
        PER_PERIOD = "per_period", _("Per period (adds up quarter by quarter)")
        TOTAL = "total", _("Total for the year")
        LEVEL = "level", _("Level held at every point")

    class Relative(models.TextChoices):
        ABSOLUTE = "", _("The target value itself")
        # "more than Q4/2563" (5.4): the unit's baseline; with a value, "at least value % above the baseline".
        BASELINE = "baseline", _("Against each unit's baseline")

    class Rollup(models.TextChoices):
        SUM = "sum", _("Sum")
        RATIO = "ratio", _("Percentage recomputed from numerators and denominators")
        WEIGHTED_MEAN = "weighted_mean", _("Mean weighted by responses")
        ALL = "all", _("Milestone: all units")
        N_OF_M = "n_of_m", _("Milestone: n of m units")
        NONE = "none", _("Not rolled up")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(default=0)
    label_th = models.TextField(_("target (Thai)"))
    label_en = models.TextField(_("target (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    comparator = models.CharField(
        _("comparator"), max_length=2, choices=Comparator.choices, default=Comparator.GE
    )
    value = models.DecimalField(_("target value"), max_digits=14, decimal_places=4, null=True, blank=True)
    scale_min = models.DecimalField(_("scale from"), max_digits=6, decimal_places=2, null=True, blank=True)
    scale_max = models.DecimalField(_("scale to"), max_digits=6, decimal_places=2, null=True, blank=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.PER_UNIT)
    segment = models.CharField(_("customer segment"), max_length=40, blank=True)
    segment_accounts = models.PositiveIntegerField(_("accounts in the segment"), null=True, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices, default=Basis.LEVEL)
    report_days = models.PositiveSmallIntegerField(
        _("units report within (days after period)"), null=True, blank=True
    )
    consolidate_days = models.PositiveSmallIntegerField(
        _("consolidating unit reports within (days after quarter)"), null=True, blank=True
    )
    consolidating_unit = models.ForeignKey(
        Unit,
        verbose_name=_("consolidating unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rollup = models.CharField(_("roll-up"), max_length=20, choices=Rollup.choices, default=Rollup.SUM)
    rollup_n = models.PositiveSmallIntegerField(_("n for n-of-m"), null=True, blank=True)
    measure_key = models.CharField(_("computed by measure"), max_length=100, blank=True)
    relative_to = models.CharField(
        _("graded against"), max_length=20, choices=Relative.choices, default=Relative.ABSOLUTE, blank=True
    )
    # The months the target runs in when not all of its activity's ([[4, 12]] for 5.6's second target).
    months = models.JSONField(_("months"), default=list, blank=True)
    due_month = models.PositiveSmallIntegerField(
        _("milestone due month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    assigned_units = models.ManyToManyField(
        Unit, verbose_name=_("reporting units"), blank=True, related_name="+"
    )
    assigned_groups = models.ManyToManyField(
        UnitGroup, verbose_name=_("reporting unit groups"), blank=True, related_name="+"
    )
    lineage = models.ForeignKey(
        "self",
        verbose_name=_("same target last year"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
    )

    class Meta:
        ordering = ["activity__sort_key", "order", "pk"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="percentage") | Q(value__isnull=True) | Q(value__gte=0, value__lte=100),
                name="target_percentage_0_100",
            ),
            models.UniqueConstraint(fields=["activity", "order"], name="target_order_unique"),
            models.CheckConstraint(
                condition=Q(due_month__isnull=True) | Q(due_month__gte=1, due_month__lte=12),
                name="target_due_month_1_12",
            ),
            models.CheckConstraint(
                condition=Q(comparator__in=["ge", "gt", "eq", "le", "lt"]), name="target_comparator_known"
            ),
            models.CheckConstraint(
                condition=~Q(kind="score")
                | Q(value__isnull=True)
                | (
                    Q(scale_min__isnull=False, scale_max__isnull=False)
                    & Q(value__gte=models.F("scale_min"), value__lte=models.F("scale_max"))
                ),
                name="target_score_in_scale",
            ),
        ]

    def __str__(self):
        return f"{self.activity.number}: {self.label_th[:60]}"

    def clean(self):
        errors = {}
        if self.kind == self.Kind.PERCENTAGE and self.value is not None and not 0 <= self.value <= 100:
            errors["value"] = _("A percentage must be between 0 and 100.")
        if self.kind == self.Kind.SCORE:
            if self.scale_min is None or self.scale_max is None:
                errors["scale_max"] = _("A score needs its scale (from and to).")
            elif self.scale_min >= self.scale_max:
                errors["scale_max"] = _("The scale must end above where it starts.")
            elif self.value is not None and not self.scale_min <= self.value <= self.scale_max:
                errors["value"] = _("The target score must lie inside its scale.")
        if self.kind in {self.Kind.MILESTONE, self.Kind.TEXT} and self.value is not None:
            errors["value"] = _("A milestone or text target has no numeric value.")
        if self.kind in {self.Kind.COUNT, self.Kind.DURATION} and self.value is not None and self.value < 0:
            errors["value"] = _("The value cannot be negative.")
        if self.rollup == self.Rollup.N_OF_M and not self.rollup_n:
            errors["rollup_n"] = _("Say how many units (n) must reach the milestone.")
        month_problem = self._months_problem()
        if month_problem:
            errors["months"] = month_problem
        if self.relative_to and not self.is_numeric:
            errors["relative_to"] = _("เป้าหมายแบบงานสำเร็จหรือข้อความเทียบกับข้อมูลฐานไม่ได้")
        if self.due_month and self.kind != self.Kind.MILESTONE:
            errors["due_month"] = _("เดือนที่ครบกำหนดใช้กับเป้าหมายแบบงานสำเร็จ (milestone) เท่านั้น")
        if self.measure_key and not measures.is_known(self.measure_key):
            errors["measure_key"] = measures.unknown_key_message(self.measure_key)
        if errors:
            raise ValidationError(errors)

    def _months_problem(self) -> str | None:
        try:
            self.months = schedule.normalise_periods(self.months)
        except ValueError as exc:
            return str(exc)
        if not self.months:
            return None
        start_month = _plan_start_month(self.activity) if self.activity_id else 1
        problem = schedule.overlap_problem(self.months, start_month)
        if problem or not self.activity_id:
            return problem
        own = schedule.month_indices(self.months, start_month)
        try:
            activity = schedule.month_indices(schedule.activity_periods(self.activity), start_month)
        except ValueError:
            return None
        if not own <= activity:
            return _("เดือนของเป้าหมายต้องอยู่ในช่วงเดือนของกิจกรรม (%(months)s)") % {
                "months": ", ".join(f"{a}-{b}" for a, b in schedule.activity_periods(self.activity))
            }
        return None

    @property
    def label(self) -> str:
        return self.localized("label")

    @property
    def is_numeric(self) -> bool:
        return self.kind in {self.Kind.COUNT, self.Kind.PERCENTAGE, self.Kind.SCORE, self.Kind.DURATION}

    @property
    def is_cumulative_count(self) -> bool:
        """Counts add up over the year, so a cumulative figure may not fall from one quarter to the next."""
        return self.kind == self.Kind.COUNT and self.basis in {self.Basis.PER_PERIOD, self.Basis.TOTAL}

    def goal_over_baseline(self, baseline: Decimal | None) -> Decimal | None:
        """A target graded against a baseline: the baseline itself ("more than Q4/2563", comparator >), or
        ``value`` per cent above it ("at least 5 % above last year")."""
        if baseline is None:
            return None
        if self.value is None:
            return baseline
        return (baseline * (1 + self.value / 100)).quantize(Decimal("0.0001"))

    def target_for(self, quarter_number: int, value: Decimal | None = None) -> Decimal | None:
        """The target a cumulative result Q1..Qn is held against; ``value`` is a unit's own (plans.goals)."""
        value = self.value if value is None else value
        if value is None:
            return None
        if self.basis == self.Basis.PER_PERIOD:
            periods = quarter_number * 3 if self.frequency == self.Frequency.MONTHLY else quarter_number
            if self.frequency == self.Frequency.YEARLY:
                periods = 1
            return value * periods
        return value

    def expected_by(self, quarter_number: int, value: Decimal | None = None) -> Decimal | None:
        """What is due by the end of Qn for the result to be on track (a year's total taken pro rata)."""
        value = self.value if value is None else value
        if value is None:
            return None
        if self.basis == self.Basis.TOTAL:
            return value * quarter_number / 4
        return self.target_for(quarter_number, value)

    def text_with_value(self) -> str:
        if self.value is None:
            return self.label_th
        return f"{self.get_comparator_display()} {self.value.normalize():f} {self.unit_of_measure}".strip()


class TargetValue(models.Model):
    """A target's value for one unit group (an office class) or one unit, in place of the target's default."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="unit_values")
    group = models.ForeignKey(
        UnitGroup,
        verbose_name=_("unit group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("target value"), max_digits=14, decimal_places=4)

    class Meta:
        ordering = ["target", "group__code", "unit__code"]
        verbose_name = _("target value per unit")
        verbose_name_plural = _("target values per unit")
        constraints = [
            models.CheckConstraint(
                condition=Q(group__isnull=True, unit__isnull=False)
                | Q(group__isnull=False, unit__isnull=True),
                name="target_value_group_or_unit",
            ),
            models.UniqueConstraint(
                fields=["target", "group"],
                condition=Q(group__isnull=False),
                name="target_value_one_per_group",
            ),
            models.UniqueConstraint(
                fields=["target", "unit"], condition=Q(unit__isnull=False), name="target_value_one_per_unit"
            ),
        ]

    def __str__(self):
        return f"{self.target_id} {self.group or self.unit}: {self.value.normalize():f}"


class Baseline(models.Model):
    """A unit's starting figure for a target graded against it: typed in, imported, or last year's result."""

    class Source(models.TextChoices):
        TYPED = "typed", _("typed in")
        IMPORTED = "imported", _("imported")
        LINEAGE = "lineage", _("last year's result")

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="baselines")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("baseline"), max_digits=14, decimal_places=4)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.TYPED)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["target", "unit__code"]
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        constraints = [models.UniqueConstraint(fields=["target", "unit"], name="baseline_one_per_unit")]

    def __str__(self):
        return f"{self.target_id} {self.unit_id}: {self.value.normalize():f}"


class PlanRevision(models.Model):
    """A published revision of a plan (ครั้งที่ N): its date, reason and approval letter, and every target's
    goal as it then stood (``snapshot``), so that the revision can be printed as it was."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField(_("revision"))
    published_on = models.DateField(_("published on"))
    reason = models.TextField(_("reason"))
    letter_no = models.CharField(_("approval letter no."), max_length=100, blank=True)
    letter_date = models.DateField(_("approval letter date"), null=True, blank=True)
    published_by = models.ForeignKey(
        User,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # target id -> {"label_th", "comparator", "value", "units": {unit id: the unit's own value}}
    snapshot = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_revision_number_unique"),
            models.CheckConstraint(condition=~Q(reason=""), name="plan_revision_has_reason"),
        ]

    def __str__(self):
        return f"{self.plan} ครั้งที่ {self.number}"
