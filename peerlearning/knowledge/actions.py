"""Writes to the knowledge base that have side effects (files, the search index, the audit log)."""

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerlearning.accounts import audit
from peerlearning.accounts.models import User
from peerlearning.knowledge import search
from peerlearning.knowledge.files import check
from peerlearning.knowledge.models import (
    EditorialStatus,
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


def _reindex(practice: Practice) -> None:
    search.index([search.practice_entry(practice)])


@transaction.atomic
def create_practice(
    *, by: User, countries: list[Any], organisations: list[Any] | None = None, **fields: Any
) -> Practice:
    fields.setdefault("external_id", _practice_id(countries, fields["title"]))
    practice = Practice.objects.create(status=EditorialStatus.DRAFT, created_by=by, **fields)
    practice.countries.set(countries)
    practice.organisations.set(organisations or [])
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
    **fields: Any,
) -> Practice:
    for name, value in fields.items():
        setattr(practice, name, value)
    practice.updated_at = timezone.now()
    practice.save()
    practice.countries.set(countries)
    if organisations is not None:
        practice.organisations.set(organisations)
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
    if submitted and submitted.actor_id == by.pk and not by.is_administrator:
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
        from peerlearning.support.suggestions import schedule_refresh

        schedule_refresh()  # a country with a practice on a topic is a peer to suggest
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
