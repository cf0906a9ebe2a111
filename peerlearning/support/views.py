from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from peerlearning import access
from peerlearning.exchanges.models import Outcome
from peerlearning.knowledge import reading
from peerlearning.knowledge.models import Concept
from peerlearning.lib.form_pages import form_page
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.lib.pagination import filters_query, page_of
from peerlearning.lib.translations import in_words
from peerlearning.network.models import Community, Country
from peerlearning.support import actions, matching, reports, suggestions
from peerlearning.support.forms import (
    AnswerForm,
    EndForm,
    MoveRequestForm,
    NoteForm,
    OfferEditForm,
    OfferForm,
    OutcomeRequestForm,
    RequestEditForm,
    RequestFilterForm,
    RequestForm,
)
from peerlearning.support.models import (
    REQUEST_TRANSITIONS,
    Match,
    MatchStatus,
    PeerSuggestion,
    RequestStatus,
    SuggestionStatus,
    SupportKind,
    SupportOffer,
    SupportRequest,
    SupportVisibility,
)


def _language() -> str:
    return translation.get_language() or "en"


def _text_language() -> str:
    """The language a new request or offer is written in (as the actions record it)."""
    return _language().split("-")[0]


# Topics suggested from the text ------------------------------------------------------------

SUGGEST_TOPICS = "suggest-topics"  # the name of the forms' "Suggest topics" button


def _typed(form: BaseForm) -> dict[str, Any]:
    """What a bound form holds, field by field, as the initial values of the same form shown
    again unbound: everything kept, no error shown."""
    return {
        name: field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        for name, field in form.fields.items()
    }


TITLE_LIMIT, DESCRIPTION_LIMIT = 250, 5000  # as the request and offer forms


def topics_form_page(
    request: HttpRequest,
    make_form: Callable[[Any], BaseForm],
    template: str,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    *,
    language: str,
    refused: type[Exception] | tuple[type[Exception], ...] = (),
    **context: Any,
) -> HttpResponse:
    """`form_page` for a request or an offer, with its topics suggested from its title and
    description (reading.suggest_topics), added to those already chosen, for the person to
    keep, remove or complete:

    - on the "Suggest topics" button, the form comes back as typed, with no error shown, and a
      notice naming what was suggested (or saying that nothing was found);
    - sent with no topic while its text names some, it comes back with them filled in and a
      notice asking to confirm them: nothing is saved until the person sends it again.

    `make_form(data)` makes the page's form (bound to `data`, or unbound for None); `language`
    is the language the text is written in."""
    if request.method != "POST":
        return form_page(request, make_form(None), template, save, done, refused=refused, **context)
    asked = SUGGEST_TOPICS in request.POST
    chosen = [slug for slug in request.POST.getlist("concepts") if slug]
    suggested = (
        reading.suggest_topics(
            # Read no more than the form keeps (it refuses longer texts, with its message).
            request.POST.get("title", "")[:TITLE_LIMIT],
            request.POST.get("description", "")[:DESCRIPTION_LIMIT],
            language,
        )
        if asked or not chosen
        else []
    )
    if not asked and not suggested:
        form = make_form(request.POST)
        return form_page(request, form, template, save, done, refused=refused, **context)
    data = request.POST.copy()
    data.pop(SUGGEST_TOPICS, None)
    data.setlist("concepts", chosen + [c.slug for c in suggested if c.slug not in chosen])
    reader = _language()
    topics = in_words(concept.label(reader) for concept in suggested)
    if asked:
        # Shown again unbound: what was typed, and not yet a word about what is missing.
        form = make_form(None)
        form.initial = _typed(make_form(data))
        if topics:
            notice = _(
                "Suggested from your text: %(topics)s — keep, remove or add topics, then save."
            ) % {"topics": topics}
        elif not (
            request.POST.get("title", "").strip() or request.POST.get("description", "").strip()
        ):
            notice = _("Write a title or a description first: the topics are suggested from them.")
        else:
            notice = _("No topic found in your text: choose them below.")
    else:
        form = make_form(data)  # the other fields' errors are shown; the topics are filled in
        notice = _(
            "You chose no topic, and your text names %(topics)s: they are filled in below. "
            "Keep, remove or add topics, then send the form again to confirm them."
        ) % {"topics": topics}
    return render(
        request,
        template,
        {"form": form, "topics_notice": notice, "topics_to_confirm": not asked, **context},
        status=400 if form.errors else 200,
    )


# Requests ----------------------------------------------------------------------------------

# What a request's card shows (support/request_list.html), and nothing else: the descriptions
# and readings are most of a row's bytes.
CARD_FIELDS = (
    "uuid",
    "title",
    "language",
    "kind",
    "status",
    "urgency",
    "organisation__name",
    "organisation__name_translations",
    "community__name",
)


@login_required
@require_safe
def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RequestFilterForm(request.GET)
    filters = form.filters()
    requests: QuerySet[SupportRequest] = (
        access.support_requests_visible_to(SupportRequest.objects.filtered(filters), request.user)
        .select_related("organisation", "community")
        .only(*CARD_FIELDS)
    )
    if filters.get("mine"):
        requests = access.support_requests_of(requests, request.user)
    # Only the columns the cards show: a concept's synonyms are most of its bytes to decode.
    page = page_of(
        request,
        requests.prefetch_related(
            Prefetch("concepts", Concept.objects.only("slug", "labels")),
            Prefetch("countries", Country.objects.only("code")),
        ),
        20,
    )
    # Only what the list shows: their columns are most of the query's cost to build.
    awaiting = (
        access.matches_awaiting(Match.objects.all(), request.user)
        .select_related("request", "offer")
        .only("uuid", "request__title", "offer__title")[:10]
    )
    # A request made in a community's name names it only to those who may see the community.
    shown_communities = set(
        access.communities_visible_to(Community.objects.all(), request.user)
        .filter(
            pk__in=SupportRequest.objects.filter(
                pk__in=[item.pk for item in page.object_list]
            ).values("community")
        )
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "support/request_list.html",
        {
            "form": form,
            "page": page,
            "query": filters_query(request),
            "awaiting": awaiting,
            "shown_communities": shown_communities,
            "language": _language(),
            "can_coordinate": access.can_coordinate_support(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    def save(data: dict[str, Any]) -> SupportRequest:
        return actions.create_request(
            by=request.user,
            concepts=data.pop("concepts"),
            countries=data.pop("countries"),
            organisation=data.pop("organisation"),
            **data,
        )

    return topics_form_page(
        request,
        lambda data: RequestForm(data, user=request.user),
        "support/request_form.html",
        save,
        _("Your request is open. A coordinator will look for offers."),
        language=_text_language(),
        refused=actions.SupportError,
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_from_outcome(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    outcome = get_object_or_404(Outcome.objects.select_related("exchange__community"), uuid=uuid)
    # Whoever may not see the exchange may not know the outcome exists.
    exchange = access.get_exchange_for_user(request.user, outcome.exchange.slug, write=True)
    existing = SupportRequest.objects.filter(outcome=outcome).first()
    if existing is not None:
        messages.info(request, _("This support need is a request already."))
        return redirect(existing)
    initial = {
        "title": outcome.text[:120],
        "description": outcome.text,
        "languages": exchange.languages or [exchange.language],
        "region": (exchange.community.regions or [""])[0],
        "concepts": [
            concept.slug for concept in reading.suggest_topics("", outcome.text, exchange.language)
        ],
    }

    def save(data: dict[str, Any]) -> SupportRequest:
        return actions.request_from_outcome(
            outcome, by=request.user, concepts=data.pop("concepts"), **data
        )

    return topics_form_page(
        request,
        lambda data: OutcomeRequestForm(data, initial=initial),
        "support/request_form.html",
        save,
        _("The support need is now an open request."),
        language=exchange.language,  # the need was written at the exchange
        outcome=outcome,
        exchange=exchange,
        refused=actions.SupportError,
    )


# Confidence in a ranking -------------------------------------------------------------------


def confidence(score: int) -> str:
    """A match's score on the scale a coordinator reads: its strength in words, out of 100."""
    if score >= matching.STRONG:
        return _("Strong match · %(score)s/100") % {"score": score}
    if score >= matching.GOOD:
        return _("Good match · %(score)s/100") % {"score": score}
    return _("Weak match · %(score)s/100") % {"score": score}


@dataclass(frozen=True)
class Candidate[T]:
    """A ranked offer (or request) as its page shows it."""

    object: T
    score: int
    reasons: list[str]

    @property
    def confidence(self) -> str:
        return confidence(self.score)


def split_by_confidence[T](
    ranked: list[matching.RankedWithReasons[T]],
) -> tuple[list[Candidate[T]], list[Candidate[T]]]:
    """The good candidates (worth proposing: a score from matching.GOOD up), and the weak ones,
    shown apart as not recommended."""
    good: list[Candidate[T]] = []
    weak: list[Candidate[T]] = []
    for item in ranked:
        candidate = Candidate(item.object, item.score, item.reasons)
        (good if item.score >= matching.GOOD else weak).append(candidate)
    return good, weak


SERVING = {MatchStatus.PROPOSED, MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS}

# What each move by hand is called on the request's page: an action, never a bare status.
MOVE_LABELS: dict[str, Promise] = {
    RequestStatus.CLOSED: gettext_lazy("Close the request"),
    RequestStatus.OPEN: gettext_lazy("Reopen the request"),
    RequestStatus.IN_PROGRESS: gettext_lazy("The support has started"),
    RequestStatus.FULFILLED: gettext_lazy("Mark it fulfilled"),
}


@login_required
@require_safe
def request_detail(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    support_request = access.get_support_request_for_user(request.user, uuid)
    is_party = access.is_request_party(request.user, support_request)
    can_coordinate = access.can_coordinate_support(request.user)
    matches = access.matches_visible_to(support_request.matches.all(), request.user).select_related(
        "offer__organisation", "offer__expert"
    )
    ranked: list[matching.RankedWithReasons[SupportOffer]] = []
    if can_coordinate and not support_request.is_ended:
        ranked = matching.offers_with_reasons(
            support_request,
            access.support_offers_visible_to(SupportOffer.objects.all(), request.user),
            _language(),
        )
    good, weak = split_by_confidence(ranked)
    return render(
        request,
        "support/request_detail.html",
        {
            "support_request": support_request,
            "matches": matches,
            "ranked": good,
            "weak": weak,
            "network_wide": support_request.visibility == SupportVisibility.NETWORK,
            # Support already on its way: the page says no *other* good match, and no more.
            "served": any(match.status in SERVING for match in matches),
            "history": support_request.history.all() if is_party or can_coordinate else [],
            "can_move": is_party or can_coordinate,
            "can_edit": (is_party or can_coordinate) and not support_request.is_ended,
            "moves": [
                (status, MOVE_LABELS[status])
                for status in REQUEST_TRANSITIONS[support_request.status]
                if status in MOVE_LABELS
            ],
            "can_coordinate": can_coordinate,
            "language": _language(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    support_request = access.get_support_request_for_user(request.user, uuid)
    if not (
        access.is_request_party(request.user, support_request)
        or access.can_coordinate_support(request.user)
    ):
        raise PermissionDenied(_("Only those making the request or a coordinator can do this."))
    # A need raised at an exchange keeps the form it was made with: no countries to name.
    form_class = OutcomeRequestForm if support_request.raised_at_exchange else RequestEditForm
    initial = {name: getattr(support_request, name) for name in form_class.base_fields}
    initial["concepts"] = [concept.slug for concept in support_request.concepts.all()]
    initial["countries"] = [c.code for c in support_request.countries.all()]

    def save(data: dict[str, Any]) -> SupportRequest:
        return actions.edit_request(
            support_request,
            by=request.user,
            concepts=data.pop("concepts"),
            countries=data.pop("countries", None),
            **data,
        )

    return topics_form_page(
        request,
        lambda data: form_class(data, initial=initial),
        "support/request_form.html",
        save,
        _("The request has been saved."),
        language=support_request.language,
        support_request=support_request,
        refused=actions.SupportError,
    )


@login_required
@require_POST
def request_move(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    support_request = access.get_support_request_for_user(request.user, uuid)
    form = MoveRequestForm(request.POST)
    try:
        if not form.is_valid():
            raise actions.SupportError(_("Choose what to do."))
        actions.move_request(
            support_request,
            form.cleaned_data["status"],
            by=request.user,
            note=form.cleaned_data["note"],
        )
    except actions.SupportError as error:
        messages.error(request, str(error))
        return redirect(support_request)
    messages.success(request, _("The request has been updated."))
    return redirect(support_request)


@login_required
@require_POST
def match_propose(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    support_request = access.get_support_request_for_user(request.user, uuid)
    if not access.can_coordinate_support(request.user):
        raise PermissionDenied(_("Only coordinators can propose a match."))
    offer = access.get_support_offer_for_user(request.user, request.POST.get("offer"))
    try:
        match = actions.propose_match(support_request, offer, by=request.user)
    except actions.SupportError as error:
        messages.error(request, str(error))
        return redirect(support_request)
    _say_who_was_told(request, actions.proposal_recipients(match))
    return redirect(match)


def _say_who_was_told(request: HttpRequest, told: dict[str, list[Any]]) -> None:
    """Name the people each side's e-mail went to, and say plainly when a side had nobody."""
    names = {
        side: ", ".join(person.public_name for person in people) for side, people in told.items()
    }
    if names["request"] and names["offer"]:
        messages.success(
            request,
            _("Proposed. Told by e-mail — for the request: %(request)s; for the offer: %(offer)s.")
            % names,
        )
    elif names["request"]:
        messages.warning(
            request,
            _(
                "Proposed. Told by e-mail — for the request: %(request)s. Nobody could be told "
                "for the offer (no active person with a confirmed affiliation): let them know "
                "another way."
            )
            % names,
        )
    elif names["offer"]:
        messages.warning(
            request,
            _(
                "Proposed. Told by e-mail — for the offer: %(offer)s. Nobody could be told for "
                "the request (no active person to write to): let them know another way."
            )
            % names,
        )
    else:
        messages.warning(
            request,
            _(
                "Proposed, but nobody could be told by e-mail on either side: let them know "
                "another way."
            ),
        )


# Offers ------------------------------------------------------------------------------------


@login_required
@require_safe
def offer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    offers: QuerySet[SupportOffer] = (
        access.support_offers_visible_to(SupportOffer.objects.all(), request.user)
        .filter(active=True)
        .select_related("organisation", "expert")
        .prefetch_related("concepts")
    )
    kind = request.GET.get("kind", "")
    if kind in SupportKind.values:
        offers = offers.filter(kinds__icontains=f'"{kind}"')
    else:
        kind = ""
    mine = request.GET.get("mine") == "on"
    if mine:
        offers = access.support_offers_of(offers, request.user)
    page = page_of(request, offers, 20)
    return render(
        request,
        "support/offer_list.html",
        {
            "page": page,
            "kind": kind,
            "mine": mine,
            "kinds": SupportKind.choices,
            "language": _language(),
            "query": filters_query(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user

    def make_form(data: Any) -> OfferForm:
        return OfferForm(
            data,
            user=user,
            initial={"languages": user.languages, "availability": user.availability},
        )

    def save(data: dict[str, Any]) -> SupportOffer:
        organisation = data.pop("organisation")
        return actions.create_offer(
            by=user,
            concepts=data.pop("concepts"),
            organisation=organisation,
            as_expert=organisation is None,
            **data,
        )

    return topics_form_page(
        request,
        make_form,
        "support/offer_form.html",
        save,
        _("Thank you: your offer is listed."),
        language=_text_language(),
        refused=actions.SupportError,
    )


@login_required
@require_safe
def offer_detail(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    offer = access.get_support_offer_for_user(request.user, uuid)
    is_party = access.is_offer_party(request.user, offer)
    can_coordinate = access.can_coordinate_support(request.user)
    ranked: list[matching.RankedWithReasons[SupportRequest]] = []
    if (is_party or can_coordinate) and offer.active:
        ranked = matching.requests_with_reasons(
            offer,
            access.support_requests_visible_to(SupportRequest.objects.all(), request.user),
            _language(),
        )
    matches = access.matches_visible_to(offer.matches.all(), request.user).select_related("request")
    good, weak = split_by_confidence(ranked)
    return render(
        request,
        "support/offer_detail.html",
        {
            "offer": offer,
            "ranked": good,
            "weak": weak,
            "show_ranking": (is_party or can_coordinate) and offer.active,
            "matches": matches,
            "can_change": is_party or can_coordinate,
            "can_coordinate": can_coordinate,
            "language": _language(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    offer = access.get_support_offer_for_user(request.user, uuid)
    if not (
        access.is_offer_party(request.user, offer) or access.can_coordinate_support(request.user)
    ):
        raise PermissionDenied(_("Only those making the offer or a coordinator can do this."))
    initial = {name: getattr(offer, name) for name in OfferEditForm.base_fields}
    initial["concepts"] = [concept.slug for concept in offer.concepts.all()]

    def save(data: dict[str, Any]) -> SupportOffer:
        return actions.edit_offer(offer, by=request.user, concepts=data.pop("concepts"), **data)

    return topics_form_page(
        request,
        lambda data: OfferEditForm(data, initial=initial),
        "support/offer_form.html",
        save,
        _("The offer has been saved."),
        language=offer.language,
        offer=offer,
        refused=actions.SupportError,
    )


@login_required
@require_POST
def offer_active(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    offer = access.get_support_offer_for_user(request.user, uuid)
    try:
        actions.set_offer_active(offer, request.POST.get("active") == "1", by=request.user)
    except actions.SupportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The offer has been updated."))
    return redirect(offer)


# Matches -----------------------------------------------------------------------------------


@login_required
@require_safe
def match_detail(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    match = access.get_match_for_user(request.user, uuid)
    match = Match.objects.select_related(
        "request__organisation", "offer__organisation", "offer__expert", "proposed_by"
    ).get(pk=match.pk)
    sides = actions.sides_of(request.user, match)
    can_follow = bool(sides) or access.can_coordinate_support(request.user)
    return render(
        request,
        "support/match_detail.html",
        {
            "match": match,
            "reasons": matching.describe(match.reasons, _language()),
            "sides": sides,
            "awaits": access.matches_awaiting(
                Match.objects.filter(pk=match.pk), request.user
            ).exists(),
            "can_follow": can_follow
            and match.status in (MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS),
            "coordinator": match.proposed_by if match.proposed_by_id else None,
            "notes": match.notes.select_related("author"),
            "answer_form": AnswerForm(),
            "note_form": NoteForm(),
            "end_form": EndForm(),
        },
    )


def _match_action(request: AuthenticatedHttpRequest, uuid: Any, act: Any) -> HttpResponse:
    match = access.get_match_for_user(request.user, uuid)
    try:
        message = act(match)
    except actions.SupportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, message)
    return redirect(match)


@login_required
@require_POST
def match_answer(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    form = AnswerForm(request.POST)

    def act(match: Match) -> str:
        if not form.is_valid():
            raise actions.SupportError(_("Choose to accept or decline."))
        accept = form.cleaned_data["decision"] == "accept"
        sides = actions.sides_of(request.user, match)
        match = actions.answer_match(
            match, by=request.user, accept=accept, reason=form.cleaned_data["reason"]
        )
        told = actions.answer_recipients(match, by=request.user, sides=sides)
        return " ".join([_answered(match, accept), _answer_told(match, told)])

    return _match_action(request, uuid, act)


def _answered(match: Match, accept: bool) -> str:
    if not accept:
        return _("You declined the match; your reason goes with the answer.")
    if match.status == MatchStatus.ACCEPTED:
        return _("You accepted: both sides have now accepted the match.")
    return _("You accepted. The match now waits for the other side's answer.")


def _answer_told(match: Match, told: dict[str, list[Any]]) -> str:
    """Who the answer was written to, as `actions.answer_recipients` says: never "both sides"
    unless both were."""
    coordinator = ", ".join(person.public_name for person in told["coordinator"])
    if told["other_side"] and coordinator:
        return _(
            "The other side and %(coordinator)s (the coordinator) have been told by e-mail."
        ) % {"coordinator": coordinator}
    if told["other_side"]:
        return _("The other side has been told by e-mail.")
    if coordinator:
        return _(
            "%(coordinator)s (the coordinator) has been told by e-mail; nobody on the other side "
            "could be written to, so the coordinator will reach them."
        ) % {"coordinator": coordinator}
    return _("Nobody could be told by e-mail: a coordinator will see the answer here.")


@login_required
@require_POST
def match_start(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    def act(match: Match) -> str:
        actions.start_match(match, by=request.user)
        return _("The support is under way.")

    return _match_action(request, uuid, act)


@login_required
@require_POST
def match_note(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    form = NoteForm(request.POST)

    def act(match: Match) -> str:
        text = form.cleaned_data["text"] if form.is_valid() else ""
        actions.add_note(match, by=request.user, text=text)
        return _("The note has been added.")

    return _match_action(request, uuid, act)


@login_required
@require_POST
def match_end(request: AuthenticatedHttpRequest, uuid: Any) -> HttpResponse:
    form = EndForm(request.POST)

    def act(match: Match) -> str:
        if not form.is_valid():
            raise actions.SupportError(_("Say whether the support was given, and its outcome."))
        actions.end_match(
            match,
            by=request.user,
            fulfilled=form.cleaned_data["fulfilled"] == "yes",
            outcome=form.cleaned_data["outcome"],
        )
        return _("The match is closed with its outcome.")

    return _match_action(request, uuid, act)


# Coordination: dashboard and suggestions ---------------------------------------------------


def _coordinator(request: HttpRequest) -> None:
    if not access.can_coordinate_support(request.user):
        raise PermissionDenied(_("Only coordinators can see this page."))


@login_required
@require_safe
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    _coordinator(request)
    return render(request, "support/dashboard.html", reports.dashboard(_language()))


@login_required
@require_safe
def suggestion_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _coordinator(request)
    language = _language()
    waiting = PeerSuggestion.objects.filter(status=SuggestionStatus.WAITING).select_related(
        "concept"
    )
    page = page_of(request, waiting, 20)
    communities = list(access.facilitated_communities(request.user).order_by("name"))

    def likeliest(region: str) -> str:
        """The community of the suggestion's region, else a regional or global one."""
        for wanted in (region, "global"):
            for community in communities:
                if wanted in (community.regions or []) or (
                    wanted == "global" and community.level == "global"
                ):
                    return community.slug
        return communities[0].slug if communities else ""

    names = suggestions.names_for(list(page.object_list), request.user)
    items = [
        {
            "suggestion": suggestion,
            "topic": suggestion.concept.label(language),
            "reasons": suggestions.describe(suggestion, language, names),
            "community": likeliest(suggestion.region),
        }
        for suggestion in page.object_list
    ]
    return render(
        request,
        "support/suggestion_list.html",
        {
            "page": page,
            "items": items,
            "communities": communities,
            "formats": [(f.value, f.label) for f in suggestions.FORMATS],
        },
    )


def _waiting_suggestion(request: HttpRequest, pk: int) -> PeerSuggestion:
    _coordinator(request)
    suggestion = PeerSuggestion.objects.filter(pk=pk).first()
    if suggestion is None:
        raise Http404
    return suggestion


@login_required
@require_POST
def suggestion_exchange(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    suggestion = _waiting_suggestion(request, pk)
    community = Community.objects.filter(slug=request.POST.get("community", "")).first()
    try:
        if community is None:
            raise suggestions.SuggestionError(_("Choose the community the exchange belongs to."))
        exchange = suggestions.to_exchange(
            suggestion,
            by=request.user,
            community=community,
            format=request.POST.get("format", ""),
        )
    except suggestions.SuggestionError as error:
        messages.error(request, str(error))
        return redirect("support:suggestion_list")
    messages.success(
        request,
        _("A draft exchange is made, with the delegations invited. Complete it, then open it."),
    )
    return redirect(exchange)


@login_required
@require_POST
def suggestion_dismiss(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    suggestion = _waiting_suggestion(request, pk)
    try:
        suggestions.dismiss(suggestion, by=request.user)
    except suggestions.SuggestionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Dismissed: it will not be suggested again."))
    return redirect("support:suggestion_list")


@login_required
@require_POST
def suggestion_refresh(request: AuthenticatedHttpRequest) -> HttpResponse:
    _coordinator(request)
    suggestions.refresh_suggestions.enqueue()
    messages.success(request, _("The suggestions are being recomputed."))
    return redirect("support:suggestion_list")
