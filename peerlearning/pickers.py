"""What the pickers (peerlearning/lib/pickers.py) suggest as one types: an HTML fragment of
at most SUGGESTIONS items, for signed-in members only.

Each source lists only what the access package shows the viewer, and matches only on the names
shown: a person by the pseudonym if there is one, else the name (access.name_search_q), never
by an e-mail address; an organisation by its name or acronym; a country, a language or a topic
by its name in the reader's language.
"""

import unicodedata
from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

from django.conf.locale import LANG_INFO
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from peerlearning import access
from peerlearning.accounts.models import User, country_choices, language_choices
from peerlearning.knowledge.models import Concept
from peerlearning.lib.web import website_host
from peerlearning.network.models import Organisation

SUGGESTIONS = 20
MAX_QUERY = 100


class Suggestion(NamedTuple):
    value: str
    label: str
    detail: str = ""


def fold(text: str) -> str:
    """Case and accents ignored: "mexico" finds "México"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _named(pairs: list[tuple[str, str]], text: str, *others: dict[str, str]) -> list[Suggestion]:
    """(value, shown name) pairs whose shown name (or a name in `others`, by value) contains the
    text."""
    wanted = fold(text)
    found = []
    for value, name in pairs:
        names = [name, *(other.get(value, "") for other in others)]
        if any(wanted in fold(candidate) for candidate in names if candidate):
            found.append(Suggestion(value, name))
    # Names that start with the text first.
    found.sort(key=lambda s: (not fold(s.label).startswith(wanted), fold(s.label)))
    return found[:SUGGESTIONS]


def topics(viewer: access.Viewer, text: str) -> list[Suggestion]:
    language = (translation.get_language() or "en").split("-")[0]
    concepts = list(access.concepts_visible_to(Concept.objects.all(), viewer))
    pairs = [(c.slug, c.label(language)) for c in concepts]
    synonyms = {c.slug: " | ".join(c.synonyms.get(language, [])) for c in concepts}
    return _named(pairs, text, synonyms)


def countries(viewer: access.Viewer, text: str) -> list[Suggestion]:
    with translation.override("en"):
        english = dict(country_choices())
    return _named(country_choices(), text, english)


def languages(viewer: access.Viewer, text: str) -> list[Suggestion]:
    local = {code: LANG_INFO[code]["name_local"] for code, _name in language_choices()}
    return _named([(code, str(name)) for code, name in language_choices()], text, local)


def organisations(viewer: access.Viewer, text: str) -> list[Suggestion]:
    found = access.organisations_visible_to(Organisation.objects.all(), viewer).filter(
        access.organisation_name_q(text)
    )
    shown = list(
        found.order_by("name", "slug").only("slug", "name", "acronym", "website")[:SUGGESTIONS]
    )
    names = Counter(o.name.casefold() for o in shown)
    # Two of the same name are told apart by their website, or else their address name.
    return [
        Suggestion(
            o.slug,
            o.name,
            " · ".join(filter(None, [o.acronym, website_host(o.website) or o.slug]))
            if names[o.name.casefold()] > 1
            else o.acronym,
        )
        for o in shown
    ]


def people(viewer: access.Viewer, text: str) -> list[Suggestion]:
    found = (
        access.people_visible_to(User.objects.all(), viewer)
        .filter(access.name_search_q(text))
        .order_by(access.shown_name())
        .only("uuid", "display_name", "pseudonym")
    )
    return [Suggestion(str(p.uuid), p.public_name) for p in found[:SUGGESTIONS]]


SOURCES: dict[str, Callable[[access.Viewer, str], list[Suggestion]]] = {
    "topics": topics,
    "countries": countries,
    "languages": languages,
    "organisations": organisations,
    "people": people,
}


@require_safe
def suggest(request: HttpRequest, source: str) -> HttpResponse:
    """Signed-out visitors are sent to sign in before they get here (the address is not public,
    accounts/middleware.py)."""
    find = SOURCES.get(source)
    if find is None or not access.is_member(request.user):
        raise Http404
    text = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    suggestions = find(request.user, text) if text else []
    if exclude := request.GET.get("exclude"):
        suggestions = [s for s in suggestions if s.value != exclude]
    return render(request, "includes/picker_suggestions.html", {"suggestions": suggestions})
