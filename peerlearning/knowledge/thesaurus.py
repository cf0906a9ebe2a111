"""The thesaurus: loaded from data/thesaurus.json, exported as SKOS (JSON-LD or Turtle)."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import ngettext

from peerlearning.knowledge.models import Concept, Update

THESAURUS_JSON = Path(__file__).parent / "data" / "thesaurus.json"


@transaction.atomic
def load(path: Path = THESAURUS_JSON) -> int:
    """Create or update every concept of the file; concepts added by editors are kept."""
    data = json.loads(path.read_text(encoding="utf-8"))
    concepts = data["concepts"]
    for item in concepts:
        Concept.objects.update_or_create(
            slug=item["id"],
            defaults={"labels": item["labels"], "synonyms": item.get("synonyms", {})},
        )
    by_slug = {c.slug: c for c in Concept.objects.all()}
    for item in concepts:
        concept = by_slug[item["id"]]
        concept.broader = by_slug.get(item.get("broader") or "")
        concept.save(update_fields=["broader"])
    # What a change made by an editor causes (actions._thesaurus_changed), for what the file
    # changed: search and matching forget the old concepts in this process now, the other
    # processes within seconds of the commit. (`rereadsupport` and `reindex` read again.)
    from peerlearning import derived
    from peerlearning.knowledge import search

    search.forget_thesaurus()
    derived.forget_support_thesaurus()
    transaction.on_commit(search.thesaurus_changed)
    return len(concepts)


def _named(texts: list[str], names: set[str]) -> bool:
    return any(
        " ".join(text.split()).casefold() in names for text in texts if isinstance(text, str)
    )


def uses(concept: Concept) -> list[str]:
    """What uses a concept, one translated line a kind of use; empty when it may be deleted.

    Practices, updates, lessons, support requests and offers, peer suggestions and recommendations
    (their themes) refer to it; narrower concepts hang from it. Communities' themes and people's
    expertise are free text: one naming the concept (its address name, a label or a synonym, in
    any language) counts as a use too."""
    from peerlearning.accounts.models import User
    from peerlearning.network.models import Community

    counts = [
        (concept.practices.count(), "practice"),
        (Update.objects.filter(concepts=concept).count(), "update"),
        (concept.lessons.count(), "lesson"),
        (concept.support_requests.count(), "request"),
        (concept.support_offers.count(), "offer"),
        (concept.peer_suggestions.count(), "suggestion"),
        (concept.narrower.count(), "narrower"),
        (concept.recommendations.count(), "recommendation"),
    ]
    names = {concept.slug.casefold(), concept.slug.replace("-", " ").casefold()}
    names |= {" ".join(text.split()).casefold() for text in concept.labels.values() if text}
    names |= {
        " ".join(text.split()).casefold() for texts in concept.synonyms.values() for text in texts
    }
    themes = sum(
        1
        for t in Community.objects.exclude(themes=[]).values_list("themes", flat=True)
        if _named(t or [], names)
    )
    expertise = sum(
        1
        for t in User.objects.exclude(expertise=[]).values_list("expertise", flat=True)
        if _named(t or [], names)
    )
    counts += [(themes, "theme"), (expertise, "expertise")]
    lines = {
        "practice": lambda n: ngettext(
            "%(count)s practice is tagged with it.", "%(count)s practices are tagged with it.", n
        ),
        "update": lambda n: ngettext(
            "%(count)s update is tagged with it.", "%(count)s updates are tagged with it.", n
        ),
        "lesson": lambda n: ngettext(
            "%(count)s lesson is tagged with it.", "%(count)s lessons are tagged with it.", n
        ),
        "request": lambda n: ngettext(
            "%(count)s support request names it as a topic.",
            "%(count)s support requests name it as a topic.",
            n,
        ),
        "offer": lambda n: ngettext(
            "%(count)s support offer names it as a topic.",
            "%(count)s support offers name it as a topic.",
            n,
        ),
        "suggestion": lambda n: ngettext(
            "%(count)s peer suggestion is about it.", "%(count)s peer suggestions are about it.", n
        ),
        "recommendation": lambda n: ngettext(
            "%(count)s recommendation has it among its themes.",
            "%(count)s recommendations have it among their themes.",
            n,
        ),
        "narrower": lambda n: ngettext(
            "%(count)s narrower concept has it as its broader concept.",
            "%(count)s narrower concepts have it as their broader concept.",
            n,
        ),
        "theme": lambda n: ngettext(
            "%(count)s community has it among its themes.",
            "%(count)s communities have it among their themes.",
            n,
        ),
        "expertise": lambda n: ngettext(
            "%(count)s person names it as their expertise.",
            "%(count)s people name it as their expertise.",
            n,
        ),
    }
    return [lines[kind](count) % {"count": count} for count, kind in counts if count]


def _uri(slug: str) -> str:
    return f"{settings.SITE_URL}/thesaurus/{slug}"


def skos_jsonld() -> dict[str, Any]:
    concepts = Concept.objects.select_related("broader")
    graph = [
        {
            "@id": f"{settings.SITE_URL}/thesaurus/",
            "@type": "skos:ConceptScheme",
            "skos:prefLabel": {"@language": "en", "@value": "Peer Learning Platform thesaurus"},
        }
    ]
    for concept in concepts:
        node: dict[str, Any] = {
            "@id": _uri(concept.slug),
            "@type": "skos:Concept",
            "skos:inScheme": {"@id": f"{settings.SITE_URL}/thesaurus/"},
            "skos:prefLabel": [
                {"@language": lang, "@value": text} for lang, text in sorted(concept.labels.items())
            ],
            "skos:altLabel": [
                {"@language": lang, "@value": text}
                for lang, texts in sorted(concept.synonyms.items())
                for text in texts
            ],
        }
        if concept.broader:
            node["skos:broader"] = {"@id": _uri(concept.broader.slug)}
        graph.append(node)
    return {"@context": {"skos": "http://www.w3.org/2004/02/skos/core#"}, "@graph": graph}


def _literal(text: str, language: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{language}'


def skos_turtle() -> str:
    lines = [
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "",
        f"<{settings.SITE_URL}/thesaurus/> a skos:ConceptScheme .",
        "",
    ]
    for concept in Concept.objects.select_related("broader"):
        lines.append(f"<{_uri(concept.slug)}> a skos:Concept ;")
        lines.append(f"    skos:inScheme <{settings.SITE_URL}/thesaurus/> ;")
        for lang, text in sorted(concept.labels.items()):
            lines.append(f"    skos:prefLabel {_literal(text, lang)} ;")
        for lang, texts in sorted(concept.synonyms.items()):
            for text in texts:
                lines.append(f"    skos:altLabel {_literal(text, lang)} ;")
        if concept.broader:
            lines.append(f"    skos:broader <{_uri(concept.broader.slug)}> ;")
        lines[-1] = lines[-1][:-2] + " ."
        lines.append("")
    return "\n".join(lines)
