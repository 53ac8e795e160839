"""Help that answers: an inquiry is new, answered or closed; head office answers it (from a canned answer of
its topic, or in its own words) and the answer reaches the person who asked: in the app ("my inquiries" and a
notification) when they were signed in, and by e-mail to the address they left."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from plans import access
from plans.models import User
from plans.notify import notify

from .models import INQUIRY_MAX_LENGTH, FaqEntry, Inquiry

ANSWER_MAX_LENGTH = INQUIRY_MAX_LENGTH  # an answer is no longer than a question may be


def inquiry_create(*, inquiry: Inquiry, user: User | None, now: datetime) -> Inquiry:
    """Store an inquiry from the help page's form (its fields set): a signed-in asker's account and unit are
    kept, so the answer reaches them in the app too."""
    inquiry.created_at = now
    inquiry.channel = Inquiry.Channel.WEB
    inquiry.status = Inquiry.Status.NEW
    if user is not None and user.is_authenticated:
        inquiry.asker = user
        inquiry.unit = user.unit
    inquiry.save()
    return inquiry


def canned_answers(topic: str):
    """The published FAQ entries of an inquiry's topic: the answers head office gives most often."""
    return FaqEntry.objects.filter(published=True, topic=topic)


def _deliver(inquiry: Inquiry, now: datetime) -> None:
    link = reverse("accounts:my_inquiries") + f"#inquiry-{inquiry.pk}"
    subject = _("Head office answered your question: %(topic)s") % {"topic": inquiry.get_topic_display()}
    body = _("Your question:\n%(message)s\n\nThe answer:\n%(answer)s") % {
        "message": inquiry.message,
        "answer": inquiry.answer,
    }
    own_address = inquiry.asker is not None and inquiry.email and inquiry.email == inquiry.asker.email
    if inquiry.asker is not None:
        # in the app always; e-mailed by notify only when it goes to the address the question left
        notify(users=[inquiry.asker], subject=subject, body=body, link=link, now=now, email=bool(own_address))
    if inquiry.email and not own_address:
        message = mail.EmailMessage(
            f"[kpiplan] {subject}", body, settings.DEFAULT_FROM_EMAIL, [inquiry.email]
        )
        transaction.on_commit(lambda: mail.mailers.default.send_messages([message]))


def inquiry_answer(*, inquiry: Inquiry, answer: str, user: User, now: datetime) -> Inquiry:
    """Head office answers (or answers again): the inquiry is answered and the answer reaches the asker.
    Raises ValidationError (empty or too long, nothing saved) or PermissionDenied."""
    if not access.can_see_nation(user):
        raise PermissionDenied
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Type the answer before sending it.")})
    if len(answer) > ANSWER_MAX_LENGTH:
        raise ValidationError(
            {
                "answer": _("An answer may be at most %(limit)s characters (%(count)s typed).")
                % {"limit": f"{ANSWER_MAX_LENGTH:,}", "count": f"{len(answer):,}"}
            }
        )
    with transaction.atomic():
        inquiry.answer = answer
        inquiry.answered_at = now
        inquiry.answered_by = user
        inquiry.status = Inquiry.Status.ANSWERED
        inquiry.closed_at = None
        inquiry.save(update_fields=["answer", "answered_at", "answered_by", "status", "closed_at"])
        _deliver(inquiry, now)
    return inquiry


def inquiry_close(*, inquiry: Inquiry, user: User, now: datetime) -> Inquiry:
    """Head office closes an inquiry (answered by phone, a duplicate, nothing to do): it leaves the queue."""
    if not access.can_see_nation(user):
        raise PermissionDenied
    inquiry.status = Inquiry.Status.CLOSED
    inquiry.closed_at = now
    inquiry.save(update_fields=["status", "closed_at"])
    return inquiry
