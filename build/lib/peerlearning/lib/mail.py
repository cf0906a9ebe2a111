"""E-mail: rendered in the recipient's language, sent from a background task after commit."""

from collections.abc import Mapping
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation


@task()
def send_email(subject: str, body: str, to: list[str], html_body: str = "") -> None:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


def queue_email(subject: str, body: str, to: list[str], html_body: str = "") -> None:
    """Send once the surrounding transaction commits, never for a rolled-back change."""
    transaction.on_commit(
        lambda: send_email.enqueue(subject=subject, body=body, to=to, html_body=html_body)
    )


def send_templated_email(
    template_prefix: str, to: str, context: Mapping[str, Any], *, language: str = "en"
) -> None:
    """Render `<prefix>_subject.txt` and `<prefix>_message.txt` in `language`, then queue them."""
    with translation.override(language):
        subject = render_to_string(f"{template_prefix}_subject.txt", dict(context))
        body = render_to_string(f"{template_prefix}_message.txt", dict(context))
    queue_email(" ".join(subject.split()), body, [to])
