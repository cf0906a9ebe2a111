"""One row in every table that points to a person, for tests of the export and of retention.

Rows are made from the models themselves (every field that points to a person, found by
`fields_pointing_to_people`), so a new table about people gets a row here without a change."""

import itertools
import uuid
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from peerlearning.accounts.models import User
from peerlearning.accounts.retention import field_label, fields_pointing_to_people
from peerlearning.testing import make_user

_serial = itertools.count()


def _value(field: models.Field, *, fresh: bool = False) -> Any:
    if field.is_relation:
        related: type[models.Model] = field.related_model  # type: ignore[assignment]
        if related is User:  # someone else, new each time: rows stay unique per person
            return make_user(f"row{next(_serial)}@rows.example")
        made_here = isinstance(related._meta.pk, models.AutoField | models.BigAutoField)
        if field.one_to_one or (fresh and made_here):
            return make(related)
        return related._default_manager.order_by("pk").first() or make(related)
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.EmailField):
        return f"row{next(_serial)}@rows.example"
    if isinstance(field, models.URLField):
        return "https://example.org/"
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return timezone.localdate()
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return 1
    if isinstance(field, models.JSONField):
        return {}
    text = f"r{next(_serial)}-{uuid.uuid4().hex}"
    return text[: field.max_length] if field.max_length else text


def _values(model: type[models.Model], given: dict[str, Any], *, fresh: bool) -> dict[str, Any]:
    values = dict(given)
    if model._meta.label == "support.SupportOffer" and "expert" not in given:
        from peerlearning.network.models import Organisation  # an offer is someone's

        values.setdefault("organisation", Organisation.objects.order_by("pk").first())
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in values or field.attname in values:
            continue
        if field.null or field.has_default() or (field.blank and not field.is_relation):
            continue
        values[field.name] = _value(field, fresh=fresh)
    return values


def make(model: type[models.Model], **given: Any) -> models.Model:
    """A row with the fields given and a plain value in every other required field; its other
    parents shared with earlier rows, or made anew where its table allows one per pair."""
    try:
        with transaction.atomic():
            return model._default_manager.create(**_values(model, given, fresh=False))
    except IntegrityError:
        return model._default_manager.create(**_values(model, given, fresh=True))


def _extra(label: str) -> dict[str, Any]:
    """What a row must carry besides the person to satisfy its table's rules."""
    from peerlearning.network.models import Community

    if label == "terminology.Revision.author":
        from peerlearning.terminology.models import Revision

        return {"term": make(Revision._meta.get_field("term").related_model)}
    if label == "notifications.Follow.user":
        return {"community": Community.objects.order_by("pk").first()}
    if label == "mfa.Authenticator.user":
        return {"type": "recovery_codes", "data": {}}
    return {}


def give_rows(person: User) -> dict[str, models.Model]:
    """One row for each field pointing to a person, pointing to `person`; by field label."""
    rows: dict[str, models.Model] = {}
    for model, field in fields_pointing_to_people():
        label = field_label(model, field.name)
        if field.many_to_many:
            row = make(model)
            getattr(row, field.name).add(person)
        else:
            row = make(model, **{field.name: person}, **_extra(label))
        rows[label] = row
    return rows


def count_for(person: User) -> dict[str, int]:
    """How many rows of each field point to the person."""
    return {
        field_label(model, field.name): model._default_manager.filter(
            **{field.name: person}
        ).count()
        for model, field in fields_pointing_to_people()
    }
