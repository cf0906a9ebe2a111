"""What may be said about who took part (aggregates only) and the report drafted from outcomes."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import override

from peerlearning.access import SMALL_GROUP
from peerlearning.exchanges.models import (
    Contribution,
    Exchange,
    Moderation,
    Outcome,
    OutcomeKind,
    Registration,
    RegistrationStatus,
)
from peerlearning.network.models import Country, StakeholderType


def count_label(number: int) -> str:
    """An aggregate below five could single people out: it is said as "fewer than 5"."""
    if number == 0:
        return "0"
    if number < SMALL_GROUP:
        return _("fewer than 5")
    return str(number)


@dataclass(frozen=True)
class Participation:
    people: str
    governments: str
    organisations: str
    regions: str
    stakeholder_types: list[tuple[str, str]]


def participation(exchange: Exchange) -> Participation:
    registered = Registration.objects.filter(
        exchange=exchange, status=RegistrationStatus.REGISTERED
    )
    organisations = list(
        {r.delegation.organisation for r in registered.select_related("delegation__organisation")}
    )
    codes = Country.objects.filter(organisation__in=organisations).values_list(
        "programme_region", flat=True
    )
    regions = {code for code in codes if code}
    kinds: dict[str, int] = {}
    for organisation in organisations:
        kinds[organisation.stakeholder_type] = kinds.get(organisation.stakeholder_type, 0) + 1
    return Participation(
        people=count_label(registered.count()),
        governments=count_label(
            sum(1 for o in organisations if o.stakeholder_type == StakeholderType.GOVERNMENT)
        ),
        organisations=count_label(len(organisations)),
        regions=count_label(len(regions)),
        stakeholder_types=[
            (str(StakeholderType(kind).label), count_label(number))
            for kind, number in sorted(kinds.items())
        ],
    )


def draft_body(exchange: Exchange) -> str:
    """A first draft from the outcomes, in the exchange's language, for facilitators to edit."""
    outcomes = list(Outcome.objects.filter(exchange=exchange).select_related("owner"))
    with override(exchange.language):
        sections = []
        for kind, label in OutcomeKind.choices:
            items = [o for o in outcomes if o.kind == kind]
            if not items:
                continue
            lines = [str(label)]
            for outcome in items:
                line = f"• {outcome.text}"
                if kind == OutcomeKind.FOLLOW_UP and outcome.owner:
                    line += f" ({outcome.owner.display_name}"
                    line += f", {outcome.due_on:%Y-%m-%d})" if outcome.due_on else ")"
                lines.append(line)
            sections.append("\n".join(lines))
        return "\n\n".join(sections)


def moderated_contributions(exchanges: Iterable[Exchange]) -> dict[int, list[Contribution]]:
    """The redacted or hidden contributions of several exchanges, by exchange, in one query
    (for `without_moderated_text` over a list of reports: a feed)."""
    found: dict[int, list[Contribution]] = defaultdict(list)
    for contribution in Contribution.objects.filter(
        exchange__in=[exchange.pk for exchange in exchanges]
    ).exclude(moderation=Moderation.NONE):
        found[contribution.exchange_id].append(contribution)
    return found


def without_moderated_text(
    exchange: Exchange, text: str, moderated: Iterable[Contribution] | None = None
) -> str:
    """A report's text as published: wherever it quotes a contribution the facilitators have
    since redacted or hidden, the quote reads as redacted (on the page, in the PDF, in the API,
    in the feeds). `moderated`: the exchange's, when already read (`moderated_contributions`)."""
    if moderated is None:
        moderated = Contribution.objects.filter(exchange=exchange).exclude(
            moderation=Moderation.NONE
        )
    for contribution in moderated:
        original = contribution.text.strip()
        if original and original in text:
            text = text.replace(original, contribution.shown_text)
    return text
