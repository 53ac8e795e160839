"""Thai first: the interface speaks Thai unless the person chose English with the switch (a cookie)."""


class ThaiFirstMiddleware:
    """Ignore the browser's Accept-Language so that an English-configured office PC still gets Thai."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
