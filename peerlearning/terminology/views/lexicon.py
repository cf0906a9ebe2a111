"""The lexicon: public to read with its rules and their examples run; editors change it."""

from django.http import HttpRequest, HttpResponse


def lexicon(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def lexicon_export(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def history(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def term_new(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def term_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def term_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def term_use(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def rule_new(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def rule_detail(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def rule_edit(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError


def rule_use(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise NotImplementedError
