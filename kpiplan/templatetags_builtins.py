"""Template filters available in every template (registered as builtins in settings)."""

from decimal import Decimal, InvalidOperation

from django import template

from kpiplan.lib.thaidate import thai_date

register = template.Library()


@register.filter
def thdate(value, style="short"):
    """{{ day|thdate }} -> "1 เม.ย. 2564"; {{ day|thdate:"long" }}; {{ moment|thdate:"time" }}."""
    if style == "time":
        return thai_date(value, with_time=True)
    return thai_date(value, style=style)


@register.filter
def num(value, places=None):
    """A Decimal without trailing zeros and with thousands separators: 12.5000 -> "12.5", 3000 -> "3,000"."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-int(places)))
    text = f"{number:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def period_label(activity, plan_year):
    """{{ activity|period_label:plan_year }} -> "ม.ค.-ธ.ค.2564"."""
    return activity.period_label(plan_year)
