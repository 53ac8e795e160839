import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kpiplan.lib.tables import StackedOnPhones
from kpiplan.lib.thaidate import thai_date

from .models import SmsSurveyJob, VocRecord


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


class SmsJobTable(StackedOnPhones, tables.Table):
    reference = tables.Column(verbose_name=_("Job number"), linkify=True)
    completed_on = tables.Column(verbose_name=_("Job completed on"))
    unit = tables.Column(verbose_name=_("Unit"), accessor="unit__code")
    job_type = tables.Column(verbose_name=_("Job type"))
    sms_sent_on = tables.Column(verbose_name=_("SMS survey sent on"), default="")
    developer_project = tables.Column(verbose_name=_("Status"), orderable=False)

    class Meta:
        model = SmsSurveyJob
        fields = ["reference", "completed_on", "unit", "job_type", "sms_sent_on", "developer_project"]
        attrs = {"class": "grid stacked"}
        template_name = "django_tables2/table.html"

    def render_completed_on(self, value):
        return thai_date(value)

    def render_sms_sent_on(self, value):
        return thai_date(value)

    def render_developer_project(self, record):
        if record.developer_project:
            return format_html(
                '<span class="status status-not_reported">{}</span>', _("not counted: developer's project")
            )
        if record.sms_sent_on is None:
            return format_html('<span class="status status-behind">{}</span>', _("SMS not sent"))
        return format_html('<span class="status status-achieved">{}</span>', _("SMS sent"))
