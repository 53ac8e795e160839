import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kpiplan.fields import ThaiDateFilter
from plans import access

from .models import SMS_JOBS, Category, Channel, SmsSurveyJob, VocRecord


def visible_units(request):
    """The unit choices: the units the person sees (the page and the API pass the request)."""
    return access.units_visible_to(getattr(request, "user", None)).order_by("code")


class VocFilter(django_filters.FilterSet):
    """The VOC records list, on the page and in the API (``/api/v1/voc-records/?unit=&channel=&q=``)."""

    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=visible_units)
    channel = django_filters.ModelChoiceFilter(label=_("Channel"), queryset=Channel.objects.all())
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices)
    date_from = ThaiDateFilter(label=_("From"), field_name="date", lookup_expr="gte")
    date_to = ThaiDateFilter(label=_("To"), field_name="date", lookup_expr="lte")
    logged = django_filters.BooleanFilter(
        label=_("Significant or unresolved only"), method="filter_logged", widget=forms.CheckboxInput
    )
    q = django_filters.CharFilter(label=_("Text"), method="filter_text")

    class Meta:
        model = VocRecord
        fields = []

    def filter_logged(self, queryset, name, value):
        return queryset.filter(Q(significant=True) | Q(resolved=False)) if value else queryset

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(reference__icontains=value) | Q(text__icontains=value))


class SmsJobFilter(django_filters.FilterSet):
    """The jobs owed an SMS survey, on the page and in the API (``/api/v1/sms-survey-jobs/?unit=&sent=``)."""

    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=visible_units)
    job_type = django_filters.ChoiceFilter(
        label=_("Job type"), choices=[(j.value, j.label) for j in SMS_JOBS]
    )
    date_from = ThaiDateFilter(label=_("From"), field_name="completed_on", lookup_expr="gte")
    date_to = ThaiDateFilter(label=_("To"), field_name="completed_on", lookup_expr="lte")
    unsent = django_filters.BooleanFilter(
        label=_("SMS not sent yet only"), method="filter_unsent", widget=forms.CheckboxInput
    )
    q = django_filters.CharFilter(label=_("Job number"), field_name="reference", lookup_expr="icontains")

    class Meta:
        model = SmsSurveyJob
        fields = []

    def filter_unsent(self, queryset, name, value):
        return queryset.filter(sms_sent_on__isnull=True) if value else queryset
