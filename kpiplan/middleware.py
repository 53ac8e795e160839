"""Thai first: the interface speaks Thai unless the person chose English with the switch (a cookie); query
strings holding NUL are refused; every response says which browser features the site may use; and a form sent
back with its errors answers 400, not 200."""

from django.conf import settings
from django.http import HttpResponseBadRequest


class ThaiFirstMiddleware:
    """Ignore the browser's Accept-Language so that an English-configured office PC still gets Thai."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RefuseNulQueryMiddleware:
    """A NUL character in the query string is never meant; PostgreSQL cannot compare text holding one, so a
    filter given one would fail deep in a query. Refuse it up front, the same on every page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
        ):
            return HttpResponseBadRequest("คำขอมีอักขระที่ใช้ไม่ได้ (NUL)", content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header from settings.PERMISSIONS_POLICY ({"camera": [], "fullscreen": ["self"]}):
    an empty list switches the feature off, for this site and anything it embeds."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class RefusalStatusMiddleware:
    """A POST answered with the same page showing why nothing was saved is a refusal: HTTP 400, as the imports and
    the API answer, instead of Django's usual 200. The page marks itself with {% refusal %} where it shows the
    errors (the error box and each field's error in the shared includes), so every form page follows one rule."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "POST" and response.status_code == 200 and getattr(request, "kpiplan_refused", False):
            response.status_code = 400
        return response
