"""How often each person hears by e-mail of each kind of notification: what they chose, else the
default for their persona.

Defaults: what concerns a person directly (an invitation, a registration, a match, a returned
practice, a follow-up action due) comes at once, whoever they are; what they follow comes in a
weekly digest for members, and in a daily one for those who facilitate (a community's
facilitators and co-leads, the platform's facilitators), who act on it."""

from collections.abc import Iterable

from django.db.models import Q

from peerlearning.access.roles import FACILITATING_ROLES
from peerlearning.accounts.models import User
from peerlearning.network.models import Membership
from peerlearning.notifications.models import DIRECT_KINDS, EmailChoice, Frequency, Kind


def default_frequency(kind: str, *, facilitates: bool) -> Frequency:
    if kind in DIRECT_KINDS:
        return Frequency.IMMEDIATELY
    return Frequency.DAILY if facilitates else Frequency.WEEKLY


def _facilitators(user_ids: Iterable[int]) -> set[int]:
    ids = list(user_ids)
    found: set[int] = set()
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        found.update(
            User.objects.filter(pk__in=chunk)
            .filter(
                Q(is_facilitator=True)
                | Q(pk__in=Membership.objects.filter(role__in=FACILITATING_ROLES).values("person"))
            )
            .values_list("pk", flat=True)
        )
    return found


def frequencies(user_ids: Iterable[int], kind: str) -> dict[int, Frequency]:
    """Each person's frequency for one kind, in two queries a chunk of 5,000 people."""
    ids = list(dict.fromkeys(user_ids))
    facilitators = _facilitators(ids)
    chosen: dict[int, str] = {}
    for start in range(0, len(ids), 5000):
        chosen.update(
            EmailChoice.objects.filter(
                user_id__in=ids[start : start + 5000], kind=kind
            ).values_list("user_id", "frequency")
        )
    return {
        pk: Frequency(chosen[pk])
        if pk in chosen
        else default_frequency(kind, facilitates=pk in facilitators)
        for pk in ids
    }


def frequency_for(user: User, kind: str) -> Frequency:
    return frequencies([user.pk], kind)[user.pk]


def choices_of(user: User) -> dict[str, Frequency]:
    """Every kind with the person's frequency, in the order of the preferences form."""
    facilitates = user.pk in _facilitators([user.pk])
    chosen = dict(EmailChoice.objects.filter(user=user).values_list("kind", "frequency"))
    return {
        kind: Frequency(chosen[kind])
        if kind in chosen
        else default_frequency(kind, facilitates=facilitates)
        for kind in Kind.values
    }
