"""What reaches a person: in-app notifications (also e-mailed, per event or in a daily digest)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Notification(models.Model):
    """One message to one person: a comment that mentions them, a returned result, an answered inquiry, a
    reminder. ``key`` (when set) makes it once only: the same reminder is never sent twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    # When it went out by e-mail (per event, or in a digest); empty while it waits for the digest.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="notification_once_per_key"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self):
        return f"{self.user_id}: {self.subject}"


class NotificationPreference(models.Model):
    """How a person wants their e-mail: one per event (the default), or one digest a day."""

    class Mode(models.TextChoices):
        EVENT = "event", "ทันทีทุกเรื่อง"
        DIGEST = "digest", "สรุปวันละครั้ง"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.EVENT)

    def __str__(self):
        return f"{self.user_id}: {self.mode}"
