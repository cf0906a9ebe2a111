"""Writes of monitoring and accountability: each is an action, with its audit line; views, the
API, the admin and the demo all call these."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peerlearning import access
from peerlearning.accounts import audit
from peerlearning.accounts.models import User
from peerlearning.exchanges.models import Exchange
from peerlearning.knowledge.models import Concept
from peerlearning.lib.slugs import unique_slug
from peerlearning.lib.web import is_web_address
from peerlearning.monitoring.models import (
    Body,
    Implementation,
    Recommendation,
    StatusChange,
    today,
)
from peerlearning.network.models import Country
from peerlearning.support.models import SupportRequest

# The sections below are filled by sub-domain; keep each section's actions inside it.


# Places of detention, monitoring visits and teams -----------------------------------------
# (section: places)


# End of section: places -------------------------------------------------------------------


# Incidents and the people they affected ---------------------------------------------------
# (section: incidents)


# End of section: incidents ----------------------------------------------------------------


# Recommendations and their implementation -------------------------------------------------
# (section: recommendations)


def source_problems(source_title: str, source_url: str) -> dict[str, str]:
    """What is missing from a source, by field (recommendations and status changes need one)."""
    problems: dict[str, str] = {}
    if not source_title.strip():
        problems["source_title"] = _("Give the title of the source: it needs its source.")
    if not source_url.strip():
        problems["source_url"] = _("Give the address of the source: it needs its source.")
    elif not is_web_address(source_url.strip()):
        problems["source_url"] = _("Give the source's web address, starting with https://.")
    return problems


def date_problems(date: datetime.date | None) -> dict[str, str]:
    if date is not None and date > today():
        return {"date": _("The date is in the future: give the date it happened.")}
    return {}


def grouping_problems(
    recommendation: Recommendation | None,
    same_as: Recommendation | None,
    country_id: str,
) -> dict[str, str]:
    """The same recommendation made by several bodies points to the first one made: one of the
    same country, not itself, and not one that others already point to."""
    if same_as is None:
        return {}
    if country_id and same_as.country_id != country_id:
        return {"same_as": _("That recommendation was made to another country.")}
    if recommendation is not None and recommendation.pk:
        if same_as.pk == recommendation.pk or same_as.same_as_id == recommendation.pk:
            return {"same_as": _("A recommendation cannot be the same as itself.")}
        if recommendation.repeated_by.exists():
            return {
                "same_as": _(
                    "Other recommendations are grouped under this one: it stays the first one."
                )
            }
    return {}


def _kept_hidden[T: (Exchange, SupportRequest)](
    current: Iterable[T], visible: Iterable[int]
) -> list[T]:
    shown = set(visible)
    return [item for item in current if item.pk not in shown]


@transaction.atomic
def save_recommendation(
    recommendation: Recommendation | None,
    *,
    by: User | None,
    body: Body,
    country: Country,
    authority: str,
    text: str,
    language: str,
    date: datetime.date,
    source_title: str,
    source_url: str,
    concepts: Iterable[Concept] = (),
    same_as: Recommendation | None = None,
    exchanges: Iterable[Exchange] = (),
    support_requests: Iterable[SupportRequest] = (),
) -> Recommendation:
    """Record a recommendation, or correct one. Its status is not written here: it follows
    its status changes (`change_status`). Links to exchanges and support requests that `by`
    may not see are kept as they are (`by` chooses among those it sees). Raises
    ValidationError (by field) and saves nothing when the source or the date is wrong."""
    if same_as is not None and same_as.same_as_id is not None:
        same_as = same_as.same_as
    problems = {
        **source_problems(source_title, source_url),
        **date_problems(date),
        **grouping_problems(recommendation, same_as, country.code),
    }
    if problems:
        raise ValidationError(problems)
    creating = recommendation is None
    if recommendation is None:
        recommendation = Recommendation(recorded_by=by)
    else:
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    recommendation.body = body
    recommendation.country = country
    recommendation.authority = authority.strip()
    recommendation.text = text.strip()
    recommendation.language = language
    recommendation.date = date
    recommendation.source_title = source_title.strip()
    recommendation.source_url = source_url.strip()
    recommendation.same_as = same_as
    recommendation.save()
    recommendation.concepts.set(list(concepts))
    exchanges, support_requests = list(exchanges), list(support_requests)
    if not creating and by is not None:
        exchanges += _kept_hidden(
            recommendation.exchanges.all(),
            access.exchanges_visible_to(Exchange.objects.all(), by).values_list("pk", flat=True),
        )
        support_requests += _kept_hidden(
            recommendation.support_requests.all(),
            access.support_requests_visible_to(SupportRequest.objects.all(), by).values_list(
                "pk", flat=True
            ),
        )
    recommendation.exchanges.set(exchanges)
    recommendation.support_requests.set(support_requests)
    audit.record(
        by,
        "recommendation.recorded" if creating else "recommendation.edited",
        recommendation,
        country=country.code,
        body=body.slug,
    )
    return recommendation


@transaction.atomic
def change_status(
    recommendation: Recommendation,
    *,
    by: User | None,
    status: str,
    date: datetime.date,
    source_title: str,
    source_url: str,
    note: str = "",
) -> StatusChange:
    """A step of a recommendation's implementation, with its date and source. The
    recommendation's status is its newest step's, by date: a step recorded late, dated before
    the newest, goes into the history without changing it. Raises ValidationError (by field)
    and saves nothing without a source, for a date in the future or an unknown status."""
    problems = {**source_problems(source_title, source_url), **date_problems(date)}
    if status not in Implementation.values:
        problems["status"] = _("Choose one of the statuses listed.")
    if problems:
        raise ValidationError(problems)
    # Two steps recorded at once: the row lock makes the second wait, then see the first.
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    change = StatusChange.objects.create(
        recommendation=recommendation,
        status=status,
        date=date,
        source_title=source_title.strip(),
        source_url=source_url.strip(),
        note=note.strip(),
        recorded_by=by,
    )
    newest = recommendation.status_changes.order_by("-date", "-pk").values_list("status", flat=True)
    current = newest.first() or status
    if recommendation.status != current:
        recommendation.status = current
        recommendation.save(update_fields=["status"])
    audit.record(
        by,
        "recommendation.status_changed",
        recommendation,
        status=status,
        date=date.isoformat(),
        current=current,
    )
    return change


@transaction.atomic
def create_body(*, by: User | None, name: str, kind: str) -> Body:
    """A body that makes recommendations (editors add them)."""
    body = Body.objects.create(
        slug=unique_slug(Body.objects.all(), name, fallback="body", length=100),
        name=name.strip(),
        kind=kind,
    )
    audit.record(by, "recommendation.body_created", body, name=body.name)
    return body


# End of section: recommendations ----------------------------------------------------------
