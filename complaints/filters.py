import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kpiplan.fields import ThaiDateFilter
from plans import access

from .models import Complaint, ComplaintType


def visible_units(request):
    """The unit choices: the units the person sees (the page and the API pass the request)."""
    return access.units_visible_to(getattr(request, "user", None)).order_by("code")


QUEUES = [
    ("open", _("Open")),
    ("due_soon", _("Due within 3 days")),
    ("overdue", _("Overdue")),
    ("closed", _("Closed")),
    ("all", _("All")),
]


class ComplaintFilter(django_filters.FilterSet):
    """The complaints list, on the page and in the API (``/api/v1/complaints/?unit=&status=&q=``)."""

    queue = django_filters.ChoiceFilter(
        label=_("Queue"), choices=QUEUES, method="filter_queue", empty_label=None
    )
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=visible_units)
    type = django_filters.ModelChoiceFilter(label=_("Type"), queryset=ComplaintType.objects.all())
    type_code = django_filters.CharFilter(field_name="type__code", widget=forms.HiddenInput)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Complaint.Channel.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Complaint.Status.choices)
    received_from = ThaiDateFilter(
        label=_("Received from"), field_name="received_at", lookup_expr="date__gte"
    )
    received_to = ThaiDateFilter(label=_("Received to"), field_name="received_at", lookup_expr="date__lte")
    q = django_filters.CharFilter(label=_("Reference or text"), method="filter_text")

    class Meta:
        model = Complaint
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["unit"].label_from_instance = lambda u: f"{u.code} {u.name_th}"

    def filter_queue(self, queryset, name, value):
        now = timezone.now()
        open_ = ~Q(status=Complaint.Status.CLOSED)
        if value == "open":
            return queryset.filter(open_)
        if value == "due_soon":
            return queryset.filter(open_, due_at__gte=now, due_at__lte=now + timezone.timedelta(days=3))
        if value == "overdue":
            return queryset.filter(open_, due_at__lt=now)
        if value == "closed":
            return queryset.filter(status=Complaint.Status.CLOSED)
        return queryset

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(reference__icontains=value) | Q(description__icontains=value))
