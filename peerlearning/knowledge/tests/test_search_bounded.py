"""A broad search ranks a bounded number of candidates: the total is exact up to the bound and
said as "more than" beyond it, the audience still checked on every document counted."""

import re

import pytest
from django.test import Client

from peerlearning.knowledge import search
from peerlearning.testing import assert_queries_bounded

pytestmark = pytest.mark.django_db

CAP = 25


@pytest.fixture
def bounded(monkeypatch):
    """A small bound, so that a few dozen documents make a broad query."""
    monkeypatch.setattr(search, "CANDIDATES", CAP)
    monkeypatch.setattr(search, "FACET_DEPTH", 20)


def _entry(key: str, title: str, body: str, audience: str = "public") -> search.Entry:
    return search.Entry(
        kind="update",
        key=key,
        title=title,
        body=body,
        url=f"/updates/{key}/",
        language="en",
        audience=audience,
    )


def _library(weak: int, strong: int, extra: list[search.Entry] | None = None) -> None:
    """`weak` old documents that name the lighthouse once in a long text, then `strong` newer
    ones about it (the best matches), and three about the harbourmaster (a narrow query)."""
    filler = " ".join(f"filler{n}" for n in range(60))
    entries = [_entry(f"weak-{n}", f"Weak note {n}", f"lighthouse {filler}") for n in range(weak)]
    entries += [
        _entry(f"strong-{n:02}", f"Lighthouse keepers {n:02}", "lighthouse lighthouse keepers")
        for n in range(strong)
    ]
    entries += [
        _entry(f"harbour-{n}", f"Harbourmaster {n}", "the harbourmaster's log") for n in range(3)
    ]
    search.index([*entries, *(extra or [])])


def _titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="h3" dir="auto"><a href="[^"]*">([^<]*)</a>', html)


def test_it_says_more_than_the_cap_in_words_and_shows_the_best_first(bounded):
    _library(weak=30, strong=12)
    page = Client().get("/search/", {"q": "lighthouse"}).content.decode()
    assert "More than 25 results" in page
    assert "add words to narrow the search" in page
    # The best ten of the candidates, equal scores in the order they were added.
    assert _titles(page) == [f"Lighthouse keepers {n:02}" for n in range(10)]


def test_it_gives_a_narrow_query_its_exact_total(bounded):
    _library(weak=30, strong=12)
    page = Client().get("/search/", {"q": "harbourmaster"}).content.decode()
    assert "3 results" in page
    assert "More than" not in page
    assert sorted(_titles(page)) == [f"Harbourmaster {n}" for n in range(3)]


def test_it_keeps_the_order_of_a_query_under_the_cap(monkeypatch):
    """Under the bound every match is ranked: the same pages as with no bound at all."""
    _library(weak=8, strong=12)
    unbounded = search.search("lighthouse", audiences=["public"], per_page=30)
    monkeypatch.setattr(search, "CANDIDATES", 21)
    monkeypatch.setattr(search, "FACET_DEPTH", 20)
    bounded = search.search("lighthouse", audiences=["public"], per_page=30)
    assert bounded.total == unbounded.total == 20
    assert not bounded.more
    assert [hit.key for hit in bounded.hits] == [hit.key for hit in unbounded.hits]


def test_it_leaves_private_documents_out_of_the_count(bounded):
    """The newest matches are for editors only: a public reader neither finds nor counts them,
    and they take no place among the public reader's candidates."""
    private = [
        _entry(f"private-{n}", f"Lighthouse secrets {n}", "lighthouse lighthouse", "editors")
        for n in range(30)
    ]
    _library(weak=5, strong=12, extra=private)
    public = search.search("lighthouse", audiences=["public"], per_page=30)
    assert (public.total, public.more) == (17, False)
    assert not [hit for hit in public.hits if hit.key.startswith("private")]
    page = Client().get("/search/", {"q": "lighthouse"}).content.decode()
    assert "17 results" in page
    assert "Lighthouse secrets" not in page
    editors = search.search("lighthouse", audiences=["public", "editors"])
    assert (editors.total, editors.more) == (CAP, True)  # control: they count for an editor


def test_it_says_so_in_the_api(bounded):
    _library(weak=30, strong=12)
    broad = Client().get("/api/v1/search", {"q": "lighthouse"}).json()
    assert (broad["total"], broad["total_exact"]) == (CAP, False)
    assert broad["total_in_words"].startswith("More than 25 results")
    narrow = Client().get("/api/v1/search", {"q": "harbourmaster"}).json()
    assert (narrow["total"], narrow["total_exact"], narrow["total_in_words"]) == (
        3,
        True,
        "3 results",
    )


def test_it_runs_as_many_queries_however_many_documents_match(bounded):
    def grow(times: int) -> None:
        start = search.SearchDocument.objects.count()
        search.index(
            _entry(f"grown-{start + n}", f"Lighthouse {start + n}", "lighthouse")
            for n in range(times)
        )

    assert_queries_bounded(Client(), "/search/?q=lighthouse", grow)
