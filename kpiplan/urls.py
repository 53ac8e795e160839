from django.contrib import admin
from django.urls import include, path

from accounts.views import PasswordResetView, SignInView
from quarters import views as quarter_views

handler400 = "kpiplan.errors.bad_request"

urlpatterns = [
    # The start page is the user's worklist (quarters/worklists.py), above the list of plans.
    path("", quarter_views.home, name="home"),
    # Django's own sign-in and password-reset pages keep their global names (LOGIN_URL, the reset e-mails);
    # the sign-in is ours so that it is counted in the usage statistics, the reset request ours to limit it.
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("plans/", include("plans.urls")),
    path("results/", include("quarters.urls")),
    path("complaints/", include("complaints.urls")),
    path("voc/", include("voc.urls")),
    path("kam/", include("kam.urls")),
    path("api/v1/", include("kpiplan.api_urls")),
    path("admin/", admin.site.urls),
]

# No route serves MEDIA_ROOT, in any mode: evidence, report ZIPs and letters are handed out only by the views
# that check who asks (quarters:evidence, quarters:batch_download, accounts:letters_download).
