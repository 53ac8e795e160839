from django import forms
from django.utils.translation import gettext_lazy as _

from kpiplan.fields import ThaiDateTimeField
from kpiplan.lib.tabular import Column

from .models import Complaint, ComplaintType


class ComplaintForm(forms.ModelForm):
    class Meta:
        model = Complaint
        fields = [
            "reference",
            "received_at",
            "channel",
            "unit",
            "type",
            "urgent",
            "description",
            "contact_name",
            "contact_phone",
            "voc_reference",
        ]
        field_classes = {"received_at": ThaiDateTimeField}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: f"{u.code} {u.name_th}"
        self.fields["type"].queryset = ComplaintType.objects.all()
        self.fields["type"].label_from_instance = lambda t: f"{t.name_th} (ปิดภายใน {t.sla_label})"


class CloseForm(forms.Form):
    resolution = forms.CharField(
        label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    closed_at = ThaiDateTimeField(label=_("Closed at (empty: now)"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))


def mapping_form(file_columns: list[str], columns: list[Column], data=None, initial=None) -> forms.Form:
    """One select per field the import needs, offering the file's own column names."""
    choices = [("", "—")] + [(c, c) for c in file_columns]
    fields = {
        f"map_{c.name}": forms.ChoiceField(
            label=f"{c.label}{' *' if c.required else ''}", choices=choices, required=False
        )
        for c in columns
    }
    form_class = type("MappingForm", (forms.Form,), fields)
    return form_class(data, initial={f"map_{k}": v for k, v in (initial or {}).items()})
