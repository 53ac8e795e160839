from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from plans import onboarding_views
from plans import views as plan_views

urlpatterns = [
    path("", plan_views.home, name="home"),
    path("accounts/login/", onboarding_views.SignInView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("register/", onboarding_views.register, name="register"),
    path("unit/users/", onboarding_views.unit_users, name="unit_users"),
    path("onboarding/codes/", onboarding_views.codes_bulk, name="codes_bulk"),
    path("help/", onboarding_views.help_page, name="help"),
    path("help/faq/new/", onboarding_views.faq_edit, name="faq_new"),
    path("help/faq/<int:pk>/", onboarding_views.faq_edit, name="faq_edit"),
    path("help/inbox/", onboarding_views.inbox, name="inbox"),
    path("help/inbox/<int:pk>/answer/", onboarding_views.inbox_answer, name="inbox_answer"),
    path("usage/", onboarding_views.usage, name="usage"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("plans/", include("plans.urls")),
    path("results/", include("quarters.urls")),
    path("complaints/", include("complaints.urls")),
    path("voc/", include("voc.urls")),
    path("kam/", include("kam.urls")),
    path("api/v1/", include("quarters.api.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
