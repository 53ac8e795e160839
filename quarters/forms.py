"""The quarter entry form (one small form per target), and the review and lock forms."""

from __future__ import annotations

import hashlib
import json

from django import forms
from django.utils.translation import gettext_lazy as _

from kpiplan.fields import ThaiDateField, ThaiDecimalField
from kpiplan.lib.periods import Span, quarter_label_lazy
from plans.models import Target, Unit

from .conversation import ActionInput, action_problems
from .scoring import Standing
from .selectors import EntryRow
from .services import _jsonable
from .validation import RowValues, check_row, row_standing


def fingerprint(values: dict) -> str:
    """A short hash of a row's values as shown, to tell a touched row from an untouched one."""
    data = json.dumps(
        {k: _jsonable(v) if v not in ("", None) else None for k, v in sorted(values.items())},
        ensure_ascii=False,
    )
    return hashlib.sha1(data.encode()).hexdigest()[:16]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.gif,.webp,.xlsx"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


VALUE_NAMES = [
    "value",
    "numerator",
    "denominator",
    "done",
    "narrative",
    "letter_no",
    "letter_date",
    "override_reason",
]


def _comparable(name: str, value):
    if name == "done" and isinstance(value, str):
        return _done(value)
    if isinstance(value, str):
        return value.strip()
    return value


DONE_CHOICES = [("", "—"), ("1", _("Done")), ("0", _("Not done yet"))]


def _done(value):
    return {"1": True, "0": False}.get(value)


class ResultRowForm(forms.Form):
    value = ThaiDecimalField(label=_("Cumulative value"), required=False, max_digits=16, decimal_places=4)
    numerator = ThaiDecimalField(
        label=_("Numerator"), required=False, max_digits=16, decimal_places=4, min_value=0
    )
    denominator = ThaiDecimalField(label=_("Denominator"), required=False, max_digits=16, decimal_places=4)
    done = forms.TypedChoiceField(
        label=_("Done?"), choices=DONE_CHOICES, required=False, coerce=_done, empty_value=None
    )
    narrative = forms.CharField(
        label=_("Narrative"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    letter_no = forms.CharField(label=_("Letter no."), required=False, max_length=120)
    letter_date = ThaiDateField(label=_("Letter date"), required=False)
    override_reason = forms.CharField(
        label=_("Why differ from the records?"), required=False, max_length=2000
    )
    evidence = MultipleFileField(label=_("Evidence (PDF, image, XLSX)"), required=False)
    # Files kept from a refused save (ticked: attach them) and attached evidence (ticked: take it off); the
    # template draws both beside the evidence input, from ``kept`` and ``attached``.
    pending = forms.TypedMultipleChoiceField(required=False, coerce=int, widget=forms.CheckboxSelectMultiple)
    remove_evidence = forms.TypedMultipleChoiceField(
        required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    # A behind-target row asks for its obstacle and a corrective action (quarters.conversation.entry_save)
    obstacle = forms.CharField(
        label=_("Obstacle"), required=False, widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000})
    )
    action_what = forms.CharField(
        label=_("Corrective action (what)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
    )
    action_owner = forms.CharField(
        label=_("Who is responsible"), required=False, widget=forms.TextInput(attrs={"maxlength": 200})
    )
    action_due = ThaiDateField(label=_("To be done by"), required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    fp = forms.CharField(required=False, widget=forms.HiddenInput)

    FILE_FIELDS = ("evidence", "pending", "remove_evidence")
    # the row's inputs for an obstacle and its action, and the names action_problems gives them
    ACTION_FIELDS = {
        "obstacle": "obstacle",
        "action_what": "what",
        "action_owner": "owner",
        "action_due": "due",
    }

    def __init__(
        self,
        *args,
        row: EntryRow,
        quarter: int,
        editable: bool,
        letters: Span | None = None,
        attached=(),
        kept=(),
        actions=(),
        **kwargs,
    ):
        self.row = row
        self.actions = list(actions)  # the result's corrective actions so far
        self.quarter = quarter
        self.editable = editable
        self.attached = list(attached)  # the result's evidence
        self.kept = list(kept)  # PendingEvidence of this person for this row
        result = row.result
        initial = {"version": result.version if result else None, "pending": [p.pk for p in self.kept]}
        if result:
            initial |= {name: getattr(result, name) for name in VALUE_NAMES}
            initial["done"] = {True: "1", False: "0"}.get(result.done, "")
        elif row.measured and row.measured.value is not None:
            # Pre-filled from the records; saving it as is needs no reason.
            initial |= {
                "value": row.measured.value,
                "numerator": row.measured.numerator,
                "denominator": row.measured.denominator,
            }
        super().__init__(*args, initial=initial, prefix=row.prefix, **kwargs)
        self._shape_fields(row.target)
        self.fields["pending"].choices = [(p.pk, p.original_name) for p in self.kept]
        self.fields["remove_evidence"].choices = [(e.pk, e.original_name) for e in self.attached]
        self.fields["letter_date"].allowed = letters  # the plan year and the next (validation.letter_dates)
        self.initial["fp"] = fingerprint(
            {name: _comparable(name, initial.get(name)) for name in self._value_fields()}
        )
        for field in self.fields.values():
            field.disabled = not editable

    def _shape_fields(self, target: Target) -> None:
        """Each kind of target asks for what it needs: a count a value, a percentage n and d, ..."""
        kind = target.kind
        keep = {
            "narrative",
            "letter_no",
            "letter_date",
            *self.FILE_FIELDS,
            *self.ACTION_FIELDS,
            "version",
            "fp",
        }
        keep |= {
            Target.Kind.COUNT: {"value"},
            Target.Kind.PERCENTAGE: {"numerator", "denominator"},
            Target.Kind.SCORE: {"value", "denominator"},
            Target.Kind.DURATION: {"value", "denominator"},
            Target.Kind.MILESTONE: {"done"},
            Target.Kind.TEXT: set(),
        }[kind]
        if target.measure_key:
            keep.add("override_reason")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "denominator" in self.fields and kind != Target.Kind.PERCENTAGE:
            self.fields["denominator"].label = (
                _("Number of responses") if kind == Target.Kind.SCORE else _("Number of cases")
            )

    def _chosen(self, name: str) -> set[str]:
        return {str(v) for v in (self[name].value() or [])}

    def kept_items(self) -> list[tuple]:
        """(kept file, ticked): ticked unless the person unticked it before a save that was refused again."""
        chosen = self._chosen("pending")
        return [(p, str(p.pk) in chosen) for p in self.kept]

    def attached_items(self) -> list[tuple]:
        """(evidence, marked for removal)."""
        chosen = self._chosen("remove_evidence")
        return [(e, str(e.pk) in chosen) for e in self.attached]

    def input_fields(self):
        """The visible inputs drawn in the row's grid; the kept and attached files are drawn apart."""
        return [
            f
            for f in self.visible_fields()
            if f.name not in ("pending", "remove_evidence") and f.name not in self.ACTION_FIELDS
        ]

    def action_fields(self):
        """The obstacle and corrective-action inputs, drawn apart under the row."""
        return [self[name] for name in self.ACTION_FIELDS]

    def action_input(self) -> ActionInput:
        data = self.cleaned_data
        return ActionInput(
            obstacle=(data.get("obstacle") or "").strip(),
            what=(data.get("action_what") or "").strip(),
            owner=(data.get("action_owner") or "").strip(),
            due=data.get("action_due"),
        )

    @property
    def needs_action(self) -> bool:
        """Behind target as typed (or as saved, before a post) with no corrective action yet: the row opens
        its obstacle and action inputs."""
        if self.actions:
            return False
        if self.is_bound and hasattr(self, "cleaned_data") and not self.errors:
            return row_standing(self.row.target, self.quarter, self.row_values()) == Standing.BEHIND
        return self.row.status == Standing.BEHIND

    @property
    def shows_actions(self) -> bool:
        typed = self.is_bound and any((self[name].value() or "") for name in self.ACTION_FIELDS)
        has_errors = any(self[name].errors for name in self.ACTION_FIELDS)
        return typed or has_errors or self.needs_action

    def _value_fields(self) -> list[str]:
        return [name for name in VALUE_NAMES if name in self.fields]

    def row_values(self) -> RowValues:
        data = self.cleaned_data
        values = RowValues(
            value=data.get("value"),
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            done=data.get("done"),
            narrative=(data.get("narrative") or "").strip(),
            letter_no=(data.get("letter_no") or "").strip(),
            letter_date=data.get("letter_date"),
            override_reason=(data.get("override_reason") or "").strip(),
        )
        return values.normalised(self.row.target)

    @property
    def touched(self) -> bool:
        data = self.cleaned_data
        now = fingerprint({name: _comparable(name, data.get(name)) for name in self._value_fields()})
        return now != (data.get("fp") or "")

    def clean(self):
        cleaned = super().clean()
        if not self.editable or self.errors:
            return cleaned
        action = self.action_input()
        if not action.is_blank:
            found = action_problems(
                obstacle=action.obstacle, what=action.what, owner=action.owner, due=action.due
            )
            by_name = {name: field for field, name in self.ACTION_FIELDS.items()}
            for name, message in found.items():
                self.add_error(by_name[name], message)
        if not self.touched and not cleaned.get("evidence") and not cleaned.get("pending"):
            return cleaned
        result = self.row.result
        problems = check_row(
            self.row.target,
            self.quarter,
            self.row_values(),
            previous=self.row.previous,
            later=self.row.later,
            decrease_allowed=bool(result and result.decrease_allowed_reason),
            measured=self.row.measured,
            goal=self.row.goal,
        )
        for name, message in problems.items():
            self.add_error(name if name in self.fields else None, message)
        return cleaned


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="เหตุผลที่เปิดแก้ไข (หน่วยงานจะเห็นเหตุผลนี้)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class AllowDecreaseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why may the cumulative figure fall?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class LockForm(forms.Form):
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(n, quarter_label_lazy(n)) for n in range(1, 5)], coerce=int
    )
    unit = forms.ModelChoiceField(
        label=_("Unit (empty: every unit)"), queryset=Unit.objects.none(), required=False
    )
    locked = forms.TypedChoiceField(
        label=_("Action"), choices=[("1", _("Lock")), ("0", _("Reopen"))], coerce=lambda v: v == "1"
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class CloseExceptionForm(forms.Form):
    """Head office lets one unit keep entering a closed (or soon closed) quarter until a day, and says why."""

    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(n, quarter_label_lazy(n)) for n in range(1, 5)], coerce=int
    )
    # checked by quarters.closing.close_exception_grant, which names what is missing
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)
    until = ThaiDateField(label=_("May enter results until"), required=False)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.TextInput(attrs={"size": 60})
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, prefix="exception", **kwargs)
        self.fields["unit"].queryset = units


class CorrectiveActionForm(forms.Form):
    """An obstacle and its corrective action: what, who, by when (every field needed)."""

    obstacle = forms.CharField(
        label="ปัญหาอุปสรรค", widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}), required=False
    )
    what = forms.CharField(
        label="การแก้ไข (ทำอะไร)", widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}), required=False
    )
    owner = forms.CharField(
        label="ผู้รับผิดชอบ", widget=forms.TextInput(attrs={"maxlength": 200}), required=False
    )
    due = ThaiDateField(label="กำหนดเสร็จ", required=False)


class ActionDoneForm(forms.Form):
    done_on = ThaiDateField(label="ทำเสร็จเมื่อ", required=False)
