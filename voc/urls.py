from django.urls import path

from . import views

app_name = "voc"

urlpatterns = [
    path("", views.voc_list, name="list"),
    path("new/", views.voc_edit, name="create"),
    path("<int:pk>/", views.voc_detail, name="detail"),
    path("<int:pk>/edit/", views.voc_edit, name="edit"),
    path("summary/", views.summary, name="summary"),
    path("satisfaction/", views.satisfaction, name="satisfaction"),
    path("satisfaction/new/", views.survey_create, name="survey_create"),
    path("satisfaction/<int:pk>/callback/", views.callback, name="callback"),
    path("import/", views.upload, name="import"),
    path("sms-jobs/", views.sms_jobs, name="sms_jobs"),
    path("sms-jobs/new/", views.sms_job_edit, name="sms_job_create"),
    path("sms-jobs/<int:pk>/", views.sms_job_edit, name="sms_job_edit"),
]
