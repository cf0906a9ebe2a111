"""Writes to the knowledge base that have side effects (files, the search index, the audit log)."""

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from peerlearning.accounts import audit
from peerlearning.accounts.models import User
from peerlearning.knowledge import search
from peerlearning.knowledge.files import check
from peerlearning.knowledge.models import Resource


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "resource"
    slug, number = base, 1
    while Resource.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def create_resource(*, by: User, upload: UploadedFile | None = None, **fields: Any) -> Resource:
    """Check the file (content type, size) before anything is saved; index its text."""
    checked = check(upload) if upload is not None else None
    resource = Resource(slug=_unique_slug(fields["title"]), **fields)
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
