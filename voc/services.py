"""Writes: VOC records, survey responses (score on its scale), call-backs, and the reference data."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans import access
from plans.models import Unit, User

from .models import (
    SCALES,
    CallBack,
    Channel,
    Mechanism,
    SurveyResponse,
    Topic,
    VocRecord,
    on_five_point_scale,
)


def can_write(user: User, unit: Unit) -> bool:
    return access.can_write_records(user, unit)


def voc_save(*, record: VocRecord, user: User) -> VocRecord:
    if not can_write(user, record.unit):
        raise PermissionDenied
    if record.mechanism_id and record.mechanism.channel_id != record.channel_id:
        raise ValidationError({"mechanism": _("This mechanism belongs to another channel.")})
    if record.topic_id and record.topic.category != record.category:
        raise ValidationError({"topic": _("This topic belongs to another category.")})
    if record.pk is None:
        record.created_by = user
    record.full_clean()
    record.save()
    return record


def survey_score(method: str, answers: dict[str, Decimal]) -> tuple[Decimal, Decimal]:
    """The response's mean score on its own scale and on the 5-point scale; ValidationError when out of scale."""
    scale = SCALES[method]
    if not answers:
        raise ValidationError({"score": _("A response needs at least one score.")})
    for question, value in answers.items():
        if not 1 <= value <= scale:
            raise ValidationError(
                {
                    "score": _("%(q)s = %(v)s is outside the scale 1–%(max)s.")
                    % {"q": question, "v": value, "max": scale}
                }
            )
    mean = (sum(answers.values(), Decimal(0)) / len(answers)).quantize(Decimal("0.001"))
    return mean, on_five_point_scale(mean, scale)


@transaction.atomic
def callback_record(
    *, response: SurveyResponse, user: User, called_at: datetime, outcome: str, note: str = ""
) -> CallBack:
    if not can_write(user, response.unit):
        raise PermissionDenied
    if not response.is_low:
        raise ValidationError({"outcome": _("Only ratings of 1 or 2 are called back.")})
    callback, _created = CallBack.objects.update_or_create(
        response=response, defaults={"called_at": called_at, "outcome": outcome, "note": note, "by": user}
    )
    return callback


@transaction.atomic
def reference_load(document: dict) -> int:
    """Channels, mechanisms and topics from voc/seed/channels.yaml (idempotent by code)."""
    count = 0
    for c_order, row in enumerate(document.get("channels") or []):
        channel, _c = Channel.objects.update_or_create(
            code=row["code"], defaults={"name_th": row["name_th"], "order": c_order}
        )
        for m_order, m in enumerate(row.get("mechanisms") or []):
            Mechanism.objects.update_or_create(
                code=m["code"], defaults={"channel": channel, "name_th": m["name_th"], "order": m_order}
            )
            count += 1
    for row in document.get("topics") or []:
        Topic.objects.update_or_create(
            code=row["code"], defaults={"category": row["category"], "name_th": row["name_th"]}
        )
    return count


@transaction.atomic
def survey_save(
    *,
    user: User,
    external_id: str,
    method: str,
    job_type: str,
    unit: Unit,
    quota_unit: Unit | None,
    day,
    answers: dict[str, Decimal],
) -> SurveyResponse:
    """A survey typed in; a reviewer may count it toward another office's quota (the seed's top-up rule)."""
    if not can_write(user, unit):
        raise PermissionDenied
    quota_unit = quota_unit or unit
    if quota_unit != unit and not access.can_top_up_quota(user):
        raise ValidationError({"quota_unit": _("Only the region's reviewer tops up another office's quota.")})
    if SurveyResponse.objects.filter(external_id=external_id).exists():
        raise ValidationError({"external_id": _("A response with this id is already recorded.")})
    score, score_5 = survey_score(method, answers)
    return SurveyResponse.objects.create(
        external_id=external_id,
        method=method,
        job_type=job_type,
        unit=unit,
        quota_unit=quota_unit,
        date=day,
        answers={k: str(v) for k, v in answers.items()},
        score=score,
        score_5=score_5,
    )
