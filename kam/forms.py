from django import forms
from django.utils.translation import gettext_lazy as _

from kpiplan.fields import ThaiDateField

from .models import Activity, KeyAccount, VisitPlan


class AccountForm(forms.ModelForm):
    class Meta:
        model = KeyAccount
        fields = [
            "customer_number",
            "name",
            "segment",
            "office",
            "kamr",
            "revenue_band",
            "active_from",
            "active_to",
        ]
        field_classes = {"active_from": ThaiDateField, "active_to": ThaiDateField}

    def __init__(self, *args, offices, kamrs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["office"].label_from_instance = lambda u: f"{u.code} {u.name_th}"
        self.fields["kamr"].queryset = kamrs


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["kind", "exec_level", "date", "participants", "notes", "voc_reference"]
        field_classes = {"date": ThaiDateField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class PlanForm(forms.ModelForm):
    class Meta:
        model = VisitPlan
        fields = ["planned_date", "kind", "exec_level"]
        field_classes = {"planned_date": ThaiDateField}


class KamImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[("accounts", _("Key accounts")), ("activities", _("Activities"))],
    )
    file = forms.FileField(label=_("CSV or XLSX file"))
