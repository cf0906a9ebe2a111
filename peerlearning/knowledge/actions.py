"""Writes to the knowledge base that have side effects (files, the search index, the audit log)."""

import uuid
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from peerlearning import access, derived
from peerlearning.accounts import audit
from peerlearning.accounts.models import User
from peerlearning.exchanges.models import Exchange, Outcome, OutcomeKind
from peerlearning.knowledge import search
from peerlearning.knowledge.files import Checked, FileRejected, check
from peerlearning.knowledge.models import (
    RESOURCE_FIELDS,
    Concept,
    EditorialStatus,
    Lesson,
    Practice,
    PracticeEvent,
    PracticeTranslation,
    Resource,
    Update,
    UpdateEvent,
    UpdateKind,
)
from peerlearning.lib.mail import send_templated_email
from peerlearning.lib.slugs import unique_slug
from peerlearning.lib.storage import NO_ROOM
from peerlearning.monitoring.models import Recommendation
from peerlearning.network.models import Community, Country, Organisation
from peerlearning.notifications.models import Kind


@transaction.atomic
def create_resource(*, by: User, upload: UploadedFile | None = None, **fields: Any) -> Resource:
    """Check the file (content type, size) before anything is saved; index its text."""
    checked = check(upload) if upload is not None else None
    resource = Resource(
        slug=unique_slug(Resource.objects.all(), fields["title"], fallback="resource"), **fields
    )
    if upload is not None and checked is not None:
        _store_file(resource, upload, checked)
    try:
        resource.save()
        search.index([search.resource_entry(resource)])
        audit.record(by, "resource.created", resource)
    except Exception:
        _delete_stored(resource)  # no file without its row
        raise
    return resource


@transaction.atomic
def withdraw_consent(resource: Resource, *, by: User) -> Resource:
    """A testimony's giver withdrew consent: unpublished everywhere at once."""
    resource.consent_withdrawn_at = timezone.now()
    resource.save(update_fields=["consent_withdrawn_at"])
    search.remove("resource", resource.slug)
    audit.record(by, "resource.consent_withdrawn", resource)
    return resource


# Managing resources ---------------------------------------------------------------------------


class ResourceError(Exception):
    """A change to a resource that is not allowed; the message says why."""


def _forget_stored_file_after_commit(resource: Resource, name: str) -> None:
    """The stored file goes once the change is committed (never before: a rollback keeps it)."""
    if name:
        storage = resource.file.storage
        transaction.on_commit(lambda: storage.delete(name))


def _store_file(resource: Resource, upload: UploadedFile, checked: Checked) -> str:
    """Store a checked upload as the resource's file; returns the name of the file it replaces
    (deleted after commit by the caller)."""
    old = resource.file.name or ""
    resource.file_name = (upload.name or "")[:200]
    resource.content_type = checked.content_type
    resource.size = upload.size or 0
    resource.text = checked.text
    # The storage gives the new file a name of its own: the old one stays until the commit.
    try:
        resource.file.save(str(resource.uuid), upload, save=False)
    except OSError as error:
        if error.errno not in NO_ROOM:
            raise
        # Written whole or not at all (lib/storage.py): nothing is left of it.
        raise FileRejected(
            _(
                "The server has no room to store this file now. Nothing was saved: try again "
                "later, or tell the administrators."
            )
        ) from error
    return old


def _delete_stored(resource: Resource) -> None:
    if resource.file.name:
        resource.file.storage.delete(resource.file.name)


@transaction.atomic
def edit_resource(
    resource: Resource, *, by: User, upload: UploadedFile | None = None, **fields: Any
) -> Resource:
    """New metadata and, if given, a new file — checked by the same rules as an upload before
    anything changes; the old file goes after commit; the search document follows."""
    checked = check(upload) if upload is not None else None
    unknown = set(fields) - set(RESOURCE_FIELDS)
    if unknown:
        raise TypeError(f"not a resource field: {sorted(unknown)}")
    changed = sorted(name for name, value in fields.items() if getattr(resource, name) != value)
    for name, value in fields.items():
        setattr(resource, name, value)
    resource.updated_at = timezone.now()
    resource.save()
    audit.record(by, "resource.edited", resource, slug=resource.slug, changed=changed)
    if upload is not None and checked is not None:
        _replace_checked_file(resource, by=by, upload=upload, checked=checked)
    search.refresh(resource)
    return resource


def _replace_checked_file(
    resource: Resource, *, by: User, upload: UploadedFile, checked: Checked
) -> None:
    old = _store_file(resource, upload, checked)
    try:
        resource.updated_at = timezone.now()
        resource.save(
            update_fields=["file", "file_name", "content_type", "size", "text", "updated_at"]
        )
    except Exception:
        _delete_stored(resource)  # nothing half-replaced
        raise
    _forget_stored_file_after_commit(resource, old)
    audit.record(by, "resource.file_replaced", resource, slug=resource.slug, size=resource.size)


@transaction.atomic
def publish_resource(resource: Resource, *, by: User, publish: bool) -> Resource:
    """Published, or back to draft: a draft is gone at once from the list, search and its file
    address for everyone but the editors."""
    if publish and resource.consent_withdrawn_at is not None:
        raise ResourceError(
            _("Consent to this testimony was withdrawn: it cannot be published again.")
        )
    resource.status = EditorialStatus.PUBLISHED if publish else EditorialStatus.DRAFT
    resource.updated_at = timezone.now()
    resource.save(update_fields=["status", "updated_at"])
    search.refresh(resource)
    action = "resource.published" if publish else "resource.unpublished"
    audit.record(by, action, resource, slug=resource.slug)
    return resource


@transaction.atomic
def delete_resource(resource: Resource, *, by: User) -> None:
    """The record, its links, its search document, and (after commit) its stored file."""
    audit.record(
        by,
        "resource.deleted",
        resource,
        slug=resource.slug,
        title=resource.title,
        file=bool(resource.file),
        links={
            "exchanges": resource.exchanges.count(),
            "practices": resource.practices.count(),
            "updates": resource.updates.count(),
            "recommendations": resource.recommendations.count(),
        },
    )
    stored = resource.file.name or ""
    search.remove("resource", resource.slug)
    _forget_stored_file_after_commit(resource, stored)
    resource.delete()


@transaction.atomic
def link_resource(
    resource: Resource,
    *,
    by: User,
    exchanges: list[Exchange],
    practices: list[Practice],
    updates: list[Update],
    recommendations: list[Recommendation],
) -> Resource:
    """What the resource belongs to, as the editor sees it: links to things the editor may not
    see (made by someone who may) are kept, untouched and unnamed."""
    visible_exchanges = access.exchanges_visible_to(Exchange.objects.all(), by)
    visible_practices = access.practices_visible_to(Practice.objects.all(), by)
    visible_updates = access.updates_visible_to(Update.objects.all(), by)
    visible_recommendations = access.recommendations_visible_to(Recommendation.objects.all(), by)
    # The caller's choices come from the visible lists; checked again here, whoever calls.
    chosen_exchanges = list(visible_exchanges.filter(pk__in=[e.pk for e in exchanges]))
    chosen_practices = list(visible_practices.filter(pk__in=[p.pk for p in practices]))
    chosen_updates = list(visible_updates.filter(pk__in=[u.pk for u in updates]))
    chosen_recommendations = list(
        visible_recommendations.filter(pk__in=[r.pk for r in recommendations])
    )
    for chosen, asked in (
        (len(chosen_exchanges), {e.pk for e in exchanges}),
        (len(chosen_practices), {p.pk for p in practices}),
        (len(chosen_updates), {u.pk for u in updates}),
        (len(chosen_recommendations), {r.pk for r in recommendations}),
    ):
        if chosen != len(asked):
            raise ResourceError(_("Choose only from the lists shown."))
    before = _link_keys(resource)
    # Links to things the editor may not see are kept as they are.
    resource.exchanges.set(
        [*resource.exchanges.exclude(pk__in=visible_exchanges.values("pk")), *chosen_exchanges]
    )
    resource.practices.set(
        [*resource.practices.exclude(pk__in=visible_practices.values("pk")), *chosen_practices]
    )
    resource.updates.set(
        [*resource.updates.exclude(pk__in=visible_updates.values("pk")), *chosen_updates]
    )
    resource.recommendations.set(
        [
            *resource.recommendations.exclude(pk__in=visible_recommendations.values("pk")),
            *chosen_recommendations,
        ]
    )
    after = _link_keys(resource)
    audit.record(
        by,
        "resource.linked",
        resource,
        slug=resource.slug,
        added=sorted(after - before),
        removed=sorted(before - after),
    )
    search.refresh(resource)
    return resource


def _link_keys(resource: Resource) -> set[str]:
    """The links as public ids, for the audit log."""
    return {
        *(f"exchange:{slug}" for slug in resource.exchanges.values_list("slug", flat=True)),
        *(f"practice:{key}" for key in resource.practices.values_list("external_id", flat=True)),
        *(f"update:{slug}" for slug in resource.updates.values_list("slug", flat=True)),
        *(
            f"recommendation:{uuid}"
            for uuid in resource.recommendations.values_list("uuid", flat=True)
        ),
    }


@transaction.atomic
def translate_item(
    item: Update | Resource, *, by: User, language: str, title: str, text: str
) -> Update | Resource:
    """An editor's translation of an update or a resource, kept with the item and searchable in
    its language."""
    item.translations = {**item.translations, language: {"title": title, "text": text}}
    item.save(update_fields=["translations"])
    if isinstance(item, Update):
        UpdateEvent.objects.create(
            update=item, actor=by, action=UpdateEvent.Action.TRANSLATED, comment=language
        )
        _reindex_update(item)
        audit.record(by, "update.translated", item, language=language)
    else:
        if item.consent_withdrawn_at is None:
            search.index([search.resource_entry(item)])
        audit.record(by, "resource.translated", item, language=language)
    return item


class EditorialError(Exception):
    """A step the editorial workflow does not allow; the message says why."""


# Updates -----------------------------------------------------------------------------------


RESERVED_UPDATE_SLUGS = {"new", "drafts"}


def _reindex_update(update: Update) -> None:
    """A published update is found as its community's visibility allows; a draft by nobody."""
    if update.is_published:
        search.index([search.update_entry(update)])
    else:
        search.remove("update", update.slug)


def _check_update(
    by: User, community: Community | None, kind: str, signatories: list[Organisation]
) -> None:
    if not access.can_write_update(by, community):
        raise EditorialError(
            _("You may write updates only for the communities you facilitate.")
            if community is not None
            else _("Only the editors write updates for the whole network.")
        )
    if kind == UpdateKind.STATEMENT and not signatories:
        raise EditorialError(_("A statement needs at least one organisation that signed it."))


def _set_update_links(
    update: Update,
    countries: list[Country],
    concepts: list[Concept],
    signatories: list[Organisation],
) -> None:
    update.countries.set(countries)
    update.concepts.set(concepts)
    # Only a statement is signed; news keeps no signatories.
    update.signatories.set(signatories if update.kind == UpdateKind.STATEMENT else [])


@transaction.atomic
def create_update(
    *,
    by: User,
    community: Community | None,
    countries: list[Country],
    concepts: list[Concept],
    signatories: list[Organisation],
    **fields: Any,
) -> Update:
    """A new update, a draft until it is published; for a community its writer may write for."""
    _check_update(by, community, fields.get("kind", UpdateKind.NEWS), signatories)
    # The address is made of the title; never one of the updates pages' own ("new", "drafts").
    title = fields["title"]
    if slugify(title) in RESERVED_UPDATE_SLUGS:
        title = f"{title} update"
    update = Update.objects.create(
        slug=unique_slug(Update.objects.all(), title, fallback="update"),
        community=community,
        is_published=False,
        created_by=by,
        **fields,
    )
    _set_update_links(update, countries, concepts, signatories)
    UpdateEvent.objects.create(update=update, actor=by, action=UpdateEvent.Action.CREATED)
    _reindex_update(update)
    audit.record(by, "update.created", update, community=community.slug if community else None)
    return update


@transaction.atomic
def edit_update(
    update: Update,
    *,
    by: User,
    community: Community | None,
    countries: list[Country],
    concepts: list[Concept],
    signatories: list[Organisation],
    **fields: Any,
) -> Update:
    """New texts and links; the address stays. Moved to another community only by who may
    write for both."""
    if not access.updates_editable_by(by).filter(pk=update.pk).exists():
        raise EditorialError(_("Only the editors and the community's facilitators can do this."))
    _check_update(by, community, fields.get("kind", update.kind), signatories)
    update = Update.objects.select_for_update().get(pk=update.pk)
    for name, value in fields.items():
        setattr(update, name, value)
    update.community = community
    update.updated_at = timezone.now()
    update.save()
    _set_update_links(update, countries, concepts, signatories)
    UpdateEvent.objects.create(update=update, actor=by, action=UpdateEvent.Action.EDITED)
    _reindex_update(update)
    audit.record(by, "update.edited", update)
    return update


@transaction.atomic
def publish_update(update: Update, *, by: User, publish: bool) -> Update:
    """Published (dated today if it had no date), or taken back to the drafts."""
    if not access.updates_editable_by(by).filter(pk=update.pk).exists():
        raise EditorialError(_("Only the editors and the community's facilitators can do this."))
    update = Update.objects.select_for_update().get(pk=update.pk)
    if update.is_published == publish:
        raise EditorialError(
            _("This update is published already.")
            if publish
            else _("This update is not published.")
        )
    if publish and update.kind == UpdateKind.STATEMENT and not update.signatories.exists():
        raise EditorialError(_("A statement needs at least one organisation that signed it."))
    update.is_published = publish
    fields = ["is_published", "updated_at"]
    if publish and update.published_on is None:
        update.published_on = timezone.localdate()
        fields.append("published_on")
    update.updated_at = timezone.now()
    update.save(update_fields=fields)
    action = UpdateEvent.Action.PUBLISHED if publish else UpdateEvent.Action.UNPUBLISHED
    UpdateEvent.objects.create(update=update, actor=by, action=action)
    _reindex_update(update)
    audit.record(by, f"update.{action}", update)
    if publish:
        derived.announce(Kind.NEW_UPDATE, update, by=by)
    return update


def item_changed(
    item: Practice | Update, *, by: User | None = None, publishing: bool = False
) -> None:
    """An update or a practice saved outside these actions (the admin): who finds it follows
    what it is now; a practice's countries and topics are what suggestions are made of.
    `publishing`: the save may have published it (a new item, or its status changed): if it
    is published now, its followers are told."""
    search.refresh(item)
    if isinstance(item, Practice):
        derived.schedule_suggestions_refresh()
    if publishing and isinstance(item, Practice) and item.status == EditorialStatus.PUBLISHED:
        derived.announce(Kind.NEW_PRACTICE, item, by=by)
    if publishing and isinstance(item, Update) and item.is_published:
        derived.announce(Kind.NEW_UPDATE, item, by=by)


def _reindex(practice: Practice) -> None:
    """The practice, and the lessons written from it: who finds them follows its status."""
    lessons = practice.lessons.prefetch_related("countries", "concepts")
    search.index([search.practice_entry(practice), *map(search.lesson_entry, lessons)])


@transaction.atomic
def create_practice(
    *,
    by: User,
    countries: list[Any],
    organisations: list[Any] | None = None,
    concepts: list[Any] | None = None,
    **fields: Any,
) -> Practice:
    fields.setdefault("external_id", _practice_id(countries, fields["title"]))
    practice = Practice.objects.create(status=EditorialStatus.DRAFT, created_by=by, **fields)
    practice.countries.set(countries)
    practice.organisations.set(organisations or [])
    practice.concepts.set(concepts or [])
    PracticeEvent.objects.create(practice=practice, actor=by, action=PracticeEvent.Action.CREATED)
    _reindex(practice)
    audit.record(by, "practice.created", practice)
    return practice


def _practice_id(countries: list[Any], title: str) -> str:
    """An external id in the exchange format's shape: the country code, then the title."""
    prefix = f"{countries[0].code.lower()}-" if countries else "xx-"
    return unique_slug(
        Practice.objects.all(),
        title,
        field="external_id",
        prefix=prefix,
        fallback="practice",
        length=90,
    )


@transaction.atomic
def edit_practice(
    practice: Practice,
    *,
    by: User,
    countries: list[Any],
    organisations: list[Any] | None = None,
    concepts: list[Any] | None = None,
    **fields: Any,
) -> Practice:
    for name, value in fields.items():
        setattr(practice, name, value)
    practice.updated_at = timezone.now()
    practice.save()
    practice.countries.set(countries)
    # A lesson written from the practice carries its countries and region: they follow it.
    for lesson in practice.lessons.all():
        lesson.countries.set(countries)
    practice.lessons.update(region=practice.region)
    if organisations is not None:
        practice.organisations.set(organisations)
    if concepts is not None:
        practice.concepts.set(concepts)
    PracticeEvent.objects.create(practice=practice, actor=by, action=PracticeEvent.Action.EDITED)
    _reindex(practice)
    return practice


@transaction.atomic
def submit_practice(practice: Practice, *, by: User, comment: str = "") -> Practice:
    """A draft goes to the editors' queue; never without a source (a draft written before the
    form required them is refused here too)."""
    if practice.status != EditorialStatus.DRAFT:
        raise EditorialError(_("Only a draft can be submitted for review."))
    if not any(isinstance(s, dict) and s.get("url") for s in practice.sources or []):
        raise EditorialError(
            _(
                "Add at least one source (a report, a law, an article: where the practice is "
                "described) before submitting it for review."
            )
        )
    practice.status = EditorialStatus.IN_REVIEW
    practice.save(update_fields=["status"])
    PracticeEvent.objects.create(
        practice=practice, actor=by, action=PracticeEvent.Action.SUBMITTED, comment=comment.strip()
    )
    audit.record(by, "practice.submitted", practice)
    return practice


@transaction.atomic
def review_practice(practice: Practice, *, by: User, approve: bool, comment: str = "") -> Practice:
    """A reviewer who neither wrote nor submitted it publishes it (with its attached drafts),
    or returns it with a comment; the author is told by e-mail, in their language."""
    if practice.status != EditorialStatus.IN_REVIEW:
        raise EditorialError(_("This practice is not waiting for review."))
    if by.pk in access.practice_submitters(practice):
        raise EditorialError(_("Someone other than the author must review it."))
    if not approve and not comment.strip():
        raise EditorialError(_("Tell the author what to change."))
    practice.status = EditorialStatus.PUBLISHED if approve else EditorialStatus.DRAFT
    practice.save(update_fields=["status"])
    action = PracticeEvent.Action.APPROVED if approve else PracticeEvent.Action.RETURNED
    event = PracticeEvent.objects.create(
        practice=practice, actor=by, action=action, comment=comment.strip()
    )
    _reindex(practice)
    audit.record(by, f"practice.{action}", practice)
    if approve:
        _publish_attachments(practice, by=by)
        derived.schedule_suggestions_refresh()  # a country with a practice on a topic is a peer
        derived.announce(Kind.NEW_PRACTICE, practice, by=by)
    if practice.created_by is not None and practice.created_by_id != by.pk:
        context = {
            "practice": practice,
            "event": event,
            "url": f"{settings.SITE_URL}{practice.get_absolute_url()}",
        }
        if approve:
            send_templated_email("knowledge/email/practice_approved", practice.created_by, context)
        else:
            # Through the author's notification choices: at once, in a digest, or on the
            # platform only.
            derived.notify(
                Kind.PRACTICE_RETURNED,
                practice,
                [practice.created_by],
                email="knowledge/email/practice_returned",
                email_context=context,
                again=True,
            )
    return practice


def _publish_attachments(practice: Practice, *, by: User) -> None:
    """The documents attached to the practice while it was a draft are published with it."""
    # A testimony whose consent was withdrawn is never published again (`publish_resource`).
    drafts = list(
        practice.resources.filter(status=EditorialStatus.DRAFT, consent_withdrawn_at__isnull=True)
    )
    if not drafts:
        return
    now = timezone.now()
    for resource in drafts:
        resource.status, resource.updated_at = EditorialStatus.PUBLISHED, now
        resource.save(update_fields=["status", "updated_at"])
        audit.record(by, "resource.published", resource, practice=practice.external_id)
    search.index([search.resource_entry(resource) for resource in drafts])


@transaction.atomic
def attach_to_practice(
    practice: Practice, *, by: User, upload: UploadedFile | None = None, **fields: Any
) -> Resource:
    """A document behind the practice (a file or a link), through the resource rules: a draft
    while the practice is not published, seen by its author and the editors only."""
    status = (
        EditorialStatus.PUBLISHED
        if practice.status == EditorialStatus.PUBLISHED
        else EditorialStatus.DRAFT
    )
    resource = create_resource(by=by, upload=upload, status=status, created_by=by, **fields)
    resource.practices.add(practice)
    audit.record(by, "practice.attached", practice, resource=resource.slug)
    return resource


@transaction.atomic
def translate_practice(
    practice: Practice, *, by: User, language: str, title: str, summary: str
) -> PracticeTranslation:
    translation, _created = PracticeTranslation.objects.update_or_create(
        practice=practice, language=language, defaults={"title": title, "summary": summary}
    )
    PracticeEvent.objects.create(
        practice=practice, actor=by, action=PracticeEvent.Action.TRANSLATED, comment=language
    )
    _reindex(practice)
    return translation


# The thesaurus ------------------------------------------------------------------------------


class ThesaurusError(Exception):
    """A change the thesaurus does not allow; `field` names the form field it is about."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _check_broader(concept: Concept, broader: Concept | None) -> None:
    """A concept cannot be its own broader concept, nor narrower than one of its narrower ones."""
    if broader is None:
        return
    if concept.pk is not None and broader.pk == concept.pk:
        raise ThesaurusError(_("A concept cannot be its own broader concept."), field="broader")
    language = translation.get_language() or "en"
    seen: set[int] = set()
    step: Concept | None = broader
    while step is not None and step.pk not in seen:
        seen.add(step.pk)
        if concept.pk is not None and step.broader_id == concept.pk:
            raise ThesaurusError(
                _(
                    "“%(broader)s” is narrower than “%(concept)s” already: making it the "
                    "broader concept would make a loop."
                )
                % {"broader": broader.label(language), "concept": concept.label(language)},
                field="broader",
            )
        step = step.broader


def _check_labels(concept: Concept, labels: dict[str, str]) -> None:
    """Two concepts with the same preferred label in one language could not be told apart."""
    if not labels.get("en", "").strip():
        raise ThesaurusError(_("Give the concept an English label."), field="label_en")
    others = Concept.objects.exclude(pk=concept.pk) if concept.pk else Concept.objects.all()
    for other in others:
        for language, text in labels.items():
            if text and other.labels.get(language, "").casefold() == text.casefold():
                raise ThesaurusError(
                    _("Another concept (“%(other)s”) already has this label.")
                    % {"other": other.slug},
                    field=f"label_{language}",
                )


def _thesaurus_changed(document_ids: set[int]) -> None:
    """Everything a thesaurus change causes: the cached labels and relations are cleared in
    this process now and again after commit (other processes' search sees the change through
    the shared cache), and the documents concerned are re-tagged in the background (what
    `manage.py reindex` does, for them only)."""
    from peerlearning.knowledge.tasks import retag_documents

    def forget() -> None:
        search.forget_thesaurus()
        derived.forget_support_thesaurus()

    def committed() -> None:
        forget()
        search.thesaurus_changed()  # the other processes' search sees it within seconds

    forget()
    transaction.on_commit(committed)
    ids = sorted(document_ids)
    if ids:
        transaction.on_commit(lambda: retag_documents.enqueue(ids))
    # Requests and offers are read through the labels; the suggestions follow their reading.
    derived.schedule_support_reread()


@transaction.atomic
def create_concept(
    *,
    by: User,
    labels: dict[str, str],
    synonyms: dict[str, list[str]],
    broader: Concept | None,
    slug: str = "",
) -> Concept:
    concept = Concept(
        slug=unique_slug(Concept.objects.all(), slug or labels.get("en", ""), fallback="concept"),
        labels={language: text for language, text in labels.items() if text},
        synonyms={language: texts for language, texts in synonyms.items() if texts},
        broader=broader,
    )
    _check_labels(concept, concept.labels)
    concept.save()
    audit.record(
        by,
        "concept.created",
        concept,
        slug=concept.slug,
        labels=concept.labels,
        synonyms=concept.synonyms,
        broader=broader.slug if broader else None,
    )
    _thesaurus_changed(search.documents_concerned(concept))
    return concept


@transaction.atomic
def edit_concept(
    concept: Concept,
    *,
    by: User,
    labels: dict[str, str],
    synonyms: dict[str, list[str]],
    broader: Concept | None,
) -> Concept:
    """New labels, synonyms or broader concept; the address name stays (it is the concept's
    SKOS identifier and its search word). A language not given is kept as it is: the editor's
    form carries the interface languages, while the thesaurus also holds synonyms read in
    others (Portuguese)."""
    concept = Concept.objects.select_for_update().get(pk=concept.pk)
    labels = {
        **{language: text for language, text in concept.labels.items() if language not in labels},
        **{language: text for language, text in labels.items() if text},
    }
    synonyms = {
        **{
            language: texts
            for language, texts in concept.synonyms.items()
            if language not in synonyms
        },
        **{language: texts for language, texts in synonyms.items() if texts},
    }
    _check_labels(concept, labels)
    _check_broader(concept, broader)
    before = {
        "labels": concept.labels,
        "synonyms": concept.synonyms,
        "broader": concept.broader.slug if concept.broader else None,
    }
    concept.labels, concept.synonyms, concept.broader = labels, synonyms, broader
    concept.save(update_fields=["labels", "synonyms", "broader"])
    after = {"labels": labels, "synonyms": synonyms, "broader": broader.slug if broader else None}
    changed = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    audit.record(by, "concept.edited", concept, slug=concept.slug, changes=changed)
    # Documents tagged through the old labels carry the concept's word: they are among those.
    _thesaurus_changed(search.documents_concerned(concept))
    return concept


@transaction.atomic
def delete_concept(concept: Concept, *, by: User) -> None:
    """Only a concept nothing uses goes; otherwise the error says what uses it."""
    from peerlearning.knowledge import thesaurus

    concept = Concept.objects.select_for_update().get(pk=concept.pk)
    used = thesaurus.uses(concept)
    if used:
        raise ThesaurusError(" ".join([_("This concept is in use:"), *used]))
    documents = search.documents_concerned(concept)
    audit.record(
        by,
        "concept.deleted",
        concept,
        slug=concept.slug,
        labels=concept.labels,
        synonyms=concept.synonyms,
        broader=concept.broader.slug if concept.broader else None,
    )
    concept.delete()
    _thesaurus_changed(documents)


# Lessons (issue 17) ----------------------------------------------------------------------------


class LessonError(Exception):
    """A lesson that cannot be made as asked; the message says why."""


def _index_lessons(lessons: list[Lesson]) -> None:
    search.index(search.lesson_entry(lesson) for lesson in lessons)


@transaction.atomic
def lessons_from_outcomes(
    exchange: Exchange,
    *,
    by: User,
    outcomes: list[str],
    region: str,
    concepts: list[Concept],
) -> list[Lesson]:
    """One lesson for each chosen key learning of the exchange: its text, in the report's
    language, with the region and concepts chosen. Never the countries, nor anything about who
    said it (the Chatham House rule): a lesson of an exchange carries the region only. A chosen
    outcome that is not a key learning of this exchange refuses the whole; one already made
    into a lesson is left as it is."""
    wanted = {str(value) for value in outcomes if str(value).strip()}
    if not wanted:
        raise LessonError(_("Choose at least one key learning."))
    found = list(
        Outcome.objects.select_for_update()
        .filter(exchange=exchange, kind=OutcomeKind.LEARNING, uuid__in=_uuids(wanted))
        .order_by("position", "pk")
    )
    if len(found) != len(wanted):
        raise LessonError(_("Only the key learnings of this exchange can be made into lessons."))
    done = set(Lesson.objects.filter(outcome__in=found).values_list("outcome_id", flat=True))
    made = []
    for outcome in found:
        if outcome.pk in done:
            continue
        lesson = Lesson.objects.create(
            text=outcome.text[:2000],
            exchange=exchange,
            outcome=outcome,
            language=exchange.language,
            position=outcome.position,
            region=region,
            created_by=by,
        )
        lesson.concepts.set(concepts)
        made.append(lesson)
        audit.record(
            by, "lesson.created", lesson, exchange=exchange.slug, outcome=str(outcome.uuid)
        )
    if not made:
        raise LessonError(_("These key learnings are lessons already."))
    _index_lessons(made)
    return made


def _uuids(values: set[str]) -> list[uuid.UUID]:
    """The values that are UUIDs; a forged value that is none counts as not found."""
    parsed = []
    for value in values:
        try:
            parsed.append(uuid.UUID(value))
        except ValueError:
            continue
    return parsed


@transaction.atomic
def lesson_from_practice(
    practice: Practice, *, by: User, text: str, language: str, concepts: list[Concept]
) -> Lesson:
    """An editor's lesson from a practice: the practice's countries and region."""
    lesson = Lesson.objects.create(
        text=text,
        practice=practice,
        language=language,
        region=practice.region,
        created_by=by,
        position=Lesson.objects.filter(practice=practice).count(),
    )
    lesson.countries.set(practice.countries.all())
    lesson.concepts.set(concepts)
    _index_lessons([lesson])
    audit.record(by, "lesson.created", lesson, practice=practice.external_id)
    return lesson


@transaction.atomic
def edit_lesson(
    lesson: Lesson,
    *,
    by: User,
    text: str,
    language: str,
    concepts: list[Concept],
    region: str | None = None,
) -> Lesson:
    """New text, language, concepts (and, for an exchange's lesson, region); its source, and so
    its countries, stay."""
    lesson.text, lesson.language = text, language
    fields = ["text", "language"]
    if region is not None and lesson.exchange_id is not None:
        lesson.region = region
        fields.append("region")
    lesson.save(update_fields=fields)
    lesson.concepts.set(concepts)
    _index_lessons([lesson])
    audit.record(by, "lesson.edited", lesson)
    return lesson


@transaction.atomic
def delete_lesson(lesson: Lesson, *, by: User) -> None:
    """Gone from the lessons page and from search at once; the key learning stays."""
    audit.record(by, "lesson.deleted", lesson, text=lesson.text[:200])
    key = str(lesson.uuid)
    lesson.delete()
    search.remove("lesson", key)
