"""STUB: replaced by the helper that builds this sub-domain (nothing here may reach main)."""

from django.http import Http404, HttpRequest, HttpResponse


def py(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def recommendation_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def recommendation_new(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def recommendation_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def recommendation_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def status_change(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def body_new(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
