from django import forms
from django.utils.translation import gettext_lazy as _

from kpiplan.fields import ThaiDateField, ThaiDateTimeField, ThaiDecimalField

from .models import SMS_JOBS, CallBack, JobType, Mechanism, Method, SmsSurveyJob, Topic, VocRecord


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
        field_classes = {"date": ThaiDateField}
        widgets = {
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
        field_classes = {"called_at": ThaiDateTimeField}
        widgets = {"note": forms.TextInput()}


class SurveyImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[
            ("sms", _("SMS survey export")),
            ("smile_box", _("Smile Box export")),
            ("touch_screen", _("Touch-screen export")),
            ("any", _("Mixed (a 'method' column says which)")),
            ("voc", _("VOC records")),
            ("sms_jobs", _("Jobs owed an SMS survey (3.3.1)")),
        ],
    )
    file = forms.FileField(label=_("CSV or XLSX file"))


class SurveyForm(forms.Form):
    """One survey answered (typed in from a phone call or a paper form): a score per question on its scale."""

    external_id = forms.CharField(label=_("Response id"), max_length=80)
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices, initial=Method.PHONE)
    job_type = forms.ChoiceField(label=_("Job type"), choices=[("", "—"), *JobType.choices], required=False)
    unit = forms.ModelChoiceField(label=_("Office served"), queryset=None)
    quota_unit = forms.ModelChoiceField(
        label=_("Counts toward the quota of (top-up)"), queryset=None, required=False
    )
    date = ThaiDateField(label=_("Date"))
    q1 = ThaiDecimalField(label=_("Score, question 1"), max_digits=4, decimal_places=1)
    q2 = ThaiDecimalField(label=_("Score, question 2"), max_digits=4, decimal_places=1, required=False)
    q3 = ThaiDecimalField(label=_("Score, question 3"), max_digits=4, decimal_places=1, required=False)
    q4 = ThaiDecimalField(label=_("Score, question 4"), max_digits=4, decimal_places=1, required=False)
    q5 = ThaiDecimalField(label=_("Score, question 5"), max_digits=4, decimal_places=1, required=False)

    def __init__(self, *args, units, quota_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["quota_unit"].queryset = quota_units
        for name in ("unit", "quota_unit"):
            self.fields[name].label_from_instance = lambda u: f"{u.code} {u.name_th}"

    def answers(self) -> dict:
        return {
            f"q{n}": self.cleaned_data[f"q{n}"]
            for n in range(1, 6)
            if self.cleaned_data.get(f"q{n}") is not None
        }


class SmsJobForm(forms.ModelForm):
    """A job owed an SMS survey (3.3.1): its number, office, type, completion and when the SMS went."""

    class Meta:
        model = SmsSurveyJob
        fields = ["reference", "unit", "job_type", "completed_on", "sms_sent_on", "developer_project"]
        field_classes = {"completed_on": ThaiDateField, "sms_sent_on": ThaiDateField}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: f"{u.code} {u.name_th}"
        self.fields["job_type"].choices = [("", "—"), *[(j.value, j.label) for j in SMS_JOBS]]
        self.fields["sms_sent_on"].required = False

    def validate_constraints(self):
        """The model's check constraints are the service's rules too: left to the service, whose message names
        the field in Thai (the database still holds them)."""
