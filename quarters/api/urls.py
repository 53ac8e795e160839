from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("targets", views.TargetViewSet, basename="target")
router.register("results", views.ResultViewSet, basename="result")
router.register("complaints", views.ComplaintViewSet, basename="complaint")
router.register("voc-records", views.VocRecordViewSet, basename="voc-record")
router.register("survey-responses", views.SurveyResponseViewSet, basename="survey-response")
router.register("kam-activities", views.KamActivityViewSet, basename="kam-activity")
router.register("tokens", views.TokenViewSet, basename="token")

urlpatterns = [
    path("", include(router.urls)),
    path("grid/", views.GridView.as_view(), name="api-grid"),
    path("completeness/", views.CompletenessView.as_view(), name="api-completeness"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
