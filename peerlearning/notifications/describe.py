"""What a notification says, written when it is read, in the active language: one sentence
about its item and the item's address. The same words on the page, in e-mails, digests and
feeds. It names the item, never a person: not who wrote, registered, spoke or answered."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from peerlearning.exchanges.models import Exchange
from peerlearning.knowledge.models import Update
from peerlearning.lib.translations import base_language, version_of
from peerlearning.notifications.models import Kind, Notification


def _isolated(title: str) -> str:
    """A title set apart from a right-to-left sentence (Unicode first-strong isolate): an
    English title in an Arabic headline keeps its own direction, and the sentence's
    punctuation stays on the sentence's side, on a page, in an e-mail and in a feed alike."""
    return f"\u2068{title}\u2069" if get_language_bidi() else title


def _title(item: Exchange | Update) -> str:
    """The item's title in the reader's language when an editor translated it, else as
    written."""
    wanted = base_language(get_language() or settings.LANGUAGE_CODE)
    version = version_of({"title": item.title}, item.language, item.translations, wanted, "title")
    return _isolated(str(version["title"]))


@dataclass(frozen=True)
class Description:
    headline: str
    url: str


def describe(notification: Notification) -> Description:
    """Load its item with `select_related(*Notification.ITEMS)` (and `report__exchange`,
    `outcome__exchange`, `match__request`) to describe a page of them without a query each."""
    kind = Kind(notification.kind)
    if (exchange := notification.exchange) is not None:
        title = _title(exchange)
        url = exchange.get_absolute_url()
        text = {
            Kind.EXCHANGE_INVITATION: _("You are invited to the exchange “%(title)s”."),
            Kind.REGISTRATION_CONFIRMED: _("Your registration for “%(title)s” is confirmed."),
            Kind.REGISTRATION_PROMOTED: _(
                "A place opened for you at “%(title)s”: you are now registered."
            ),
            Kind.NEW_EXCHANGE: _("New exchange: “%(title)s”."),
        }.get(kind, _("About the exchange “%(title)s”."))
        return Description(text % {"title": title}, url)
    if (practice := notification.practice) is not None:
        text = {
            Kind.PRACTICE_RETURNED: _(
                "Your practice “%(title)s” was returned with comments from the editors."
            ),
            Kind.NEW_PRACTICE: _("New practice published: “%(title)s”."),
        }.get(kind, _("About the practice “%(title)s”."))
        return Description(text % {"title": _isolated(practice.title)}, practice.get_absolute_url())
    if (update := notification.update) is not None:
        return Description(
            _("New update: “%(title)s”.") % {"title": _title(update)}, update.get_absolute_url()
        )
    if (report := notification.report) is not None:
        exchange = report.exchange
        return Description(
            _("The report of “%(title)s” is published.") % {"title": _title(exchange)},
            reverse("exchanges:report", args=[exchange.slug]),
        )
    if (match := notification.match) is not None:
        text = {
            Kind.MATCH_PROPOSED: _("A support match is proposed to you, for “%(title)s”."),
            Kind.MATCH_ANSWERED: _(
                "A support match you take part in, for “%(title)s”, was answered."
            ),
        }.get(kind, _("About a support match for “%(title)s”."))
        return Description(
            text % {"title": _isolated(match.request.title)}, match.get_absolute_url()
        )
    if (outcome := notification.outcome) is not None:
        values = {"title": _title(outcome.exchange)}
        if outcome.due_on is not None:
            values["date"] = date_format(outcome.due_on, "DATE_FORMAT")
            text = _(
                "A follow-up action for your organisation, from “%(title)s”, is due on %(date)s."
            )
        else:
            text = _("A follow-up action for your organisation, from “%(title)s”, is due.")
        return Description(
            text % values, reverse("exchanges:outcomes", args=[outcome.exchange.slug])
        )
    return Description(_("Something changed on the platform."), reverse("home"))


# What a page of notifications reads with them, in one query.
RELATED = (*Notification.ITEMS, "report__exchange", "outcome__exchange", "match__request")
