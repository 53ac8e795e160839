"""Forms of onboarding and help: registration with a code, issuing codes, the FAQ, the inquiry form."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from plans.models import User

from .models import FaqEntry, Inquiry


class RegistrationForm(forms.Form):
    unit_code = forms.CharField(label=_("Unit code (as in the letter, e.g. กฟฟ.ชบ.)"), max_length=40)
    code = forms.CharField(
        label=_("Activation code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    first_name = forms.CharField(label=_("Your name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail (for password resets and notices)"))
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Letters, digits and . @ + - _ only.")},
    )
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        return data


class IssueCodesForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Unit group"), queryset=None, required=False)
    units = forms.ModelMultipleChoiceField(
        label=_("Or these units"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    role = forms.ChoiceField(label=_("Role"))
    max_uses = forms.IntegerField(label=_("Uses per code"), min_value=1, max_value=100, initial=3)
    valid_days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=365, initial=60)

    def __init__(self, *args, groups, units, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["units"].queryset = units
        self.fields["units"].label_from_instance = lambda u: f"{u.code} {u.name_th}"
        # The roles the person may grant (``access.grantable_roles``).
        self.fields["role"].choices = [(r, User.Role(r).label) for r in roles]

    def clean(self):
        data = super().clean()
        if not data.get("group") and not data.get("units"):
            raise forms.ValidationError(_("Choose a unit group or some units."))
        return data


class FaqForm(forms.ModelForm):
    class Meta:
        model = FaqEntry
        fields = ["question_th", "answer_th", "topic", "order", "published"]
        widgets = {"answer_th": forms.Textarea(attrs={"rows": 4})}


class InquiryForm(forms.ModelForm):
    class Meta:
        model = Inquiry
        fields = ["name", "email", "phone", "topic", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"message": _("At most 4,000 characters.")}

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(_("Leave an e-mail or a phone number so that we can answer."))
        return data


class InquiryAnswerForm(forms.Form):
    """Head office's answer to an inquiry (checked by accounts.helpdesk.inquiry_answer)."""

    answer = forms.CharField(
        label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 6, "maxlength": 4000})
    )


class ResetByCodeForm(forms.Form):
    """/password/code/: the username, the code on the slip a unit admin printed, and a new password."""

    username = forms.CharField(label=_("Username"), max_length=150)
    code = forms.CharField(
        label=_("Code on the slip"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("new_password1")
            and data.get("new_password2")
            and data["new_password1"] != data["new_password2"]
        ):
            self.add_error("new_password2", _("The two passwords differ."))
        return data
