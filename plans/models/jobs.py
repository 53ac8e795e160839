"""Background jobs: the abstract base of work the task worker does for someone who waits.

It lives in plans, the foundation every app imports, so that accounts (letter batches) and quarters (report
batches) can both inherit it without importing each other; kpiplan/lib holds no models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BackgroundJob(models.Model):
    """Work done by the task worker for someone who waits: its state and how far it has got."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at"]

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
