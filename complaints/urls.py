from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("new/", views.complaint_create, name="create"),
    path("import/", views.complaint_import, name="import"),
    path("summary/", views.monthly_summary, name="summary"),
    path("<int:pk>/", views.complaint_detail, name="detail"),
]
