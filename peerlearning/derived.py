"""Derived work that crosses apps: the search index and the peer suggestions.

An action that changes what search finds or what the suggestions are made of calls one of these
explicitly, whatever called the action (page, API, admin, command, task) — no Django signals, so
a reader of the action sees every consequence. The apps' actions import this module, never the
search or the suggestions of another app; the imports below are inside the functions because
the search and the suggestions themselves read the apps' actions and models.
"""

from typing import TYPE_CHECKING

from django.db import transaction

if TYPE_CHECKING:
    from peerlearning.exchanges.models import Exchange
    from peerlearning.knowledge.models import Lesson, Practice, Resource, Update
    from peerlearning.network.models import Community


def schedule_suggestions_refresh() -> None:
    """After a change that may alter the peer suggestions (a request, an offer, a published
    practice, a challenge recorded at an exchange, the thesaurus): recompute them in the
    background once the change is committed."""
    from peerlearning.support.suggestions import refresh_suggestions

    transaction.on_commit(lambda: refresh_suggestions.enqueue())


def schedule_search_refresh(*items: "Practice | Update | Resource | Lesson") -> None:
    """Index these items again, in the same transaction: who may find them follows what they
    are now (published or not, withdrawn or not)."""
    from peerlearning.knowledge import search

    for item in items:
        search.refresh(item)


def schedule_search_refresh_for_exchange(exchange: "Exchange") -> None:
    """An exchange's visibility decides who finds its lessons."""
    from peerlearning.knowledge.search import refresh_exchange

    refresh_exchange(exchange)


def schedule_search_refresh_for_community(community: "Community") -> None:
    """A community's visibility decides who finds its updates and its exchanges' lessons."""
    from peerlearning.knowledge.search import refresh_community

    refresh_community(community)


def forget_support_thesaurus() -> None:
    """The matching of requests and offers caches the thesaurus too: forgotten in this process
    when the thesaurus changes."""
    from peerlearning.support import matching

    matching.forget_thesaurus()
