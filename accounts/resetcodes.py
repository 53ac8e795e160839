"""Back in without e-mail: a unit admin prints a one-time reset code for a person of their unit whose reset
e-mail does not arrive (seed 000: password resets were the second largest source of calls); the person types
their username, the code and a new password at /password/code/.

The code is stored hashed (as a password is), works once, for three days, and only for the person it was
printed for; a new slip revokes the older ones. Whatever is wrong — no such user, a wrong, used, revoked or
expired code, someone else's code — the page gives one answer, so it tells nobody which usernames exist or
which codes were close. The pages' rate limits (per address and per username) stop guessing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from kpiplan.lib.pdf import html_to_pdf
from plans import access
from plans.models import User

from .models import CODE_ALPHABET, CODE_LENGTH, ResetCode

VALID_FOR = timedelta(days=3)


def refused() -> ValidationError:
    """The one answer for every wrong username or code."""
    return ValidationError(
        {"code": _("The username or the code is wrong, or the code has expired or was used already.")}
    )


def normalise(text: str) -> str:
    """As people type a printed code: spaces and dashes dropped, case ignored."""
    return "".join(c for c in (text or "").upper() if c.isalnum())


def formatted(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


@dataclass(frozen=True)
class Printed:
    """A reset code just issued: its plain text exists only here, for the slip."""

    reset: ResetCode
    code: str

    @property
    def formatted(self) -> str:
        return formatted(self.code)

    @property
    def url(self) -> str:
        return settings.SITE_URL.rstrip("/") + reverse("accounts:reset_by_code")


def reset_code_issue(*, person: User, by: User, now: datetime) -> Printed:
    """A new one-time code for ``person``, printed by an admin of their unit (or head office): the people whose
    access that admin manages (``access.can_deactivate``). Earlier unused codes of the person stop working."""
    if not access.can_deactivate(by, person):
        raise PermissionDenied
    if not person.is_active:
        raise ValidationError(
            _("%(user)s is deactivated: reactivate the account first.") % {"user": person.username}
        )
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    with transaction.atomic():
        ResetCode.objects.filter(user=person, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
        reset = ResetCode.objects.create(
            user=person,
            code_hash=make_password(code),
            issued_by=by,
            issued_at=now,
            expires_at=now + VALID_FOR,
        )
    return Printed(reset, code)


def reset_by_code(*, username: str, code: str, password: str, now: datetime) -> User:
    """Set a new password with a printed code: once, before it expires, for the person it was printed for.
    Raises ValidationError: the one refusal for any wrong username or code (field ``code``), or the password
    rules (field ``new_password1``; the code stays usable then)."""
    typed = normalise(code)
    person = User.objects.filter(username=(username or "").strip(), is_active=True).first()
    with transaction.atomic():
        candidates = list(
            ResetCode.objects.select_for_update().filter(
                user=person, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
            )
            if person is not None
            else ResetCode.objects.none()
        )
        match = next((c for c in candidates if check_password(typed, c.code_hash)), None)
        if match is None:
            if not candidates:
                make_password(typed)  # as long as a check, whether or not the person has a code
            raise refused()
        try:
            validate_password(password, person)
        except ValidationError as exc:
            raise ValidationError({"new_password1": exc.messages}) from exc
        person.set_password(password)
        person.save(update_fields=["password"])
        match.used_at = now
        match.save(update_fields=["used_at"])
        ResetCode.objects.filter(user=person, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
    return person


def slip_pdf(printed: Printed, *, today) -> bytes:
    """The slip the admin hands over: whose code, the code, until when, where to type it (A4, the activation
    letter's look: templates/accounts/reset_slip.html)."""
    html = render_to_string(
        "accounts/reset_slip.html", {"p": printed, "person": printed.reset.user, "today": today}
    )
    return html_to_pdf(html)
