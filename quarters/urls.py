from django.urls import path, register_converter

from kpiplan.lib.periods import QuarterConverter

from . import grid_views, report_views, views

register_converter(QuarterConverter, "quarter")

app_name = "quarters"

urlpatterns = [
    path("mine/", views.my_results, name="mine"),
    path("reports/", report_views.reports_home, name="reports"),
    path("<int:plan_pk>/report/", report_views.report, name="report"),
    path("<int:plan_pk>/report/batch/", report_views.batch_start, name="batch_start"),
    path("report/batch/<int:pk>/", report_views.batch_detail, name="batch"),
    path("report/batch/<int:pk>/download/", report_views.batch_download, name="batch_download"),
    path("grid/", grid_views.grid, name="grid"),
    path("matrix/", grid_views.matrix, name="matrix"),
    path("national/", grid_views.national, name="national"),
    path("remind/", grid_views.remind, name="remind"),
    path("<int:plan_pk>/cell/<int:target_pk>/q<quarter:quarter>/", grid_views.cell, name="cell"),
    path("<int:plan_pk>/unit/<int:unit_pk>/q<quarter:quarter>/", views.entry, name="entry"),
    path("<int:plan_pk>/unit/<int:unit_pk>/q<quarter:quarter>/xlsx/", views.entry_xlsx, name="entry_xlsx"),
    path(
        "<int:plan_pk>/unit/<int:unit_pk>/q<quarter:quarter>/upload/",
        views.entry_xlsx_upload,
        name="entry_upload",
    ),
    path("<int:plan_pk>/review/q<quarter:quarter>/", views.review, name="review"),
    path("<int:plan_pk>/region/q<quarter:quarter>/", views.region, name="region"),
    path("<int:plan_pk>/locks/", views.locks, name="locks"),
    path("chains/", views.approval_chains, name="chains"),
    path("result/<int:pk>/", views.result_detail, name="result"),
    path("<int:plan_pk>/actions/", views.corrective_actions, name="actions"),
    path("result/<int:pk>/actions/add/", views.result_action_add, name="action_add"),
    path("actions/<int:pk>/done/", views.corrective_action_done, name="action_done"),
    path("result/<int:pk>/comment/", views.result_comment, name="result_comment"),
    path("result/<int:pk>/action/", views.result_action, name="result_action"),
    path("result/<int:pk>/allow-decrease/", views.result_allow_decrease, name="allow_decrease"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path(
        "target/<int:target_pk>/baselines-from-last-year/",
        views.baselines_from_last_year,
        name="baselines_from_last_year",
    ),
]
