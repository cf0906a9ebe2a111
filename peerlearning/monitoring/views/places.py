"""STUB: replaced by the helper that builds this sub-domain (nothing here may reach main)."""

from django.http import Http404, HttpRequest, HttpResponse


def py(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def place_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def place_new(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def place_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def place_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def visit_new(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def visit_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def visit_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


def visit_publish(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404
