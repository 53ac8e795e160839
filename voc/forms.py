from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CallBack, Mechanism, Topic, VocRecord


class VocForm(forms.ModelForm):
    class Meta:
        model = VocRecord
        fields = [
            "reference",
            "date",
            "unit",
            "channel",
            "mechanism",
            "segment",
            "category",
            "topic",
            "text",
            "significant",
            "resolved",
            "action_taken",
            "complaint_reference",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "text": forms.Textarea(attrs={"rows": 3}),
            "action_taken": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: f"{u.code} {u.name_th}"
        self.fields["mechanism"].queryset = Mechanism.objects.select_related("channel")
        self.fields["mechanism"].label_from_instance = lambda m: f"{m.channel.name_th} › {m.name_th}"
        self.fields["topic"].queryset = Topic.objects.all()


class CallBackForm(forms.ModelForm):
    class Meta:
        model = CallBack
        fields = ["called_at", "outcome", "note"]
        widgets = {
            "called_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "note": forms.TextInput(),
        }


class SurveyImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[
            ("sms", _("SMS survey export")),
            ("smile_box", _("Smile Box export")),
            ("touch_screen", _("Touch-screen export")),
            ("any", _("Mixed (a 'method' column says which)")),
            ("voc", _("VOC records")),
        ],
    )
    file = forms.FileField(label=_("CSV or XLSX file"))
