from django import template
from django.utils.translation import gettext as _

from quarters.models import Result
from quarters.scoring import Standing

register = template.Library()


@register.filter
def standing_label(code):
    """ "behind" -> the translated label of a status."""
    try:
        return Standing(code).label
    except ValueError:
        return code


@register.filter
def field_label(name):
    """A result field's name as its form labels it."""
    if name == "evidence":
        return _("Evidence")
    try:
        return Result._meta.get_field(name).verbose_name
    except Exception:
        return name
