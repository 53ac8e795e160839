from django import forms
from django.utils.translation import gettext_lazy as _

from kpiplan.fields import MonthPeriodsField, ThaiDateField

from .models import Activity, Plan, Target, Unit, UnitGroup


class PlanFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    group = forms.ModelChoiceField(label=_("Unit group"), queryset=UnitGroup.objects.none(), required=False)
    q = forms.CharField(label=_("Text"), required=False, max_length=200)

    def __init__(self, *args, units, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: f"{u.code} {u.name}"
        self.fields["group"].queryset = groups
        self.fields["group"].label_from_instance = lambda g: g.name


class ChangeReason(forms.Form):
    """Why a plan or a target was changed: kept in its history (and in the history of the results it
    re-grades)."""

    change_reason = forms.CharField(
        label="เหตุผลที่แก้ไข", required=False, max_length=500, widget=forms.TextInput(attrs={"size": 60})
    )


class PlanSettingsForm(forms.ModelForm):
    """Head office's settings of a plan: its titles and whether its quarters close themselves."""

    class Meta:
        model = Plan
        fields = ["title_th", "title_en", "auto_close_days"]
        labels = {"auto_close_days": _("Close each quarter this many days after its deadline")}


class ActivityForm(forms.ModelForm):
    periods = MonthPeriodsField(
        label=_("ช่วงเดือนย่อย"),
        help_text=_("เว้นว่างเมื่อทำต่อเนื่องตั้งแต่เดือนแรกถึงเดือนสุดท้าย; หลายช่วงคั่นด้วยจุลภาค เช่น 1-3, 4-12"),
    )

    class Meta:
        model = Activity
        fields = [
            "title_th",
            "title_en",
            "description_th",
            "period_start",
            "period_end",
            "periods",
            "lead_text",
            "lead_units",
            "lead_groups",
            "supporting_units",
        ]
        widgets = {
            "title_th": forms.Textarea(attrs={"rows": 3}),
            "title_en": forms.Textarea(attrs={"rows": 2}),
            "description_th": forms.Textarea(attrs={"rows": 5}),
            "lead_units": forms.SelectMultiple(attrs={"size": 8}),
            "supporting_units": forms.SelectMultiple(attrs={"size": 6}),
        }


class TargetForm(forms.ModelForm):
    months = MonthPeriodsField(
        label=_("เดือนที่ดำเนินการ"),
        help_text=_("เว้นว่างเมื่อเป็นเดือนเดียวกับกิจกรรม; เช่น 4-12 หรือ ม.ค.-มี.ค."),
    )

    class Meta:
        model = Target
        fields = [
            "label_th",
            "label_en",
            "kind",
            "comparator",
            "value",
            "scale_min",
            "scale_max",
            "unit_of_measure",
            "scope",
            "segment",
            "segment_accounts",
            "frequency",
            "basis",
            "report_days",
            "consolidate_days",
            "consolidating_unit",
            "rollup",
            "rollup_n",
            "measure_key",
            "relative_to",
            "months",
            "due_month",
            "assigned_units",
            "assigned_groups",
        ]
        widgets = {
            "label_th": forms.Textarea(attrs={"rows": 3}),
            "label_en": forms.Textarea(attrs={"rows": 2}),
            "assigned_units": forms.SelectMultiple(attrs={"size": 8}),
        }


class RevisionForm(forms.Form):
    reason = forms.CharField(
        label=_("เหตุผลของการปรับแผน"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    published_on = ThaiDateField(label=_("วันที่ประกาศ"))
    letter_no = forms.CharField(label=_("เลขที่หนังสืออนุมัติ"), required=False, max_length=100)
    letter_date = ThaiDateField(label=_("ลงวันที่"), required=False)
