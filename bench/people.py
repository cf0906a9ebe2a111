"""Accounts for the load benchmarks, made in a throwaway copy of the demo (with Django set up)."""

from typing import Any

PASSWORD = "bench-password"  # noqa: S105 - accounts of a throwaway copy of the demo


def make_people(
    prefix: str, count: int, community: Any, organisation: Any | None = None
) -> list[str]:
    """`count` signed-up members of `community` (<prefix>-NN@example.org, PASSWORD), each with
    a confirmed affiliation to `organisation` if given (a claim gives no right to register
    with it). Returns their addresses."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from peerlearning.accounts.models import User
    from peerlearning.network.models import Affiliation, Membership, Role

    hashed = make_password(PASSWORD)
    addresses = []
    for number in range(count):
        email = f"{prefix}-{number:02}@example.org"
        person = User.objects.create(
            email=email, display_name=f"{prefix.title()} {number}", password=hashed
        )
        EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
        Membership.objects.create(community=community, person=person, role=Role.MEMBER)
        if organisation is not None:
            Affiliation.objects.create(
                person=person, organisation=organisation, status=Affiliation.Status.CONFIRMED
            )
        addresses.append(email)
    return addresses
