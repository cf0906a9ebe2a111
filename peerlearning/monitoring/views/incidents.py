"""STUB: replaced by the helper that builds this sub-domain (nothing here may reach main)."""

from django.http import Http404, HttpRequest, HttpResponse


def py(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def incident_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def incident_new(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def incident_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def incident_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def incident_publish(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def person_new(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
