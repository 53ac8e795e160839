"""A service's ValidationError shown on the form that called it."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def add_service_errors(form, exc: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Each message at its field (renamed where the form calls the field otherwise); messages for fields the
    form does not have go above the form. (``form.add_error(None, exc)`` refuses unknown fields.)"""
    rename = rename or {}
    for field, errors in exc.message_dict.items():
        field = rename.get(field, field)
        form.add_error(field if field in form.fields else None, errors)
