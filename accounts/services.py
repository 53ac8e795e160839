"""Onboarding without a phone call: activation codes issued in bulk, self-registration, unit admins managing
their own reporters, sign-ins recorded for the usage statistics, and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kpiplan.lib.thaidate import thai_date
from plans import access
from plans.models import Unit, User

from .models import CODE_ALPHABET, CODE_LENGTH, ActivationCode, ApiToken, CodeUse, LetterBatch, SignIn
from .tasks import build_letters

MAX_USES = 100  # a code is for one unit's people: more uses than that is a typo


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What people type: spaces and dashes dropped, case ignored."""
    return "".join(c for c in text.upper() if c.isalnum())


def codes_issue(
    *,
    units,
    role: str,
    max_uses: int,
    expires_at: datetime,
    by: User,
    now: datetime,
    batch: LetterBatch | None = None,
) -> list[ActivationCode]:
    """One code per unit (bulk-created; a collision, vanishingly rare, is retried)."""
    units = list(units)
    for unit in units:
        if not access.can_manage_unit_users(by, unit):
            raise PermissionDenied
    if any(not access.can_grant_role(by, role, unit) for unit in units):
        raise ValidationError({"role": _("You cannot issue codes for this role.")})
    if max_uses < 1:
        raise ValidationError({"max_uses": _("A code is used at least once.")})
    if max_uses > MAX_USES:
        raise ValidationError({"max_uses": _("A code is used at most %(n)s times.") % {"n": MAX_USES}})
    if expires_at <= now:
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    for _attempt in range(5):
        codes = [
            ActivationCode(
                code=new_code(),
                unit=u,
                role=role,
                max_uses=max_uses,
                expires_at=expires_at,
                issued_by=by,
                issued_at=now,
                batch=batch,
            )
            for u in units
        ]
        try:
            with transaction.atomic():
                return ActivationCode.objects.bulk_create(codes)
        except IntegrityError:
            continue
    raise RuntimeError("could not draw unique activation codes")


def letters_request(
    *, units, group, role: str, max_uses: int, valid_days: int, by: User, now: datetime
) -> LetterBatch:
    """A code per unit and their printed letters (PDF, CSV), built by the task worker; nothing on a refusal."""
    units = sorted(set(units), key=lambda u: u.code)
    batch = LetterBatch.objects.create(
        group=group, role=role, requested_by=by, requested_at=now, total=len(units)
    )
    try:
        codes_issue(
            units=units,
            role=role,
            max_uses=max_uses,
            expires_at=now + timedelta(days=valid_days),
            by=by,
            now=now,
            batch=batch,
        )
    except (ValidationError, PermissionDenied):
        batch.delete()
        raise
    build_letters.enqueue(batch.pk)
    return batch


def code_revoke(*, code: ActivationCode, by: User, now: datetime) -> None:
    if not access.can_manage_unit_users(by, code.unit):
        raise PermissionDenied
    code.revoked_at = now
    code.save(update_fields=["revoked_at"])


NO_SUCH_CODE = gettext_lazy(
    "This activation code does not work with this unit code. Check both against your letter: the code has "
    "8 letters and digits (no 0, O, 1 or I). If they match, ask your unit admin or head office for a new code."
)


@dataclass
class Registration:
    unit_code: str
    code: str
    username: str
    password: str
    first_name: str
    email: str
    position: str = ""


@transaction.atomic
def register(*, data: Registration, now: datetime) -> User:
    """Create the user a valid code allows; every refusal says why, in words a reporter understands."""
    code = (
        ActivationCode.objects.select_for_update()
        .select_related("unit")
        .filter(code=normalise_code(data.code))
        .first()
    )
    unit = Unit.objects.filter(code=data.unit_code.strip()).first()
    # A code that does not exist, belongs to another unit or was revoked gets one and the same answer: a
    # different one would tell a guesser that the code exists, and for which unit. Whoever holds the letter
    # (the right unit and code) is told precisely when it expired or is used up.
    if code is None or unit is None or unit.pk != code.unit_id or code.revoked_at is not None:
        raise ValidationError({"code": NO_SUCH_CODE})
    if code.expires_at <= now:
        raise ValidationError(
            {
                "code": _("This code expired on %(day)s. Ask for a new one.")
                % {"day": thai_date(code.expires_at)}
            }
        )
    if code.uses >= code.max_uses:
        raise ValidationError(
            {
                "code": _("This code has already been used as many times as it allows (%(n)s).")
                % {"n": code.max_uses}
            }
        )
    if User.objects.filter(username__iexact=data.username).exists():
        raise ValidationError({"username": _("This username is taken; choose another.")})
    user = User(
        username=data.username,
        first_name=data.first_name,
        email=data.email,
        unit=unit,
        role=code.role,
        position=data.position,
    )
    try:
        validate_password(data.password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(data.password)
    user.full_clean(exclude=["password"])
    user.save()
    code.uses += 1
    code.save(update_fields=["uses"])
    CodeUse.objects.create(code=code, user=user, at=now)
    return user


def user_set_active(*, target: User, active: bool, by: User) -> None:
    """Deactivate or reactivate a person: only one whose role ``by`` may grant, in a unit ``by`` manages."""
    if not access.can_deactivate(by, target):
        raise PermissionDenied
    target.is_active = active
    target.save(update_fields=["is_active"])


def signin_record(*, user: User, now: datetime) -> None:
    SignIn.objects.create(user=user, at=now)


def default_expiry(now: datetime) -> datetime:
    return now + timedelta(days=60)


def token_issue(*, user: User, name: str, now: datetime, signed_in: bool) -> tuple[ApiToken, str]:
    """A new API token for the user; the key is returned once and only its hash is stored. Only a person
    signed in with a password (``signed_in``) gets one: never a request carrying a token."""
    if not access.can_issue_token(user, signed_in=signed_in):
        raise PermissionDenied
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name or "api",
        prefix=key[:8],
        key_hash=hashlib.sha256(key.encode()).hexdigest(),
        created_at=now,
    )
    return token, key


def token_revoke(*, token: ApiToken, by: User, now: datetime) -> None:
    if not access.can_revoke_token(by, token.user_id):
        raise PermissionDenied
    token.revoked_at = now
    token.save(update_fields=["revoked_at"])


def token_user(key: str, now: datetime) -> tuple[User, ApiToken] | None:
    """The active user a key belongs to, or None (unknown, revoked, or the user deactivated)."""
    token = (
        ApiToken.objects.select_related("user__unit")
        .filter(key_hash=hashlib.sha256(key.encode()).hexdigest(), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token
