"""Atom feeds (issue 18): what an anonymous visitor may see — updates, practices, reports,
exchanges, and those of one community or one topic — and a person's own notifications at a
secret address that they can replace or stop, like their calendar's.

Feed readers cannot sign in. A public feed is therefore computed as the anonymous visitor sees
the platform, whoever asks for it (a signed-in member gets what a stranger gets), through the
access package's list functions. An entry says what its item is — its title, its summary or
first lines as plain text, its address, its dates and language — and never who took part,
spoke, wrote a contribution or registered.
"""

import secrets
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db import transaction
from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator
from django.views.decorators.http import require_http_methods, require_POST

from peerlearning import access
from peerlearning.accounts import audit
from peerlearning.accounts.models import User, hash_token
from peerlearning.exchanges import reports
from peerlearning.exchanges.models import Exchange, Report
from peerlearning.knowledge.models import (
    Concept,
    Practice,
    PracticeEvent,
    PracticeTranslation,
    Update,
    in_language,
)
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.lib.translations import (
    base_language,
    platform_codes,
    platform_language,
    version_of,
    wanted_language,
)
from peerlearning.network.models import Community
from peerlearning.notifications.describe import RELATED, describe
from peerlearning.notifications.models import FeedToken, Kind, Notification

# How many entries a feed carries: the newest.
NEWEST = 50
# A summary's length, in characters: a feed reader shows a line or two.
SUMMARY_LENGTH = 280


def anonymous() -> AnonymousUser:
    """The only reader of a public feed."""
    return AnonymousUser()


@dataclass(frozen=True)
class Entry:
    title: str
    url: str  # absolute
    summary: str  # plain text
    published: datetime
    updated: datetime
    language: str
    guid: str = ""  # the entry's id; its address when empty


@dataclass(frozen=True)
class Reading:
    """One request for a feed: its language, the site's root, and what the feed is about."""

    language: str
    root: str
    address: str  # the feed's own, which is its id
    target: Any = None


class AtomFeed(Atom1Feed):
    """Atom, with each entry's language (`xml:lang`) where it is known, and its summary as
    plain text (Django writes it as HTML)."""

    def item_attributes(self, item: dict[str, Any]) -> dict[str, str]:
        language = item.get("language")
        return {"xml:lang": language} if language else {}

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


def short(text: str) -> str:
    """The first lines of a text, on one line, as plain text."""
    text = " ".join((text or "").split())
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _moment(day: date | None, fallback: datetime) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC) if day else fallback


def newest(*groups: list[Entry]) -> list[Entry]:
    entries = [entry for group in groups for entry in group]
    return sorted(entries, key=lambda entry: entry.published, reverse=True)[:NEWEST]


class AtomFeedView(Feed):
    """A feed read with GET or HEAD only, written in the language of its `Reading`."""

    feed_type = AtomFeed

    def author_name(self) -> str:
        """RFC 4287 wants an author for a feed: the platform (an entry names no person)."""
        return _("Peer Learning Platform")

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().__call__(request, *args, **kwargs)

    def reading(self, request: HttpRequest, target: Any = None) -> Reading:
        return Reading(
            wanted_language(request),
            request.build_absolute_uri("/").rstrip("/"),
            request.build_absolute_uri(request.path),
            target,
        )

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Reading:
        return self.reading(request)

    def get_feed(self, obj: Reading, request: HttpRequest) -> SyndicationFeed:
        with translation.override(obj.language):
            return super().get_feed(obj, request)

    def feed_guid(self, obj: Reading) -> str:
        return obj.address

    def item_title(self, item: Entry) -> str:
        return item.title  # Atom titles are text: the XML writer escapes them

    def item_description(self, item: Entry) -> str:
        return item.summary

    def item_link(self, item: Entry) -> str:
        return item.url

    def item_guid(self, item: Entry) -> str:
        return item.guid or item.url

    def item_pubdate(self, item: Entry) -> datetime:
        return item.published

    def item_updateddate(self, item: Entry) -> datetime:
        return item.updated

    def item_extra_kwargs(self, item: Entry) -> dict[str, Any]:
        return {"language": item.language}


# What an anonymous visitor may see, as entries ---------------------------------------------------


def update_entries(updates: QuerySet[Update], reading: Reading) -> list[Entry]:
    visible = access.updates_visible_to(updates, anonymous()).order_by(
        F("published_on").desc(nulls_last=True), "-created_at", "-pk"
    )[:NEWEST]
    entries = []
    for update in visible:
        version = in_language(
            update.title, update.body, update.language, update.translations, reading.language
        )
        entries.append(
            Entry(
                title=version["title"],
                url=reading.root + update.get_absolute_url(),
                summary=short(version["text"]),
                published=_moment(update.published_on, update.created_at),
                updated=max(update.updated_at, _moment(update.published_on, update.created_at)),
                language=version["language"],
            )
        )
    return entries


def practice_entries(practices: QuerySet[Practice], reading: Reading) -> list[Entry]:
    approved = PracticeEvent.objects.filter(
        practice=OuterRef("pk"), action=PracticeEvent.Action.APPROVED
    ).order_by("-at")
    visible = (
        access.practices_visible_to(practices, anonymous())
        .annotate(published_at=Coalesce(Subquery(approved.values("at")[:1]), F("created_at")))
        .prefetch_related(
            Prefetch(
                "translations",
                queryset=PracticeTranslation.objects.filter(language=reading.language),
                to_attr="wanted",
            )
        )
        .order_by("-published_at", "-pk")[:NEWEST]
    )
    entries = []
    for practice in visible:
        original = base_language(practice.language)
        shown = practice.wanted[0] if practice.wanted and reading.language != original else None
        entries.append(
            Entry(
                title=shown.title if shown else practice.title,
                url=reading.root + practice.get_absolute_url(),
                summary=short(shown.summary if shown else practice.summary),
                published=practice.published_at,
                updated=max(practice.updated_at, practice.published_at),
                language=shown.language if shown else original,
            )
        )
    return entries


def public_exchanges(exchanges: QuerySet[Exchange]) -> QuerySet[Exchange]:
    """Exchanges an anonymous visitor may see: public ones, never drafts."""
    return access.exchanges_visible_to(exchanges, anonymous())


def exchange_entries(exchanges: QuerySet[Exchange], reading: Reading) -> list[Entry]:
    entries = []
    for exchange in public_exchanges(exchanges).order_by("-created_at", "-pk")[:NEWEST]:
        version = exchange.version(reading.language)
        starts = exchange.local(exchange.starts_at)
        when = date_format(starts, "DATE_FORMAT") if starts else exchange.when_text
        summary = " · ".join(part for part in (when, short(version["description"])) if part)
        entries.append(
            Entry(
                title=version["title"],
                url=reading.root + exchange.get_absolute_url(),
                summary=short(summary),
                published=exchange.created_at,
                updated=exchange.created_at,
                language=version["language"],
            )
        )
    return entries


def report_entries(exchanges: QuerySet[Exchange], reading: Reading) -> list[Entry]:
    """Published reports of the exchanges an anonymous visitor may see; a quote of a
    contribution redacted or hidden since reads as the report page shows it."""
    published = list(
        access.reports_visible_to(Report.objects.filter(exchange__in=exchanges), anonymous())
        .select_related("exchange")
        .order_by("-published_at", "-pk")[:NEWEST]
    )
    moderated = reports.moderated_contributions(report.exchange for report in published)
    entries = []
    for report in published:
        exchange = report.exchange
        version = version_of(
            {"summary": report.summary, "body": report.body},
            exchange.language,
            report.translations,
            reading.language,
            "body",
        )
        title = exchange.version(version["language"])["title"]
        text = version["summary"] or version["body"]
        assert report.published_at is not None  # noqa: S101 (filtered above)
        entries.append(
            Entry(
                title=_("Report: %(title)s") % {"title": title},
                url=reading.root + reverse("exchanges:report", args=[exchange.slug]),
                summary=short(
                    reports.without_moderated_text(exchange, text, moderated[exchange.pk])
                ),
                published=report.published_at,
                updated=max(report.updated_at, report.published_at),
                language=version["language"],
            )
        )
    return entries


# The public feeds ----------------------------------------------------------------------------


class UpdatesFeed(AtomFeedView):
    def title(self, obj: Reading) -> str:
        return _("Updates · Peer Learning Platform")

    def link(self, obj: Reading) -> str:
        return reverse("knowledge:update_list")

    def items(self, obj: Reading) -> list[Entry]:
        return update_entries(Update.objects.all(), obj)


class PracticesFeed(AtomFeedView):
    def title(self, obj: Reading) -> str:
        return _("Promising practices · Peer Learning Platform")

    def link(self, obj: Reading) -> str:
        return reverse("knowledge:practice_list")

    def items(self, obj: Reading) -> list[Entry]:
        return practice_entries(Practice.objects.all(), obj)


class ReportsFeed(AtomFeedView):
    def title(self, obj: Reading) -> str:
        return _("Reports of exchanges · Peer Learning Platform")

    def link(self, obj: Reading) -> str:
        return reverse("exchanges:list")

    def items(self, obj: Reading) -> list[Entry]:
        return report_entries(Exchange.objects.all(), obj)


class ExchangesFeed(AtomFeedView):
    def title(self, obj: Reading) -> str:
        return _("Exchanges · Peer Learning Platform")

    def link(self, obj: Reading) -> str:
        return reverse("exchanges:list")

    def items(self, obj: Reading) -> list[Entry]:
        return exchange_entries(Exchange.objects.all(), obj)


class CommunityFeed(AtomFeedView):
    """A listed community's public updates, exchanges and their published reports. A private
    community's feed is not found, whoever asks: a feed reader cannot be its member."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Reading:
        return self.reading(request, access.get_community_for_user(anonymous(), kwargs["slug"]))

    def title(self, obj: Reading) -> str:
        community: Community = obj.target
        version = version_of(
            {"name": community.name},
            community.language,
            community.translations,
            obj.language,
            "name",
        )
        return _("%(community)s · Peer Learning Platform") % {"community": version["name"]}

    def link(self, obj: Reading) -> str:
        return obj.target.get_absolute_url()

    def items(self, obj: Reading) -> list[Entry]:
        community: Community = obj.target
        exchanges = Exchange.objects.filter(community=community)
        return newest(
            update_entries(Update.objects.filter(community=community), obj),
            exchange_entries(exchanges, obj),
            report_entries(exchanges, obj),
        )


class TopicFeed(AtomFeedView):
    """Published practices and updates tagged with one concept of the thesaurus."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Reading:
        concept = (
            access.concepts_visible_to(Concept.objects.all(), anonymous())
            .filter(slug=kwargs["slug"])
            .first()
        )
        if concept is None:
            raise Http404
        return self.reading(request, concept)

    def title(self, obj: Reading) -> str:
        return _("%(topic)s · Peer Learning Platform") % {"topic": obj.target.label(obj.language)}

    def link(self, obj: Reading) -> str:
        return f"{reverse('knowledge:thesaurus')}#concept-{obj.target.slug}"

    def items(self, obj: Reading) -> list[Entry]:
        concept: Concept = obj.target
        return newest(
            practice_entries(Practice.objects.filter(concepts=concept), obj),
            update_entries(Update.objects.filter(concepts=concept), obj),
        )


def community_feed_url(community: Community) -> str:
    """A community's feed address, for its page: none for a community the feed would not show."""
    if not access.is_public_community(community):
        return ""
    return reverse("notifications:community_feed", args=[community.slug])


# The personal feed ---------------------------------------------------------------------------


class PersonalFeed(AtomFeedView):
    """A person's own notifications, as on their notification page: each only while they may
    see its item. An unknown or revoked address is not found, and says nothing more."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Reading:
        person = access.feed_user(kwargs["token"])
        if person is None:
            raise Http404
        asked = request.GET.get("lang", "")
        language = (
            asked if asked in platform_codes() else platform_language(person.preferred_language)
        )
        return replace(self.reading(request, person), language=language)

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
        return response

    def title(self, obj: Reading) -> str:
        return _("My notifications · Peer Learning Platform")

    def link(self, obj: Reading) -> str:
        return reverse("notifications:list")

    def items(self, obj: Reading) -> list[Entry]:
        person: User = obj.target
        host = obj.root.split("://", 1)[-1]
        notifications = (
            access.notifications_visible_to(Notification.objects.all(), person)
            .select_related(*RELATED)
            .order_by("-created_at", "-pk")[:NEWEST]
        )
        entries = []
        for notification in notifications:
            description = describe(notification)
            entries.append(
                Entry(
                    title=description.headline,
                    url=obj.root + description.url,
                    summary=str(Kind(notification.kind).label),
                    published=notification.created_at,
                    updated=notification.created_at,
                    language=obj.language,
                    # Several notifications may be about one item: each its own id.
                    guid=f"tag:{host},{notification.created_at:%Y-%m-%d}:"
                    f"notification/{notification.uuid}",
                )
            )
        return entries


# The secret address ------------------------------------------------------------------------------


@transaction.atomic
def new_feed_token(user: User) -> str:
    """A new secret address; any previous one stops working."""
    FeedToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(24)
    FeedToken.objects.create(user=user, token_hash=hash_token(token))
    audit.record(user, "feed.address_created", user)
    return token


@transaction.atomic
def revoke_feed_tokens(user: User) -> int:
    stopped = FeedToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if stopped:
        audit.record(user, "feed.address_revoked", user)
    return stopped


def has_feed_token(user: User) -> bool:
    return FeedToken.objects.filter(user=user, revoked_at__isnull=True).exists()


SHOW_ONCE = "notifications.feed_token_once"


@login_required
@require_http_methods(["GET", "POST"])
def feed_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        # Shown once, on the page the POST redirects to: reloading that page makes no new
        # address (which would silently stop the one just copied).
        request.session[SHOW_ONCE] = new_feed_token(request.user)
        messages.success(
            request, _("Your notifications feed address is ready; any older one no longer works.")
        )
        return redirect("notifications:feed_settings")
    token = request.session.pop(SHOW_ONCE, None)
    feed_url = (
        request.build_absolute_uri(reverse("notifications:personal_feed", args=[token]))
        if token
        else None
    )
    return render(
        request,
        "notifications/feed_settings.html",
        {"feed_url": feed_url, "has_feed": has_feed_token(request.user)},
    )


@login_required
@require_POST
def feed_revoke(request: AuthenticatedHttpRequest) -> HttpResponse:
    revoke_feed_tokens(request.user)
    messages.success(request, _("Your notifications feed address no longer works."))
    return redirect("notifications:feed_settings")
