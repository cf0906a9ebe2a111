"""Pagination, in one place: a page of a list for the pages (keeping the filters in its
links) and the `Page` of the API's lists."""

from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 100_000  # beyond, the offset overflows the databases' integers


def page_of(request: HttpRequest, items: Any, size: int) -> PaginatorPage:
    """The page of `items` the request asks for (`?page=`); the last one past the end, the
    first one for a page that is not a number."""
    return Paginator(items, size).get_page(request.GET.get("page"))


def filters_query(request: HttpRequest) -> str:
    """The request's filters without its page number, for pagination links
    (`?{{ query }}&page=2`)."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class Page(PageNumberPagination):
    """The API lists' pagination: fifty items a page, page numbers the databases can serve."""

    page_size = 50

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)
