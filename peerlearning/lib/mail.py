"""E-mail: queued by reference after commit, rendered and sent by a background task.

A queued task is stored (with the database task backend, for days, and shown in the admin), so
its arguments hold only what names the rows to read — model labels and primary keys, the
recipient, a language code, a template name — never a rendered body, a link token or a
person's text. The task reads the rows again, renders in the recipient's language and sends;
anything secret (a one-time link) is created inside the task by a *builder*, a function named
by its dotted path that adds to the context (and may cancel the e-mail by returning None).
"""

import zoneinfo
from collections.abc import Callable, Mapping
from typing import Any

from django.apps import apps
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from peerlearning.lib.translations import platform_language

Builder = Callable[[dict[str, Any]], dict[str, Any] | None]
_SAFE_SCALARS = (bool, int, float, type(None))


def _reference(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"model": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, _SAFE_SCALARS):
        return value
    if isinstance(value, str) and len(value) <= 200 and not any(c.isspace() for c in value):
        # A code or a page's address, never a message or a name (those have spaces, and are read
        # from their row at sending). An address carrying a secret is made by a builder instead.
        return value
    raise TypeError(
        f"E-mail context values are rows or short codes; got {type(value).__name__}. "
        "Pass the row and read the text in the template or in a builder."
    )


def _dereference(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"model", "pk"}:
        model = apps.get_model(value["model"])
        return model._default_manager.filter(pk=value["pk"]).first()
    return value


def _recipient(user_id: int | None, address: str, language: str) -> tuple[str, str, Any] | None:
    """The address, the language and the person (None for a bare address) to write to."""
    if user_id is None:
        return address, platform_language(language), None
    from peerlearning.accounts.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    return user.email, platform_language(language or user.preferred_language), user


def recipient_zone(recipient: Any) -> zoneinfo.ZoneInfo | None:
    """The time zone a person chose in their profile, or None (none chosen, or not a zone)."""
    name = getattr(recipient, "time_zone", "") or ""
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def send_message(
    template_prefix: str,
    address: str,
    context: Mapping[str, Any],
    *,
    language: str,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Render `<prefix>_subject.txt` and `<prefix>_message.txt` in `language` and send now."""
    with translation.override(language):
        subject = render_to_string(f"{template_prefix}_subject.txt", dict(context))
        body = render_to_string(f"{template_prefix}_message.txt", dict(context))
    EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=body, to=[address], headers=dict(headers or {})
    ).send()


def _builders(builder: str | list[str]) -> list[str]:
    return [builder] if isinstance(builder, str) else list(builder)


@task()
def send_templated(
    template_prefix: str,
    context: dict[str, Any],
    user_id: int | None = None,
    address: str = "",
    language: str = "",
    builder: str | list[str] = "",
) -> None:
    """Read the referenced rows, let the builders add to them (in order; one returning None
    cancels the e-mail), render and send. A builder may add `email_headers` (a mapping of
    header to value, such as List-Unsubscribe). Returns nothing: a task's result is stored too."""
    recipient = _recipient(user_id, address, language)
    if recipient is None:
        return
    to, language, person = recipient
    values = {name: _dereference(value) for name, value in context.items()}
    if any(values[name] is None for name, value in context.items() if isinstance(value, dict)):
        return  # a row was deleted since: nothing left to tell
    values.setdefault("recipient", person)
    # Times are written in the recipient's own zone unless a template names another (an
    # exchange's times are given in the exchange's zone, and in this one when it differs).
    zone = recipient_zone(person) or timezone.get_default_timezone()
    with translation.override(language), timezone.override(zone):
        for path in _builders(builder):
            if not path:
                continue
            built = import_string(path)(values)
            if built is None:
                return
            values.update(built)
        headers = values.pop("email_headers", None)
        send_message(template_prefix, to, values, language=language, headers=headers)


def send_templated_email(
    template_prefix: str,
    to: Any,
    context: Mapping[str, Any],
    *,
    language: str = "",
    builder: str | list[str] = "",
) -> None:
    """Queue an e-mail to a person (a User: their address and language are read at sending) or
    to an address, once the surrounding transaction commits (never for a rolled-back change).

    `context` maps names to rows or short codes; `builder` is the dotted path of a function
    taking the read context and returning what to add (links with tokens, computed text), or a
    list of them applied in order."""
    references = {name: _reference(value) for name, value in context.items()}
    if isinstance(to, str):
        user_id, address = None, to
    else:
        user_id, address = to.pk, ""
    transaction.on_commit(
        lambda: send_templated.enqueue(
            template_prefix,
            references,
            user_id=user_id,
            address=address,
            language=language,
            builder=builder,
        )
    )
