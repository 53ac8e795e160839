import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import KeyAccount, Segment


class AccountFilter(django_filters.FilterSet):
    office = django_filters.ModelChoiceFilter(label=_("Office"), queryset=None)
    segment = django_filters.ChoiceFilter(label=_("Segment"), choices=Segment.choices)
    kamr = django_filters.ModelChoiceFilter(label=_("KAM representative"), queryset=None)
    q = django_filters.CharFilter(label=_("Customer number or name"), method="filter_text")

    class Meta:
        model = KeyAccount
        fields = []

    def __init__(self, *args, offices, kamrs, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["office"].queryset = offices
        self.filters["kamr"].queryset = kamrs

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(customer_number__icontains=value) | Q(name__icontains=value))
