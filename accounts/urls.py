from django.urls import path

from . import views

app_name = "accounts"

# Included at the site's root: the paths are the ones people already have in letters and bookmarks.
urlpatterns = [
    path("register/", views.register, name="register"),
    path("password/code/", views.reset_by_code, name="reset_by_code"),
    path("unit/users/", views.unit_users, name="unit_users"),
    path("onboarding/codes/", views.codes_bulk, name="codes_bulk"),
    path("plans/letters/<int:pk>/", views.letters, name="letters"),
    path("plans/letters/<int:pk>/<str:kind>/", views.letters_download, name="letters_download"),
    path("help/", views.help_page, name="help"),
    path("help/faq/new/", views.faq_edit, name="faq_new"),
    path("help/faq/<int:pk>/", views.faq_edit, name="faq_edit"),
    path("help/inbox/", views.inbox, name="inbox"),
    path("help/inbox/<int:pk>/", views.inquiry_detail, name="inquiry"),
    path("help/inbox/<int:pk>/answer/", views.inbox_answer, name="inbox_answer"),
    path("help/mine/", views.my_inquiries, name="my_inquiries"),
    path("usage/", views.usage, name="usage"),
]
