"""The check: a public page, its PDF report, a signed-in person's saved checks."""

from django.http import HttpRequest, HttpResponse


def check(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def report(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def saved_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def save(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def saved_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def saved_report(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def saved_delete(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError
