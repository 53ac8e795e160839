import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kpiplan.lib.tables import StackedOnPhones
from kpiplan.lib.thaidate import thai_date

from .models import VocRecord


class VocTable(StackedOnPhones, tables.Table):
    reference = tables.Column(verbose_name=_("Reference"), linkify=True)
    date = tables.Column(verbose_name=_("Date"))
    unit = tables.Column(verbose_name=_("Unit"), accessor="unit__code")
    channel = tables.Column(verbose_name=_("Channel"), accessor="channel__name_th")
    category = tables.Column(verbose_name=_("Category"))
    text = tables.Column(verbose_name=_("What the customer said"))
    flags = tables.Column(verbose_name=_("Status"), accessor="pk", orderable=False)

    class Meta:
        model = VocRecord
        fields = ["reference", "date", "unit", "channel", "category", "text"]
        attrs = {"class": "grid stacked"}
        template_name = "django_tables2/table.html"

    def render_date(self, value):
        return thai_date(value)

    def render_text(self, value):
        return value if len(value) <= 90 else value[:88] + "…"

    def render_flags(self, record):
        parts = []
        if record.significant:
            parts.append(format_html('<span class="status status-on_track">{}</span>', _("significant")))
        parts.append(
            format_html(
                '<span class="status {}">{}</span>',
                "status-achieved" if record.resolved else "status-behind",
                _("resolved") if record.resolved else _("unresolved"),
            )
        )
        return format_html(" ".join(["{}"] * len(parts)), *parts)
