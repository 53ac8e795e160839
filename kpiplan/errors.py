"""The error pages' views: a bad query string (``BadQuery``) is a 400 page naming the field, in Thai."""

from django.shortcuts import render

from kpiplan.lib.queries import BadQuery


def bad_request(request, exception=None):
    message = exception.message if isinstance(exception, BadQuery) else ""
    return render(request, "400.html", {"message": message}, status=400)
