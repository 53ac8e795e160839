"""Voice of the customer: channels and mechanisms, VOC records, satisfaction responses and call-backs."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.models import Unit


class Channel(models.Model):
    """One of the 5 listening channels (configurable)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self):
        return self.name_th


class Mechanism(models.Model):
    """One of the 15 listening mechanisms, under a channel (configurable)."""

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="mechanisms")
    code = models.CharField(_("code"), max_length=30, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["channel__order", "order", "code"]

    def __str__(self):
        return self.name_th


class Category(models.TextChoices):
    PRODUCT = "product", _("Product")
    SERVICE = "service", _("Service")
    SUPPORT = "support", _("Support")


class Topic(models.Model):
    """A sub-topic of a VOC category (e.g. service > waiting time)."""

    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    code = models.CharField(_("code"), max_length=30, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)

    class Meta:
        ordering = ["category", "code"]

    def __str__(self):
        return f"{self.get_category_display()} · {self.name_th}"


class Segment(models.TextChoices):
    STRATEGIC = "Strategic", "Strategic"
    STAR = "Star", "Star"
    STATUS = "Status", "Status"
    STREAMLINE = "Streamline", "Streamline"
    GENERAL = "general", _("General customer")


class VocRecord(models.Model):
    """A voice of the customer heard by a unit; significant or unresolved ones are the KPI."""

    reference = models.CharField(_("reference"), max_length=60, unique=True)
    date = models.DateField(_("date"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="voc_records"
    )
    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.PROTECT)
    mechanism = models.ForeignKey(
        Mechanism, verbose_name=_("mechanism"), on_delete=models.PROTECT, null=True, blank=True
    )
    segment = models.CharField(_("customer segment"), max_length=12, choices=Segment.choices, blank=True)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.PROTECT, null=True, blank=True)
    text = models.TextField(_("what the customer said"))
    significant = models.BooleanField(_("significant"), default=False)
    resolved = models.BooleanField(_("resolved"), default=False)
    action_taken = models.TextField(_("action taken"), blank=True)
    # A complaint raised from it, by reference: voc does not import the complaints app.
    complaint_reference = models.CharField(_("complaint raised"), max_length=60, blank=True)
    source = models.CharField(
        _("source"), max_length=30, blank=True
    )  # e.g. "kam:<activity id>" (VOC-CRM-001)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("VOC record")
        verbose_name_plural = _("VOC records")
        indexes = [models.Index(fields=["unit", "date"], name="voc_unit_date")]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("voc:detail", args=[self.pk])

    @property
    def logged_as_kpi(self) -> bool:
        return self.significant or not self.resolved


class Method(models.TextChoices):
    SMS = "sms", _("SMS survey")
    PHONE = "phone", _("Phone survey")
    SMILE_BOX = "smile_box", _("Smile Box")
    TOUCH_SCREEN = "touch_screen", _("Touch screen")


class JobType(models.TextChoices):
    NEW_SERVICE = "new_service", _("New service (meter installation)")
    LV_EXTENSION = "lv_extension", _("Self-built LV extension")
    TRANSFORMER = "transformer", _("Dedicated transformer")
    COUNTER = "counter", _("Counter service")


SCALES = {Method.SMS: 5, Method.PHONE: 5, Method.TOUCH_SCREEN: 5, Method.SMILE_BOX: 3}
LOW_RATING = 2  # ratings of 1 and 2 get a call-back


class SurveyResponse(models.Model):
    """One customer's answer to a satisfaction survey; scores kept per question on the method's scale."""

    external_id = models.CharField(_("response id"), max_length=80, unique=True)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    job_type = models.CharField(_("job type"), max_length=12, choices=JobType.choices, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("office served"), on_delete=models.PROTECT, related_name="+"
    )
    # The office whose quota the survey counts toward: the region may top up a small office from others.
    quota_unit = models.ForeignKey(
        Unit, verbose_name=_("counts toward the quota of"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    answers = models.JSONField(_("scores per question"), default=dict)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=3)  # mean of the answers, own scale
    score_5 = models.DecimalField(_("score on a 5-point scale"), max_digits=5, decimal_places=3)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["quota_unit", "date", "method"], name="survey_quota_unit_date"),
            models.Index(fields=["unit", "date"], name="survey_unit_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="survey_score_1_5"),
            models.CheckConstraint(condition=Q(score_5__gte=1) & Q(score_5__lte=5), name="survey_score5_1_5"),
        ]

    def __str__(self):
        return self.external_id

    @property
    def is_low(self) -> bool:
        return self.score <= LOW_RATING


def on_five_point_scale(score: Decimal, scale_max: int) -> Decimal:
    """1..scale_max mapped onto 1..5 so that averages of different methods are comparable."""
    if scale_max == 5:
        return score
    return (Decimal(1) + (score - 1) * Decimal(4) / Decimal(scale_max - 1)).quantize(Decimal("0.001"))


class CallBack(models.Model):
    """The call-back to a customer who rated 1 or 2, with its outcome."""

    class Outcome(models.TextChoices):
        REACHED = "reached", _("Reached, issue addressed")
        REACHED_OPEN = "reached_open", _("Reached, follow-up needed")
        NOT_REACHED = "not_reached", _("Not reached")

    response = models.OneToOneField(SurveyResponse, on_delete=models.CASCADE, related_name="callback")
    called_at = models.DateTimeField(_("called at"))
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("called by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    def __str__(self):
        return f"call-back {self.response_id}: {self.outcome}"


# The three job types whose every customer gets the SMS survey (3.3.1), in the order the plan lists them.
SMS_JOBS = (JobType.NEW_SERVICE, JobType.LV_EXTENSION, JobType.TRANSFORMER)


class SmsSurveyJob(models.Model):
    """A finished job of one of 3.3.1's three job types, owed an SMS survey to its customer, and when it went."""

    reference = models.CharField(_("job number"), max_length=60, unique=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("office"), on_delete=models.PROTECT, related_name="sms_survey_jobs"
    )
    job_type = models.CharField(_("job type"), max_length=12, choices=JobType.choices)
    completed_on = models.DateField(_("job completed on"))  # decides the quarter the job counts in
    sms_sent_on = models.DateField(_("SMS survey sent on"), null=True, blank=True)
    # The plan leaves out new-service jobs of housing estates and condominiums whose developer applied.
    developer_project = models.BooleanField(
        _("housing estate or condominium applied for by its developer"), default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-pk"]
        verbose_name = _("SMS survey job")
        verbose_name_plural = _("SMS survey jobs")
        indexes = [models.Index(fields=["unit", "completed_on"], name="sms_job_unit_completed")]
        constraints = [
            models.CheckConstraint(
                condition=Q(job_type__in=[j.value for j in SMS_JOBS]), name="sms_job_type_of_331"
            ),
            models.CheckConstraint(
                condition=Q(sms_sent_on__isnull=True) | Q(sms_sent_on__gte=models.F("completed_on")),
                name="sms_job_sent_after_completed",
            ),
            models.CheckConstraint(
                condition=Q(developer_project=False) | Q(job_type=JobType.NEW_SERVICE),
                name="sms_job_developer_only_new_service",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("voc:sms_job_edit", args=[self.pk])
