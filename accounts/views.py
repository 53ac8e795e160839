"""Onboarding and help pages: sign-in, registration with a code, unit users, bulk codes and letters, help,
FAQ, the inquiry inbox and usage statistics."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kpiplan.lib.forms import add_service_errors
from kpiplan.lib.queries import parse_period_query, query_id
from plans import access
from plans.models import Unit, UnitGroup, User
from plans.selectors import units_of_group

from . import selectors, services
from .forms import FaqForm, InquiryForm, IssueCodesForm, RegistrationForm
from .models import ActivationCode, FaqEntry, Inquiry, LetterBatch
from .tasks import build_letters


class SignInView(auth_views.LoginView):
    """Django's sign-in, counting each successful sign-in for the usage statistics."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.signin_record(user=form.get_user(), now=timezone.now())
        return response


def register(request):
    form = RegistrationForm(
        request.POST or None,
        initial={"code": request.GET.get("code", ""), "unit_code": request.GET.get("unit", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.register(
                data=services.Registration(
                    unit_code=data["unit_code"],
                    code=data["code"],
                    username=data["username"],
                    password=data["password1"],
                    first_name=data["first_name"],
                    email=data["email"],
                    position=data["position"],
                ),
                now=timezone.now(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc, rename={"password": "password1"})
        else:
            messages.success(request, _("Registered. Sign in with the username and password you chose."))
            return redirect("login")
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
        now = timezone.now()
        batch = LetterBatch.objects.create(
            group=data["group"],
            role=data["role"],
            requested_by=request.user,
            requested_at=now,
            total=len(units),
        )
        try:
            services.codes_issue(
                units=sorted(set(units), key=lambda u: u.code),
                role=data["role"],
                max_uses=data["max_uses"],
                expires_at=now + timedelta(days=data["valid_days"]),
                by=request.user,
                now=now,
                batch=batch,
            )
        except ValidationError as exc:
            batch.delete()
            form.add_error(None, exc.messages)
        else:
            build_letters.enqueue(batch.pk)
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
    file = {"pdf": batch.pdf, "csv": batch.csv}.get(kind)
    if not file:
        raise Http404
    return FileResponse(file.open("rb"), as_attachment=True, filename=file.name.rsplit("/", 1)[-1])


def help_page(request):
    form = InquiryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        inquiry = form.save(commit=False)
        inquiry.created_at = timezone.now()
        inquiry.channel = Inquiry.Channel.WEB
        if request.user.is_authenticated:
            inquiry.unit = request.user.unit
        inquiry.save()
        messages.success(request, _("Thank you: head office has your message and will answer."))
        return redirect("accounts:help")
    return render(
        request,
        "accounts/help.html",
        {
            "faq": FaqEntry.objects.filter(published=True),
            "form": form,
            "can_edit": access.can_see_nation(request.user),
        },
    )


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
    if not access.can_see_nation(request.user):
        raise PermissionDenied
    inquiries = Inquiry.objects.select_related("unit", "answered_by")
    topic = request.GET.get("topic")
    if topic:
        inquiries = inquiries.filter(topic=topic)
    counts = {t: Inquiry.objects.filter(topic=t).count() for t, _label in Inquiry.Topic.choices}
    return render(
        request,
        "accounts/inbox.html",
        {"inquiries": inquiries[:200], "topics": Inquiry.Topic.choices, "topic": topic, "counts": counts},
    )


@login_required
@require_POST
def inbox_answer(request, pk):
    if not access.can_see_nation(request.user):
        raise PermissionDenied
    inquiry = get_object_or_404(Inquiry, pk=pk)
    inquiry.answer = request.POST.get("answer", "").strip()
    inquiry.answered_at = timezone.now()
    inquiry.answered_by = request.user
    inquiry.save(update_fields=["answer", "answered_at", "answered_by"])
    return redirect("accounts:inbox")


@login_required
def usage(request):
    if not access.can_see_region(request.user):
        raise PermissionDenied
    year = parse_period_query(request.GET, today=timezone.localdate()).year
    return render(
        request,
        "accounts/usage.html",
        {
            "stats": selectors.usage_stats(year=year, viewer=request.user),
            "visible": access.units_visible_to(request.user).count(),
        },
    )
