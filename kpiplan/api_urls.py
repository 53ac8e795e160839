"""/api/v1/: one router for every app's endpoints (each app's api.py lists its `routes`), and the schema.

A new record type adds its api.py to APPS; the order here is the order of the API root's listing.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts import api as accounts_api
from complaints import api as complaints_api
from kam import api as kam_api
from plans import api as plans_api
from quarters import api as quarters_api
from voc import api as voc_api

APPS = [plans_api, quarters_api, complaints_api, voc_api, kam_api, accounts_api]

router = DefaultRouter()
for app in APPS:
    for prefix, viewset, basename in app.routes:
        router.register(prefix, viewset, basename=basename)

# The docs are Swagger UI under the site's Content-Security-Policy: its start-up script is a file
# (SpectacularSwaggerSplitView), its page style carries the nonce (templates/drf_spectacular/swagger_ui.html).
# There is no Redoc page: its bundle fetches its logo from the vendor's CDN at run time.

urlpatterns = [
    path("", include(router.urls)),
    *(pattern for app in APPS for pattern in getattr(app, "urlpatterns", [])),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
