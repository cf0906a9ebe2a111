"""Writes to the knowledge base that have side effects (files, the search index, the audit log)."""

import uuid
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from peerlearning import access, derived
from peerlearning.accounts import audit
from peerlearning.accounts.models import User
from peerlearning.exchanges.models import Exchange, Outcome, OutcomeKind
from peerlearning.knowledge import search
from peerlearning.knowledge.files import check
from peerlearning.knowledge.models import (
    Concept,
    EditorialStatus,
    Lesson,
    Practice,
    PracticeEvent,
    PracticeTranslation,
    Resource,
    Update,
)
from peerlearning.lib.slugs import unique_slug


@transaction.atomic
def create_resource(*, by: User, upload: UploadedFile | None = None, **fields: Any) -> Resource:
    """Check the file (content type, size) before anything is saved; index its text."""
    checked = check(upload) if upload is not None else None
    resource = Resource(
        slug=unique_slug(Resource.objects.all(), fields["title"], fallback="resource"), **fields
    )
    if upload is not None and checked is not None:
        resource.file_name = (upload.name or "")[:200]
        resource.content_type = checked.content_type
        resource.size = upload.size or 0
        resource.text = checked.text
        resource.file.save(str(resource.uuid), upload, save=False)
    resource.save()
    search.index([search.resource_entry(resource)])
    audit.record(by, "resource.created", resource)
    return resource


@transaction.atomic
def withdraw_consent(resource: Resource, *, by: User) -> Resource:
    """A testimony's giver withdrew consent: unpublished everywhere at once."""
    resource.consent_withdrawn_at = timezone.now()
    resource.save(update_fields=["consent_withdrawn_at"])
    search.remove("resource", resource.slug)
    audit.record(by, "resource.consent_withdrawn", resource)
    return resource


@transaction.atomic
def translate_item(
    item: Update | Resource, *, by: User, language: str, title: str, text: str
) -> Update | Resource:
    """An editor's translation of an update or a resource, kept with the item and searchable in
    its language."""
    item.translations = {**item.translations, language: {"title": title, "text": text}}
    item.save(update_fields=["translations"])
    if isinstance(item, Update):
        search.index([search.update_entry(item)])
        audit.record(by, "update.translated", item, language=language)
    else:
        if item.consent_withdrawn_at is None:
            search.index([search.resource_entry(item)])
        audit.record(by, "resource.translated", item, language=language)
    return item


class EditorialError(Exception):
    """A step the editorial workflow does not allow; the message says why."""


def item_changed(item: Practice | Update) -> None:
    """An update or a practice saved outside these actions (the admin): who finds it follows
    what it is now; a practice's countries and topics are what suggestions are made of."""
    search.refresh(item)
    if isinstance(item, Practice):
        derived.schedule_suggestions_refresh()


def _reindex(practice: Practice) -> None:
    search.index([search.practice_entry(practice)])


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
    if organisations is not None:
        practice.organisations.set(organisations)
    if concepts is not None:
        practice.concepts.set(concepts)
    PracticeEvent.objects.create(practice=practice, actor=by, action=PracticeEvent.Action.EDITED)
    _reindex(practice)
    return practice


@transaction.atomic
def submit_practice(practice: Practice, *, by: User, comment: str = "") -> Practice:
    if practice.status != EditorialStatus.DRAFT:
        raise EditorialError(_("Only a draft can be submitted for review."))
    practice.status = EditorialStatus.IN_REVIEW
    practice.save(update_fields=["status"])
    PracticeEvent.objects.create(
        practice=practice, actor=by, action=PracticeEvent.Action.SUBMITTED, comment=comment.strip()
    )
    return practice


@transaction.atomic
def review_practice(practice: Practice, *, by: User, approve: bool, comment: str = "") -> Practice:
    """A reviewer other than the one who submitted publishes, or returns it with a comment."""
    if practice.status != EditorialStatus.IN_REVIEW:
        raise EditorialError(_("This practice is not waiting for review."))
    submitted = practice.events.filter(action=PracticeEvent.Action.SUBMITTED).last()
    if submitted and submitted.actor_id == by.pk and not access.is_administrator(by):
        raise EditorialError(_("Someone other than the author must review it."))
    if not approve and not comment.strip():
        raise EditorialError(_("Tell the author what to change."))
    practice.status = EditorialStatus.PUBLISHED if approve else EditorialStatus.DRAFT
    practice.save(update_fields=["status"])
    action = PracticeEvent.Action.APPROVED if approve else PracticeEvent.Action.RETURNED
    PracticeEvent.objects.create(
        practice=practice, actor=by, action=action, comment=comment.strip()
    )
    _reindex(practice)
    audit.record(by, f"practice.{action}", practice)
    if approve:
        derived.schedule_suggestions_refresh()  # a country with a practice on a topic is a peer
    return practice


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
    derived.schedule_suggestions_refresh()  # suggestions are found through the concepts' labels


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
    SKOS identifier and its search word)."""
    concept = Concept.objects.select_for_update().get(pk=concept.pk)
    labels = {language: text for language, text in labels.items() if text}
    synonyms = {language: texts for language, texts in synonyms.items() if texts}
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
