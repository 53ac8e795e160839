"""Accounts: activation codes and their letters, sign-ins, API tokens, the FAQ and the inquiry inbox.

The tables were created by the plans app and moved here with their rows (migrations plans 0004, accounts 0001).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kpiplan.lib.downloads import CSV, PDF, generated_name
from plans.models import BackgroundJob, Unit, UnitGroup, User

# No look-alikes: no 0/O, no 1/I/L. Codes are read from paper and typed in; case does not matter.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# A help inquiry is a question, not a document: about two pages of text (the form says so, the database holds to it).
INQUIRY_MAX_LENGTH = 4000


def letter_path(instance: LetterBatch, filename: str) -> str:
    """A generated name: the letters and the CSV hold live activation codes, handed out only by a view."""
    return generated_name("letters", CSV if filename.endswith(".csv") else PDF)


class LetterBatch(BackgroundJob):
    """Activation codes issued in bulk to a unit group, and their printable letters (PDF) and CSV."""

    group = models.ForeignKey(UnitGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    role = models.CharField(max_length=20, choices=User.Role.choices)
    pdf = models.FileField(upload_to=letter_path, blank=True)
    csv = models.FileField(upload_to=letter_path, blank=True)

    def __str__(self):
        return f"letters {self.pk} {self.state}"

    def get_absolute_url(self):
        return reverse("accounts:letters", args=[self.pk])

    def download(self, kind: str) -> tuple[FieldFile, str, str] | None:
        """The stored file of one kind ("pdf" or "csv"), the name it is saved under, and its type."""
        if kind == "pdf" and self.pdf:
            return self.pdf, f"letters-{self.pk}.pdf", PDF
        if kind == "csv" and self.csv:
            return self.csv, f"codes-{self.pk}.csv", CSV
        return None


class ActivationCode(models.Model):
    """A code that lets someone register as a user of one unit with one role, a limited number of times."""

    code = models.CharField(_("activation code"), max_length=CODE_LENGTH, unique=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="activation_codes"
    )
    role = models.CharField(_("role"), max_length=20, choices=User.Role.choices, default=User.Role.REPORTER)
    max_uses = models.PositiveSmallIntegerField(_("may be used"), default=1)
    uses = models.PositiveSmallIntegerField(_("used"), default=0)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"))
    batch = models.ForeignKey(
        LetterBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="codes"
    )

    class Meta:
        ordering = ["unit__code", "-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(uses__lte=models.F("max_uses")), name="code_uses_within_limit"
            ),
            models.CheckConstraint(condition=Q(max_uses__gte=1), name="code_max_uses_positive"),
        ]

    def __str__(self):
        return self.code

    @property
    def formatted(self) -> str:
        return f"{self.code[:4]}-{self.code[4:]}"


class CodeUse(models.Model):
    """Who registered with a code, and when."""

    code = models.ForeignKey(ActivationCode, on_delete=models.CASCADE, related_name="redemptions")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()

    def __str__(self):
        return f"{self.code_id} by {self.user_id}"


class SignIn(models.Model):
    """A successful sign-in: the usage statistics count these."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_ins")
    at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.user_id} {self.at}"


class InquiryTopic(models.TextChoices):
    CODE = "code", _("Activation code")
    PASSWORD = "password", _("Forgotten password")
    HOW_TO = "how_to", _("How to report")
    OTHER = "other", _("Other")


class FaqEntry(models.Model):
    """A question and its answer in the in-app FAQ (head office edits them); with a topic, it is also a canned
    answer offered on the answer page of an inquiry on that topic."""

    question_th = models.CharField(_("question"), max_length=300)
    answer_th = models.TextField(_("answer"))
    topic = models.CharField(_("topic"), max_length=10, choices=InquiryTopic.choices, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.question_th


class Inquiry(models.Model):
    """A help request that lands in head office's inbox (the inquiry log of seed 000, inside the app)."""

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        PHONE = "phone", _("Phone")
        LINE = "line", _("LINE")
        EMAIL = "email", _("E-mail")

    Topic = InquiryTopic

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("your name"), max_length=120)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    topic = models.CharField(_("topic"), max_length=10, choices=Topic.choices)
    message = models.TextField(_("message"), max_length=INQUIRY_MAX_LENGTH)
    created_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # who asked, when signed in: the answer reaches them in the app too ("my inquiries")
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="inquiries"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="inquiry_status_created")]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("message"), INQUIRY_MAX_LENGTH),
                name="inquiry_message_length",
            ),
        ]

    def __str__(self):
        return f"{self.topic} {self.name}"


class ResetCode(models.Model):
    """A one-time code a unit admin printed for one person whose reset e-mail does not arrive: with their
    username it sets a new password once, within three days. Only its hash is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reset_codes")
    code_hash = models.CharField(max_length=256)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # a newer slip for the same person, or the password set: the code no longer works
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]

    def __str__(self):
        return f"reset code {self.pk} for {self.user_id}"


class ApiToken(models.Model):
    """A named API token of a user; only its hash is kept (the key is shown once, when issued)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}… ({self.name})"
