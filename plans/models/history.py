"""One history for every change people make: records, plans and targets (who, when, before -> after, why)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class HistoryEntry(models.Model):
    """One change to one object: the fields it changed, before and after, as people read them."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")

    class Via(models.TextChoices):
        FORM = "form", _("form")
        IMPORT = "import", _("import")
        API = "api", _("API")
        SYSTEM = "system", _("system")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    via = models.CharField(_("through"), max_length=10, choices=Via.choices, default=Via.FORM)
    # {field name: [before, after]}, each as the page shows it (Thai labels, B.E. dates): a later rename of a
    # unit or a type does not rewrite what people saw when they changed it.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # A change of a plan's goals (a target's goal, its values per office, its baselines) is also a change of the
    # plan: ``plan`` marks it, and ``revision`` is the revision that published it (none yet: pending).
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="goal_changes"
    )
    revision = models.ForeignKey(
        "plans.PlanRevision", null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="history_object_at")]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
