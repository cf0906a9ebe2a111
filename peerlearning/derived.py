"""Derived work that crosses apps: the search index, the peer suggestions and notifications.

An action that changes what search finds or what the suggestions are made of calls one of these
explicitly, whatever called the action (page, API, admin, command, task) — no Django signals, so
a reader of the action sees every consequence. The apps' actions import this module, never the
search or the suggestions of another app; the imports below are inside the functions because
the search and the suggestions themselves read the apps' actions and models.
"""

from typing import TYPE_CHECKING

from django.db import transaction

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import Model

    from peerlearning.accounts.models import User
    from peerlearning.exchanges.models import Exchange
    from peerlearning.knowledge.models import Lesson, Practice, Resource, Update
    from peerlearning.network.models import Community


def schedule_suggestions_refresh() -> None:
    """After a change that may alter the peer suggestions (a request, an offer, a published
    practice, a challenge recorded at an exchange, the thesaurus): recompute them in the
    background once the change is committed."""
    from peerlearning.support.suggestions import refresh_suggestions

    transaction.on_commit(lambda: refresh_suggestions.enqueue())


def schedule_support_reread() -> None:
    """After a thesaurus change: read every support request and offer again in the background
    (what their texts name changed), then the peer suggestions."""
    from peerlearning.support.matching import reread_support

    transaction.on_commit(lambda: reread_support.enqueue())


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


def notify(
    kind: str,
    item: "Model",
    people: "Iterable[User]",
    *,
    email: str = "",
    email_context: dict | None = None,
    builder: str = "",
    again: bool = False,
) -> None:
    """Tell these people of something that concerns them directly (an invitation, a
    registration, a match, a returned practice, a follow-up due): a notification each, and
    the app's own e-mail (`email` templates, its context and builder) to those who want this
    kind at once; the others read it in their digest. `again` for an event that happened
    anew (told again; without it, calling again tells nobody twice). Kinds:
    notifications.models.Kind."""
    from peerlearning.notifications import actions
    from peerlearning.notifications.models import Kind

    actions.notify(
        Kind(kind),
        item,
        people,
        email=email,
        email_context=email_context,
        builder=builder,
        again=again,
    )


def withdraw(kinds: "Iterable[str]", item: "Model", people: "Iterable[User]") -> None:
    """Take back what `notify` told these people when it is no longer true (a cancelled
    invitation or registration)."""
    from peerlearning.notifications import actions
    from peerlearning.notifications.models import Kind

    actions.withdraw([Kind(kind) for kind in kinds], item, people)


def announce(kind: str, item: "Model", *, by: "User | None" = None) -> None:
    """Tell the followers of the item's community, exchange, topics, countries or
    organisations (not `by`), in the background once the change is committed."""
    from peerlearning.notifications import actions
    from peerlearning.notifications.models import Kind

    actions.announce(Kind(kind), item, by=by)


def follow(person: "User", target: "Model") -> None:
    """Joining a community or registering for an exchange follows it."""
    from peerlearning.notifications import actions

    actions.follow(person, target)  # type: ignore[arg-type]
