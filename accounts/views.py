"""Onboarding and help pages: sign-in, registration with a code, unit users, bulk codes and letters, help,
FAQ, the inquiry inbox and usage statistics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kpiplan.lib import ratelimit
from kpiplan.lib.clientaddress import client_address
from kpiplan.lib.downloads import stored_file_response
from kpiplan.lib.forms import add_service_errors
from kpiplan.lib.queries import query_choice, query_id
from plans import access
from plans.models import Unit, UnitGroup, User
from plans.selectors import records_period, units_of_group

from . import helpdesk, resetcodes, selectors, services
from .forms import (
    FaqForm,
    InquiryAnswerForm,
    InquiryForm,
    IssueCodesForm,
    RegistrationForm,
    ResetByCodeForm,
)
from .models import ActivationCode, FaqEntry, Inquiry, LetterBatch


class SignInView(auth_views.LoginView):
    """Django's sign-in, counting each successful sign-in for the usage statistics."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.signin_record(user=form.get_user(), now=timezone.now())
        return response


def _too_many(request, template: str, form, verdict: ratelimit.Verdict, context=None):
    """The page again, with the input kept and a message saying how long to wait; HTTP 429."""
    form.add_error(
        None,
        _("Too many attempts from here. Wait %(minutes)s minutes and try again.")
        % {"minutes": verdict.retry_minutes},
    )
    response = render(request, template, {"form": form, **(context or {})}, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, limited: a few requests an hour from one address, and a few mails an hour to
    one e-mail address. Past the second limit the page answers as if a mail went out (it tells nobody whether
    the address is registered), but none does."""

    def post(self, request, *args, **kwargs):
        self.now = timezone.now()
        verdict = ratelimit.hit("password_reset_per_address", client_address(request), now=self.now)
        if not verdict.allowed:
            return _too_many(request, self.template_name, self.get_form(), verdict)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().casefold()
        if not ratelimit.hit("password_reset_per_account", email, now=self.now).allowed:
            return redirect(self.get_success_url())
        return super().form_valid(form)


def register(request):
    form = RegistrationForm(
        request.POST or None,
        initial={"code": request.GET.get("code", ""), "unit_code": request.GET.get("unit", "")},
    )
    if request.method == "POST":
        now, address = timezone.now(), client_address(request)
        # Failed registrations are counted (a guessed code fails); an office registering together does not
        # run into the limit by succeeding.
        verdict = ratelimit.peek("register_per_address", address, now=now)
        if not verdict.allowed:
            return _too_many(request, "accounts/register.html", form, verdict)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.register(
                data=services.Registration(
                    unit_code=data["unit_code"],
                    code=data["code"],
                    username=data["username"],
                    password=data["password1"],
                    first_name=data["first_name"],
                    email=data["email"],
                    position=data["position"],
                ),
                now=now,
            )
        except ValidationError as exc:
            ratelimit.record("register_per_address", address, now=now)
            add_service_errors(form, exc, rename={"password": "password1"})
        else:
            # Signed in at once, onto the worklist: the code and the password just chosen are proof enough.
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            services.signin_record(user=user, now=now)
            messages.success(request, _("Registered and signed in. This is what needs your action."))
            return redirect("home")
    return render(request, "accounts/register.html", {"form": form})


@login_required
def unit_users(request):
    units = access.units_managed_by(request.user)
    if not access.can_manage_users(request.user):
        raise PermissionDenied
    unit = (
        units.filter(pk=query_id(request.GET, "unit", request.user.unit_id)).first()
        or units.order_by("code").first()
    )
    new_code = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("deactivate", "activate"):
            target = get_object_or_404(User, pk=request.POST.get("user"), unit__in=units)
            services.user_set_active(target=target, active=action == "activate", by=request.user)
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}?unit={target.unit_id}")
        if action == "issue":
            role = request.POST.get("role", User.Role.REPORTER)
            uses = request.POST.get("max_uses", "1").strip()
            now = timezone.now()
            try:
                if not uses.isdigit() or len(uses) > 4:
                    raise ValidationError(
                        {"max_uses": _("Uses is a whole number from 1 to %(n)s.") % {"n": services.MAX_USES}}
                    )
                new_code = services.codes_issue(
                    units=[unit],
                    role=role,
                    max_uses=int(uses),
                    expires_at=services.default_expiry(now),
                    by=request.user,
                    now=now,
                )[0]
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        if action == "reset_code":
            person = get_object_or_404(User, pk=query_id(request.POST, "user", None) or 0, unit__in=units)
            try:
                printed = resetcodes.reset_code_issue(person=person, by=request.user, now=timezone.now())
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect(f"{request.path}?unit={person.unit_id}")
            response = HttpResponse(
                resetcodes.slip_pdf(printed, today=timezone.localdate()), content_type="application/pdf"
            )
            response["Content-Disposition"] = f'attachment; filename="reset-code-{person.pk}.pdf"'
            response["Cache-Control"] = "no-store"  # the code is on it
            return response
        if action == "revoke":
            code = get_object_or_404(ActivationCode, pk=request.POST.get("code"), unit__in=units)
            services.code_revoke(code=code, by=request.user, now=timezone.now())
            messages.success(request, _("Code revoked."))
            return redirect(f"{request.path}?unit={code.unit_id}")
    return render(
        request,
        "accounts/unit_users.html",
        {
            "unit": unit,
            "units": units.order_by("code") if access.can_see_nation(request.user) else None,
            "users": User.objects.filter(unit=unit).order_by("username"),
            "codes": ActivationCode.objects.filter(unit=unit).order_by("-issued_at")[:20],
            "new_code": new_code,
            "now": timezone.now(),
            "roles": [(r, User.Role(r).label) for r in access.grantable_roles(request.user)],
        },
    )


@login_required
def codes_bulk(request):
    if not access.can_see_nation(request.user):
        raise PermissionDenied
    form = IssueCodesForm(
        request.POST or None,
        groups=UnitGroup.objects.all(),
        units=Unit.objects.order_by("code"),
        roles=access.grantable_roles(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        units = list(data["units"])
        if data["group"]:
            units += list(units_of_group(data["group"]))
        try:
            batch = services.letters_request(
                units=units,
                group=data["group"],
                role=data["role"],
                max_uses=data["max_uses"],
                valid_days=data["valid_days"],
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return redirect(batch.get_absolute_url())
    return render(
        request, "accounts/codes_bulk.html", {"form": form, "batches": LetterBatch.objects.all()[:10]}
    )


@login_required
def letters(request, pk):
    if not access.can_see_nation(request.user):
        raise PermissionDenied
    batch = get_object_or_404(LetterBatch, pk=pk)
    template = (
        "accounts/_partials/letters_progress.html"
        if request.headers.get("HX-Request")
        else "accounts/letters_batch.html"
    )
    return render(request, template, {"batch": batch})


@login_required
def letters_download(request, pk, kind):
    if not access.can_see_nation(request.user):
        raise PermissionDenied
    batch = get_object_or_404(LetterBatch, pk=pk, state=LetterBatch.State.DONE)
    download = batch.download(kind)
    if download is None:
        raise Http404
    file, filename, content_type = download
    return stored_file_response(file, filename=filename, content_type=content_type)


def reset_by_code(request):
    """Set a new password with the one-time code a unit admin printed (when the reset e-mail does not
    arrive). Limited per address and per username; one answer for any wrong username or code."""
    form = ResetByCodeForm(request.POST or None)
    if request.method == "POST":
        now = timezone.now()
        verdict = ratelimit.hit("reset_code_per_address", client_address(request), now=now)
        username = (request.POST.get("username") or "").strip().casefold()
        if verdict.allowed and username:
            verdict = ratelimit.hit("reset_code_per_account", username, now=now)
        if not verdict.allowed:
            return _too_many(request, "accounts/reset_by_code.html", form, verdict)
        if form.is_valid():
            data = form.cleaned_data
            try:
                resetcodes.reset_by_code(
                    username=data["username"], code=data["code"], password=data["new_password1"], now=now
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your new password is set: sign in with it."))
                return redirect("login")
    return render(request, "accounts/reset_by_code.html", {"form": form})


def _inquiry_limit(request) -> tuple[str, str]:
    """The limit a help inquiry counts against: the signed-in user's, or the address of someone who is not."""
    if request.user.is_authenticated:
        return "inquiry_per_user", str(request.user.pk)
    return "inquiry_per_address", client_address(request)


def help_page(request):
    form = InquiryForm(request.POST or None)
    context = {
        "faq": FaqEntry.objects.filter(published=True),
        "can_edit": access.can_see_nation(request.user),
    }
    if request.method == "POST":
        now, (limit, ident) = timezone.now(), _inquiry_limit(request)
        verdict = ratelimit.peek(limit, ident, now=now)
        if not verdict.allowed:
            return _too_many(request, "accounts/help.html", form, verdict, context)
        if form.is_valid():
            # Only stored inquiries count: a form sent back for a missing e-mail does not.
            ratelimit.record(limit, ident, now=now)
            helpdesk.inquiry_create(inquiry=form.save(commit=False), user=request.user, now=now)
            messages.success(request, _("Thank you: head office has your message and will answer."))
            return redirect("accounts:help")
    return render(request, "accounts/help.html", {"form": form, **context})


@login_required
def faq_edit(request, pk=None):
    if not access.can_see_nation(request.user):
        raise PermissionDenied
    entry = get_object_or_404(FaqEntry, pk=pk) if pk else None
    form = FaqForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("accounts:help")
    return render(
        request, "accounts/faq_form.html", {"form": form, "entry": entry, "entries": FaqEntry.objects.all()}
    )


@login_required
def inbox(request):
    """Head office's help requests, new first by default, per status and topic."""
    if not access.can_see_nation(request.user):
        raise PermissionDenied
    topic = query_choice(request.GET, "topic", Inquiry.Topic.values, _("Unknown topic."))
    status = query_choice(request.GET, "status", Inquiry.Status.values, _("Unknown status."))
    inquiries = Inquiry.objects.select_related("unit", "answered_by", "asker")
    if topic:
        inquiries = inquiries.filter(topic=topic)
    if status:
        inquiries = inquiries.filter(status=status)
    counts = dict(Inquiry.objects.values_list("topic").annotate(n=Count("pk")).order_by())
    by_status = dict(Inquiry.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return render(
        request,
        "accounts/inbox.html",
        {
            "inquiries": inquiries[:200],
            "topics": Inquiry.Topic.choices,
            "topic": topic,
            "counts": {t: counts.get(t, 0) for t in Inquiry.Topic.values},
            "statuses": [(s, label, by_status.get(s, 0)) for s, label in Inquiry.Status.choices],
            "status": status,
        },
    )


@login_required
def inquiry_detail(request, pk):
    """Head office answers an inquiry (a canned answer of its topic fills the box) or closes it."""
    if not access.can_see_nation(request.user):
        raise PermissionDenied
    inquiry = get_object_or_404(Inquiry.objects.select_related("unit", "answered_by", "asker"), pk=pk)
    canned = list(helpdesk.canned_answers(inquiry.topic))
    chosen = next((c for c in canned if str(c.pk) == request.GET.get("canned")), None)
    form = InquiryAnswerForm(
        request.POST or None, initial={"answer": chosen.answer_th if chosen else inquiry.answer}
    )
    if request.method == "POST":
        if request.POST.get("action") == "close":
            helpdesk.inquiry_close(inquiry=inquiry, user=request.user, now=timezone.now())
            messages.success(request, _("The inquiry is closed."))
            return redirect("accounts:inbox")
        if form.is_valid():
            try:
                helpdesk.inquiry_answer(
                    inquiry=inquiry, answer=form.cleaned_data["answer"], user=request.user, now=timezone.now()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The answer was sent."))
                return redirect("accounts:inbox")
    return render(
        request,
        "accounts/inquiry.html",
        {"inquiry": inquiry, "form": form, "canned": canned, "chosen": chosen},
    )


@login_required
@require_POST
def inbox_answer(request, pk):
    """The inbox's quick answer box: the same service as the answer page."""
    if not access.can_see_nation(request.user):
        raise PermissionDenied
    inquiry = get_object_or_404(Inquiry, pk=pk)
    try:
        helpdesk.inquiry_answer(
            inquiry=inquiry, answer=request.POST.get("answer", ""), user=request.user, now=timezone.now()
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("accounts:inquiry", pk=inquiry.pk)
    messages.success(request, _("The answer was sent."))
    return redirect("accounts:inbox")


@login_required
def my_inquiries(request):
    """What the signed-in person asked head office, and the answers."""
    inquiries = Inquiry.objects.filter(asker=request.user).select_related("answered_by")[:100]
    return render(request, "accounts/my_inquiries.html", {"inquiries": inquiries})


@login_required
def usage(request):
    if not access.can_see_region(request.user):
        raise PermissionDenied
    year = records_period(request.user, request.GET, timezone.localdate()).year  # the plan in focus
    return render(
        request,
        "accounts/usage.html",
        {
            "stats": selectors.usage_stats(year=year, viewer=request.user),
            "visible": access.units_visible_to(request.user).count(),
        },
    )
