"""STUB: replaced by the helper that builds this sub-domain (nothing here may reach main)."""

from django.http import Http404, HttpRequest, HttpResponse


def py(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def team_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def team_grant(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def team_remove(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
