"""STUB: replaced by the helper that builds this sub-domain (nothing here may reach main)."""

from django.http import Http404, HttpRequest, HttpResponse


def py(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def places_export(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def incidents_export(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def recommendations_export(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
