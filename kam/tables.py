import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from kpiplan.lib.tables import StackedOnPhones

from .models import KeyAccount


class AccountTable(StackedOnPhones, tables.Table):
    customer_number = tables.Column(verbose_name=_("Customer number"), linkify=True)
    name = tables.Column(verbose_name=_("Name"))
    segment = tables.Column(verbose_name=_("Segment"))
    office = tables.Column(verbose_name=_("Office"), accessor="office__code")
    kamr = tables.Column(
        verbose_name=_("KAM representative"),
        accessor="kamr",
        default="—",
        order_by=("kamr__first_name", "kamr__username"),
    )
    activities = tables.Column(verbose_name=_("Activities"), accessor="n_activities", orderable=False)

    class Meta:
        model = KeyAccount
        fields = ["customer_number", "name", "segment", "office", "kamr"]
        attrs = {"class": "grid stacked"}
        template_name = "django_tables2/table.html"
