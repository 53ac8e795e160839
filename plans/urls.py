from django.urls import path

from . import kpi_views, views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("notifications/", views.notifications, name="notifications"),
    path("<int:pk>/", views.plan_tree, name="plan"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/copy/", views.plan_copy, name="copy"),
    path("<int:pk>/revisions/", views.plan_revisions, name="revisions"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:activity_pk>/targets/add/", views.target_create, name="target_add"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/values/", views.target_values, name="target_values"),
    path("targets/<int:pk>/values.xlsx", views.target_values_xlsx, name="target_values_xlsx"),
    path("kpi/", kpi_views.kpi_list, name="kpi_list"),
    path("kpi/kind/<slug:kind>/", kpi_views.kpi_kind, name="kpi_kind"),
    path("kpi/<str:key>/", kpi_views.kpi_detail, name="kpi"),
    path("kpi/<str:key>/records/", kpi_views.kpi_explain, name="kpi_explain"),
]
