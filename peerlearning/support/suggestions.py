"""Peer suggestions: countries facing the same problem, and those that have dealt with it.

For each thesaurus concept the platform gathers
- the countries that asked for support on it (support requests that are not closed),
- the challenges and support needs recorded on it at exchanges (never who raised them: the
  exchange is named, not a person or a country),
- the countries with a published practice on it, and the organisations that ran them or offer
  support on it.
Two countries or more of one programme region asking about the same concept — or one asking
while another has a practice — make a suggestion, with its reasons as data (shown in the
reader's language by `describe`) and a format: a bilateral discussion for two countries, a site
visit where a country of the region has a practice, a regional meeting for three or more.

`refresh()` recomputes everything in a few queries and dictionaries (a background task):
waiting suggestions are replaced, dismissed and taken-up ones are kept, and their keys stop the
same suggestion from coming back.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peerlearning import access
from peerlearning.accounts import audit
from peerlearning.accounts.models import User, country_name
from peerlearning.exchanges import actions as exchange_actions
from peerlearning.exchanges.models import Exchange, Format, Outcome, OutcomeKind, Rule
from peerlearning.exchanges.models import ExchangeVisibility as Visibility
from peerlearning.knowledge.models import Concept, EditorialStatus, Practice
from peerlearning.knowledge.search import concepts_in
from peerlearning.lib.slugs import unique_slug
from peerlearning.lib.translations import in_words
from peerlearning.network.models import Community, Country, Organisation, StakeholderType
from peerlearning.support.models import (
    ENDED,
    PeerSuggestion,
    SuggestionStatus,
    SupportOffer,
    SupportRequest,
)

MAX_EXPERIENCED = 3
READ_WEIGHT = 2.0  # a concept a request's text names counts when named in its title or twice
SHOWN_COUNTRIES = 10  # named in a reason; the others are counted


@dataclass
class Evidence:
    asked: dict[str, set[int]] = field(
        default_factory=lambda: defaultdict(set)
    )  # country → requests
    practices: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    organisations: set[int] = field(default_factory=set)
    exchanges: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))  # region → ex.
    themes: dict[int, set[str]] = field(default_factory=dict)  # community → its countries


def gather() -> dict[int, Evidence]:
    """Everything the suggestions are made of, per concept, in a handful of queries."""
    evidence: dict[int, Evidence] = defaultdict(Evidence)
    asking = (
        # Requests still in need: fulfilled and closed ones no longer say a country faces it.
        SupportRequest.countries.through.objects.exclude(supportrequest__status__in=ENDED)
        .filter(supportrequest__concepts__isnull=False)
        .values_list("country_id", "supportrequest_id", "supportrequest__concepts")
    )
    for code, request_id, concept_id in asking:
        evidence[concept_id].asked[code].add(request_id)
    # What a request's text names with weight (in its title, or more than once) counts as
    # asked too: the same reading as matching, so "gestión de casos" in a Spanish request's
    # description is a country asking about case management.
    ids = {c.token: c.pk for c in Concept.objects.all()}
    written = SupportRequest.countries.through.objects.exclude(
        supportrequest__status__in=ENDED
    ).values_list("country_id", "supportrequest_id", "supportrequest__reading")
    for code, request_id, data in written:
        for token, weight in ((data or {}).get("concepts") or {}).items():
            if weight >= READ_WEIGHT and token in ids:
                evidence[ids[token]].asked[code].add(request_id)
    practices = Practice.objects.filter(status=EditorialStatus.PUBLISHED).values_list(
        "external_id", "countries", "concepts", "organisations"
    )
    for external_id, code, concept_id, organisation_id in practices:
        if code and concept_id:
            found = evidence[concept_id].practices[code]
            if external_id not in found:
                found.append(external_id)
            if organisation_id:
                evidence[concept_id].organisations.add(organisation_id)
    for organisation_id, concept_id in SupportOffer.objects.filter(
        active=True, organisation__isnull=False
    ).values_list("organisation_id", "concepts"):
        if concept_id:
            evidence[concept_id].organisations.add(organisation_id)
    tokens = ids
    needs = Outcome.objects.filter(
        kind__in=[OutcomeKind.CHALLENGE, OutcomeKind.SUPPORT_NEED]
    ).values_list("exchange_id", "text", "exchange__language", "exchange__community__regions")
    for exchange_id, text, language, regions in needs:
        for token in concepts_in(text, language):
            if token in tokens:
                for region in regions or [""]:
                    evidence[tokens[token]].exchanges[region].add(exchange_id)
    # Themes: a community whose name, themes or purpose names the concept shows an interest
    # its countries share.
    members: dict[int, set[str]] = defaultdict(set)
    for community_id, code in Community.countries.through.objects.values_list(
        "community_id", "country_id"
    ):
        members[community_id].add(code)
    for community_id, name, themes, purpose in Community.objects.values_list(
        "pk", "name", "themes", "purpose"
    ):
        text = "\n".join([name, *(themes or []), purpose])
        for token in concepts_in(text, "en"):
            if token in tokens and members.get(community_id):
                evidence[tokens[token]].themes[community_id] = members[community_id]
    return evidence


@dataclass
class Draft:
    key: str
    concept_id: int
    region: str
    facing: list[str]
    experienced: list[str]
    organisations: list[int]
    format: str
    score: int
    reasons: list[dict[str, Any]]


def suggest(evidence: dict[int, Evidence], region_of: dict[str, str]) -> list[Draft]:
    drafts = []
    for concept_id, found in evidence.items():
        by_region: dict[str, list[str]] = defaultdict(list)
        for code in sorted(found.asked):
            by_region[region_of.get(code, "")].append(code)
        for region, facing in by_region.items():
            experienced_all = [c for c in sorted(found.practices) if c not in facing]
            # Those of the same region first: a site visit is nearer, the context closer.
            experienced = sorted(experienced_all, key=lambda c: (region_of.get(c) != region, c))
            experienced = experienced[:MAX_EXPERIENCED]
            if len(facing) < 2 and not experienced:
                continue
            near = [c for c in experienced if region_of.get(c) == region]
            if len(facing) >= 3:
                format = Format.REGIONAL_MEETING
            elif near:
                format = Format.SITE_VISIT
            else:
                format = Format.BILATERAL
            reasons: list[dict[str, Any]] = [
                {"code": "asked", "countries": facing, "concept": concept_id}
            ]
            if experienced:
                reasons.append(
                    {
                        "code": "practice",
                        "countries": experienced,
                        "practices": [p for c in experienced for p in found.practices[c][:2]],
                    }
                )
            exchanges = sorted(found.exchanges.get(region, set()))
            if exchanges:
                reasons.append({"code": "raised", "exchanges": exchanges[:3]})
            # Communities of these countries with the topic as a theme.
            communities = sorted(
                pk for pk, codes in found.themes.items() if codes & set(facing + experienced)
            )[:3]
            if communities:
                reasons.append({"code": "theme", "communities": communities})
            requests = sum(len(found.asked[c]) for c in facing)
            score = min(
                100,
                20 * len(facing)
                + 15 * len(experienced)
                + 10 * len(exchanges)
                + 5 * len(communities),
            )
            score = min(100, score + min(requests, 5) * 2)
            drafts.append(
                Draft(
                    key=_key(concept_id, region, facing),
                    concept_id=concept_id,
                    region=region,
                    facing=facing,
                    experienced=experienced,
                    organisations=sorted(found.organisations)[:10],
                    format=format,
                    score=score,
                    reasons=reasons,
                )
            )
    return drafts


def _key(concept_id: int, region: str, facing: list[str]) -> str:
    """The topic, region and countries: the same suggestion has the same key."""
    key = f"{concept_id}:{region}:{'-'.join(facing)}"
    if len(key) > 200:  # a region-wide suggestion: its countries, hashed
        key = f"{concept_id}:{region}:{hashlib.sha256(key.encode()).hexdigest()}"
    return key


@transaction.atomic
def refresh() -> int:
    """Recompute the waiting suggestions; returns how many are waiting now."""
    region_of = dict(Country.objects.values_list("code", "programme_region"))
    drafts = suggest(gather(), region_of)
    decided = set(
        PeerSuggestion.objects.exclude(status=SuggestionStatus.WAITING).values_list(
            "key", flat=True
        )
    )
    PeerSuggestion.objects.filter(status=SuggestionStatus.WAITING).delete()
    fresh = [draft for draft in drafts if draft.key not in decided]
    now = timezone.now()
    created = PeerSuggestion.objects.bulk_create(
        PeerSuggestion(
            key=draft.key,
            concept_id=draft.concept_id,
            region=draft.region,
            format=draft.format,
            score=draft.score,
            reasons=draft.reasons,
            computed_at=now,
        )
        for draft in fresh
    )
    facing = PeerSuggestion.facing.through
    experienced = PeerSuggestion.experienced.through
    organisations = PeerSuggestion.organisations.through
    facing.objects.bulk_create(
        facing(peersuggestion_id=s.pk, country_id=code)
        for s, d in zip(created, fresh, strict=True)
        for code in d.facing
    )
    experienced.objects.bulk_create(
        experienced(peersuggestion_id=s.pk, country_id=code)
        for s, d in zip(created, fresh, strict=True)
        for code in d.experienced
    )
    organisations.objects.bulk_create(
        organisations(peersuggestion_id=s.pk, organisation_id=pk)
        for s, d in zip(created, fresh, strict=True)
        for pk in d.organisations
    )
    return len(created)


@task()
def refresh_suggestions() -> int:
    return refresh()


# Reading and acting ------------------------------------------------------------------------


def names_for(
    suggestions: list[PeerSuggestion], viewer: "access.Viewer"
) -> dict[str, dict[int, str]]:
    """The titles of the exchanges and the names of the communities the suggestions' reasons
    name, in a query each — those the viewer may see only (the others are counted, unnamed)."""
    exchanges = {pk for s in suggestions for r in s.reasons for pk in r.get("exchanges", [])}
    communities = {pk for s in suggestions for r in s.reasons for pk in r.get("communities", [])}
    return {
        "exchanges": dict(
            access.exchanges_visible_to(Exchange.objects.all(), viewer)
            .filter(pk__in=exchanges)
            .values_list("pk", "title")
        )
        if exchanges
        else {},
        "communities": dict(
            access.communities_visible_to(Community.objects.all(), viewer)
            .filter(pk__in=communities)
            .values_list("pk", "name")
        )
        if communities
        else {},
    }


def describe(
    suggestion: PeerSuggestion, language: str, names: dict[str, dict[int, str]]
) -> list[str]:
    """The reasons in words, in the current language (`names`: see names_for; an exchange or a
    community the reader may not see is counted as private, never named)."""
    titles, communities = names["exchanges"], names["communities"]
    concept = suggestion.concept
    phrases = []
    for reason in suggestion.reasons:
        code = reason.get("code")
        countries = country_list(reason.get("countries", []), SHOWN_COUNTRIES)
        if code == "asked":
            if len(reason["countries"]) > 2:
                phrase = _("%(countries)s all asked for support on %(topic)s")
            elif len(reason["countries"]) == 2:
                phrase = _("%(countries)s both asked for support on %(topic)s")
            else:
                phrase = _("%(countries)s asked for support on %(topic)s")
            phrases.append(phrase % {"countries": countries, "topic": concept.label(language)})
        elif code == "practice":
            phrases.append(_("%(countries)s: a practice on it") % {"countries": countries})
        elif code == "raised":
            hidden = sum(1 for pk in reason["exchanges"] if pk not in titles)
            exchanges = in_words(
                [
                    *(f"“{titles[pk]}”" for pk in reason["exchanges"] if pk in titles),
                    ngettext("a private exchange", "%(count)s private exchanges", hidden)
                    % {"count": hidden}
                    if hidden
                    else "",
                ]
            )
            if exchanges:
                phrases.append(
                    _("raised as a challenge or need at %(exchanges)s") % {"exchanges": exchanges}
                )
        elif code == "theme":
            hidden = sum(1 for pk in reason["communities"] if pk not in communities)
            named = in_words(
                [
                    *(f"“{communities[pk]}”" for pk in reason["communities"] if pk in communities),
                    ngettext("a private community", "%(count)s private communities", hidden)
                    % {"count": hidden}
                    if hidden
                    else "",
                ]
            )
            if named:
                phrases.append(_("a theme of %(communities)s") % {"communities": named})
    return phrases


def country_list(codes: list[str], limit: int) -> str:
    """ "Malaysia and Thailand"; beyond `limit` countries, the others counted."""
    shown = [country_name(code) for code in codes[:limit]]
    if len(codes) > limit:
        others = len(codes) - limit
        shown.append(
            ngettext("%(count)s other country", "%(count)s other countries", others)
            % {"count": others}
        )
    return in_words(shown)


class SuggestionError(Exception):
    pass


@transaction.atomic
def dismiss(suggestion: PeerSuggestion, *, by: User) -> None:
    if not access.can_coordinate_support(by):
        raise SuggestionError(_("Only coordinators can act on suggestions."))
    suggestion = PeerSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.WAITING:
        raise SuggestionError(_("This suggestion has been acted on already."))
    suggestion.status = SuggestionStatus.DISMISSED
    suggestion.decided_by, suggestion.decided_at = by, timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(by, "support.suggestion_dismissed", suggestion)


def invitees(suggestion: PeerSuggestion) -> list[Organisation]:
    """The governments of the countries concerned, and the organisations with experience."""
    codes = [c.code for c in suggestion.facing.all()] + [
        c.code for c in suggestion.experienced.all()
    ]
    directory = access.organisations_visible_to(Organisation.objects.all(), AnonymousUser())
    governments = directory.filter(
        stakeholder_type=StakeholderType.GOVERNMENT, countries__code__in=codes
    ).distinct()
    return list(
        dict.fromkeys(
            [*governments, *directory.filter(pk__in=suggestion.organisations.values("pk"))]
        )
    )


FORMATS = [Format.BILATERAL, Format.REGIONAL_MEETING, Format.SITE_VISIT]


@transaction.atomic
def to_exchange(
    suggestion: PeerSuggestion, *, by: User, community: Community, format: str = ""
) -> Exchange:
    """A draft exchange in the community (in the suggested format unless another is chosen),
    with the countries' governments and the experienced organisations invited as delegations;
    the suggestion is then taken up."""
    if not access.can_coordinate_support(by) or not access.can_facilitate(by, community):
        raise SuggestionError(_("Only facilitators of the community can draft an exchange in it."))
    if community.closed_at is not None:
        raise SuggestionError(_("This sub-group is closed: it takes no new exchanges."))
    if format and format not in FORMATS:
        raise SuggestionError(
            _("Choose a bilateral discussion, a regional meeting or a site visit.")
        )
    suggestion = PeerSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.WAITING:
        raise SuggestionError(_("This suggestion has been acted on already."))
    language = translation.get_language() or "en"
    topic = suggestion.concept.label(language)
    title = _("Peer discussion: %(topic)s (%(countries)s)") % {
        "topic": topic,
        "countries": country_list([c.code for c in suggestion.facing.all()], 4),
    }
    exchange = exchange_actions.create_exchange(
        by=by,
        community=community,
        slug=unique_slug(Exchange.objects.all(), title, fallback="exchange"),
        title=title[:250],
        # The draft is read by its invitees and, once open, by its audience: it names only
        # what anyone may see.
        description="\n".join(
            f"– {phrase}"
            for phrase in describe(suggestion, language, names_for([suggestion], AnonymousUser()))
        ),
        theme=topic[:250],
        format=format or suggestion.format,
        rule=Rule.CHATHAM_HOUSE,
        visibility=Visibility.INVITED,
        language=language,
    )
    for organisation in invitees(suggestion):
        exchange_actions.invite_delegation(exchange, organisation, by=by)
    suggestion.status = SuggestionStatus.TAKEN_UP
    suggestion.exchange = exchange
    suggestion.decided_by, suggestion.decided_at = by, timezone.now()
    suggestion.save(update_fields=["status", "exchange", "decided_by", "decided_at"])
    audit.record(by, "support.suggestion_taken_up", suggestion, exchange=exchange.slug)
    return exchange
