import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kpiplan.lib.tables import StackedOnPhones
from kpiplan.lib.thaidate import thai_date

from .models import Complaint


class ComplaintTable(StackedOnPhones, tables.Table):
    reference = tables.Column(verbose_name=_("Reference"), linkify=True)
    received_at = tables.Column(verbose_name=_("Received"))
    unit = tables.Column(verbose_name=_("Unit"), accessor="unit__code")
    type = tables.Column(verbose_name=_("Type"), accessor="type__name_th")
    status = tables.Column(verbose_name=_("Status"))
    due_at = tables.Column(verbose_name=_("Due"))

    class Meta:
        model = Complaint
        fields = ["reference", "received_at", "unit", "type", "status", "due_at"]
        attrs = {"class": "grid stacked"}
        template_name = "django_tables2/table.html"
        order_by = ("due_at",)

    def render_received_at(self, value):
        return thai_date(value, with_time=True)

    def render_due_at(self, value, record):
        late = record.status != Complaint.Status.CLOSED and value < timezone.now()
        return format_html(
            '<span class="{}">{}</span>',
            "status status-behind" if late else "",
            thai_date(value, with_time=True),
        )

    def render_status(self, value, record):
        return format_html('<span class="status cs-{}">{}</span>', record.status, value)
